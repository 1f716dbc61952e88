// Tests the export download against a fake fetch: the request, file names from
// Content-Disposition (Chinese included), host errors as HostError, progress while the body
// streams, and the desktop shell's export_map command.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  desktopShell,
  downloadExport,
  EXPORT_FORMATS,
  type ExportProgress,
  fileNameFromDisposition,
  PAPERS,
  saveWithDesktop,
  type TauriInternals,
} from "./export";
import { HostError } from "./http";

const ep = { base: "http://127.0.0.1:9", token: "tok" };

describe("the formats offered", () => {
  it("are the host's, in its order", () => {
    const hostExport = readFileSync(join(__dirname, "../../../crates/host/src/export.rs"), "utf8");
    const listed = /pub const FORMATS: &\[&str\] = &\[([^\]]*)\]/.exec(hostExport)?.[1] ?? "";
    const formats = [...listed.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(formats.length).toBeGreaterThan(3);
    expect(EXPORT_FORMATS).toEqual(formats);
  });

  it("offer the report's papers, in its order", () => {
    const report = readFileSync(join(__dirname, "../../../crates/report/src/pdf/mod.rs"), "utf8");
    const listed = /pub const ALL: \[\(Paper, &'static str\); \d+\] = \[([^;]*)\];/.exec(
      report,
    )?.[1];
    const papers = [...(listed ?? "").matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(papers.length).toBe(6);
    expect([...PAPERS]).toEqual(papers);
  });
});

interface Seen {
  url: string;
  headers: Record<string, string>;
}

function fakeFetch(answer: () => Response | Promise<Response>) {
  const seen: Seen[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      seen.push({ url, headers: init.headers as Record<string, string> });
      return answer();
    }),
  );
  return seen;
}

/** A body that arrives in the given chunks. */
function streamed(chunks: Uint8Array[], headers: Record<string, string>, status = 200): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });
  return new Response(body, { status, headers });
}

async function failure(p: Promise<unknown>): Promise<HostError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HostError) return e;
    throw e;
  }
  throw new Error("expected a HostError");
}

afterEach(() => vi.unstubAllGlobals());

describe("fileNameFromDisposition", () => {
  it("prefers filename* and decodes UTF-8 (Chinese)", () => {
    const title = "客户旅程.pdf";
    const header = `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent(title)}`;
    expect(fileNameFromDisposition(header, "map.pdf")).toBe("客户旅程.pdf");
  });

  it("decodes Traditional Chinese and keeps the case-insensitive charset", () => {
    const header = `attachment; FILENAME*=utf-8''${encodeURIComponent("顧客旅程地圖.csv")}`;
    expect(fileNameFromDisposition(header, "map.csv")).toBe("顧客旅程地圖.csv");
  });

  it("falls back to the quoted filename, then to the default", () => {
    expect(fileNameFromDisposition('attachment; filename="Journey_1.pdf"', "map.pdf")).toBe(
      "Journey_1.pdf",
    );
    expect(fileNameFromDisposition("attachment; filename=plain.csv", "map.csv")).toBe("plain.csv");
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''%E5%ZZ", "map.pdf")).toBe(
      "map.pdf",
    );
    expect(fileNameFromDisposition("attachment", "map.csv")).toBe("map.csv");
    expect(fileNameFromDisposition(null, "map.pdf")).toBe("map.pdf");
  });

  it("never returns a path", () => {
    const header = `attachment; filename*=UTF-8''${encodeURIComponent("../../etc/旅程.pdf")}`;
    expect(fileNameFromDisposition(header, "map.pdf")).toBe("旅程.pdf");
  });
});

describe("downloadExport", () => {
  it("asks for the PDF on the chosen paper with the token and returns the decoded name", async () => {
    const seen = fakeFetch(() =>
      streamed([new TextEncoder().encode("%PDF-1.7\n")], {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="map.pdf"; filename*=UTF-8''${encodeURIComponent("售后旅程.pdf")}`,
      }),
    );
    const file = await downloadExport(ep, "m 1", "pdf", "a3-landscape");
    expect(seen[0]?.url).toBe(
      "http://127.0.0.1:9/api/maps/m%201/export?format=pdf&paper=a3-landscape",
    );
    expect(seen[0]?.headers.Authorization).toBe("Bearer tok");
    expect(file.fileName).toBe("售后旅程.pdf");
    expect(file.blob.type).toBe("application/pdf");
    expect(await file.blob.text()).toBe("%PDF-1.7\n");
  });

  it("asks for the CSV without a paper and falls back to map.csv", async () => {
    const seen = fakeFetch(() =>
      streamed([new TextEncoder().encode("\uFEFFstage,lane\n")], { "Content-Type": "text/csv" }),
    );
    const file = await downloadExport(ep, "m1", "csv", "a4-landscape");
    expect(seen[0]?.url).toBe("http://127.0.0.1:9/api/maps/m1/export?format=csv");
    expect(file.fileName).toBe("map.csv");
  });

  it("reports the bytes received after each chunk, with the Content-Length as total", async () => {
    fakeFetch(() =>
      streamed([new Uint8Array(3), new Uint8Array(5), new Uint8Array(2)], {
        "Content-Type": "application/pdf",
        "Content-Length": "10",
      }),
    );
    const calls: ExportProgress[] = [];
    const file = await downloadExport(ep, "m1", "pdf", "a4-portrait", (p) => calls.push(p));
    expect(calls).toEqual([
      { received: 0, total: 10 },
      { received: 3, total: 10 },
      { received: 8, total: 10 },
      { received: 10, total: 10 },
    ]);
    expect(file.blob.size).toBe(10);
  });

  it("reports an unknown total when there is no Content-Length", async () => {
    fakeFetch(() => streamed([new Uint8Array(4)], { "Content-Type": "text/csv" }));
    const calls: ExportProgress[] = [];
    await downloadExport(ep, "m1", "csv", "a4-portrait", (p) => calls.push(p));
    expect(calls.at(-1)).toEqual({ received: 4, total: null });
  });

  it("turns a host error into HostError with its code, message and status", async () => {
    fakeFetch(
      () =>
        new Response(JSON.stringify({ code: "bad_request", message: "unknown paper" }), {
          status: 400,
          headers: { "Content-Type": "application/json" },
        }),
    );
    const e = await failure(downloadExport(ep, "m1", "pdf", "a4-landscape"));
    expect(e.code).toBe("bad_request");
    expect(e.message).toBe("unknown paper");
    expect(e.status).toBe(400);
  });

  it("names a non-JSON failure after its status", async () => {
    fakeFetch(() => new Response("oops", { status: 502, statusText: "Bad Gateway" }));
    const e = await failure(downloadExport(ep, "m1", "csv", "a4-landscape"));
    expect(e.code).toBe("http_502");
    expect(e.status).toBe(502);
  });

  it("turns a network failure into HostError code network", async () => {
    fakeFetch(() => Promise.reject(new TypeError("Failed to fetch")));
    const e = await failure(downloadExport(ep, "m1", "csv", "a4-landscape"));
    expect(e.code).toBe("network");
    expect(e.status).toBe(0);
  });

  it("rejects an HTML page instead of saving it as a report", async () => {
    fakeFetch(() => new Response("<html></html>", { headers: { "Content-Type": "text/html" } }));
    const e = await failure(downloadExport(ep, "m1", "pdf", "a4-landscape"));
    expect(e.code).toBe("not_an_export");
  });
});

describe("desktop shell", () => {
  it("is found only when the window carries __TAURI_INTERNALS__", () => {
    expect(desktopShell(window)).toBeNull();
    const shell: TauriInternals = { invoke: async () => null };
    const win = { __TAURI_INTERNALS__: shell } as unknown as Window;
    expect(desktopShell(win)).toBe(shell);
  });

  it("calls export_map and returns the saved path, or null when cancelled", async () => {
    const invoke = vi.fn(
      async (_cmd: string, _args?: Record<string, unknown>): Promise<unknown> => {
        return "/home/u/旅程.pdf";
      },
    );
    expect(await saveWithDesktop({ invoke }, "m1", "pdf", "a3-portrait")).toBe("/home/u/旅程.pdf");
    expect(invoke).toHaveBeenCalledWith("export_map", {
      mapId: "m1",
      format: "pdf",
      paper: "a3-portrait",
    });
    invoke.mockResolvedValueOnce(null);
    expect(await saveWithDesktop({ invoke }, "m1", "csv", "a4-landscape")).toBeNull();
  });

  it("turns a rejection with {code, message} into HostError", async () => {
    const invoke = async () => Promise.reject({ code: "io", message: "disk full" });
    const e = await failure(saveWithDesktop({ invoke }, "m1", "pdf", "a4-landscape"));
    expect(e.code).toBe("io");
    expect(e.message).toBe("disk full");
    const plain = async () => Promise.reject("no such command");
    const e2 = await failure(saveWithDesktop({ invoke: plain }, "m1", "pdf", "a4-landscape"));
    expect(e2.code).toBe("desktop");
    expect(e2.message).toBe("no such command");
  });
});
