// Tests the HTTP client's new calls against a fake fetch: paths, methods, bodies and headers, and
// how failures (host errors, non-JSON answers, network errors) become HostError; and a project's
// bundle download with its file name from Content-Disposition; and the diagnostics for a bug report.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Diagnostics } from "../wire/Diagnostics";
import { HostApi, HostError } from "./http";

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: BodyInit | null | undefined;
}

function fakeFetch(answer: () => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fn = vi.fn(async (url: string, init: RequestInit) => {
    seen.push({
      url,
      method: init.method ?? "GET",
      headers: init.headers as Record<string, string>,
      body: init.body,
    });
    return answer();
  });
  vi.stubGlobal("fetch", fn);
  return seen;
}

function at(seen: Seen[], i: number): Seen {
  const s = seen[i];
  if (!s) throw new Error(`no request ${i}`);
  return s;
}

const json = (v: unknown, status = 200) =>
  new Response(JSON.stringify(v), { status, headers: { "Content-Type": "application/json" } });

const api = new HostApi({ base: "http://127.0.0.1:9", token: "tok" });

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

describe("HostApi map calls", () => {
  it("renames with PATCH and a RenameMap body", async () => {
    const seen = fakeFetch(() => json({ id: "m1", title: "New" }));
    const m = await api.renameMap("m 1", "New");
    expect(m.title).toBe("New");
    expect(at(seen, 0).url).toBe("http://127.0.0.1:9/api/maps/m%201");
    expect(at(seen, 0).method).toBe("PATCH");
    expect(at(seen, 0).headers.Authorization).toBe("Bearer tok");
    expect(JSON.parse(String(at(seen, 0).body))).toEqual({ title: "New" });
  });

  it("duplicates, trashes, restores and purges on the documented paths", async () => {
    const seen = fakeFetch(() => new Response(null, { status: 204 }));
    await api.duplicateMap("a");
    await api.trashMap("a");
    await api.restoreMap("a");
    await api.purgeMap("a");
    expect(seen.map((s) => `${s.method} ${s.url.replace("http://127.0.0.1:9", "")}`)).toEqual([
      "POST /api/maps/a/duplicate",
      "DELETE /api/maps/a",
      "POST /api/maps/a/restore",
      "DELETE /api/trash/a",
    ]);
  });

  it("turns a host error into HostError with its code and status", async () => {
    fakeFetch(() => json({ code: "not_found", message: "no such map" }, 404));
    const e = await failure(api.trashMap("gone"));
    expect(e.code).toBe("not_found");
    expect(e.status).toBe(404);
    expect(e.message).toBe("no such map");
  });

  it("names a non-JSON failure by its status", async () => {
    fakeFetch(() => new Response("<html>", { status: 502, statusText: "Bad Gateway" }));
    const e = await failure(api.trash());
    expect(e.code).toBe("http_502");
    expect(e.status).toBe(502);
  });

  it("reports a network failure as code network", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    const e = await failure(api.restoreMap("x"));
    expect(e.code).toBe("network");
    expect(e.status).toBe(0);
  });

  it("fetches the thumbnail as a blob with the token", async () => {
    const seen = fakeFetch(
      () => new Response("<svg/>", { status: 200, headers: { "Content-Type": "image/svg+xml" } }),
    );
    const b = await api.thumbnail("m1");
    expect(await b.text()).toBe("<svg/>");
    expect(at(seen, 0).url).toBe("http://127.0.0.1:9/api/maps/m1/thumbnail.svg");
    expect(at(seen, 0).headers.Authorization).toBe("Bearer tok");
  });

  it("refuses a thumbnail answer that is not an image", async () => {
    fakeFetch(
      () =>
        new Response("<!doctype html>", { status: 200, headers: { "Content-Type": "text/html" } }),
    );
    const e = await failure(api.thumbnail("m1"));
    expect(e.code).toBe("not_an_image");
  });
});

describe("HostApi persona calls", () => {
  const fields = { name: "Mia", role: "Buyer", goals: "", frustrations: "", quote: "" };

  it("lists, creates, updates and deletes", async () => {
    const seen = fakeFetch(() => json({ id: "p1", ...fields }));
    await api.personas("pr");
    await api.createPersona("pr", fields);
    await api.updatePersona("p1", fields);
    await api.deletePersona("p1");
    expect(seen.map((s) => `${s.method} ${s.url.replace("http://127.0.0.1:9", "")}`)).toEqual([
      "GET /api/projects/pr/personas",
      "POST /api/projects/pr/personas",
      "PATCH /api/personas/p1",
      "DELETE /api/personas/p1",
    ]);
    expect(JSON.parse(String(at(seen, 1).body))).toEqual(fields);
  });

  it("uploads the raw picture bytes with the image's Content-Type", async () => {
    const seen = fakeFetch(() => json({ id: "p1", has_picture: true }));
    const img = new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" });
    const p = await api.putPersonaPicture("p1", img, "image/png");
    expect(p.has_picture).toBe(true);
    expect(at(seen, 0).method).toBe("PUT");
    expect(at(seen, 0).url).toBe("http://127.0.0.1:9/api/personas/p1/picture");
    expect(at(seen, 0).headers["Content-Type"]).toBe("image/png");
    expect(at(seen, 0).body).toBe(img);
  });

  it("maps a refused picture to HostError", async () => {
    fakeFetch(() => json({ code: "too_large", message: "at most 2 MB" }, 413));
    const e = await failure(api.putPersonaPicture("p1", new Blob(["x"]), "image/webp"));
    expect(e.code).toBe("too_large");
    expect(e.status).toBe(413);
  });

  it("removes the picture with DELETE", async () => {
    const seen = fakeFetch(() => json({ id: "p1", has_picture: false }));
    const p = await api.deletePersonaPicture("p1");
    expect(p.has_picture).toBe(false);
    expect(at(seen, 0).method).toBe("DELETE");
    expect(at(seen, 0).url).toBe("http://127.0.0.1:9/api/personas/p1/picture");
  });
});

describe("HostApi project bundle", () => {
  const bundle = JSON.stringify({ format: "wayline-bundle", version: 1 });

  it("downloads the bundle with the token and names it from filename* (Chinese kept)", async () => {
    const seen = fakeFetch(
      () =>
        new Response(bundle, {
          status: 200,
          headers: {
            "Content-Type": "application/json",
            "Content-Disposition": `attachment; filename="____.wayline"; filename*=UTF-8''${encodeURIComponent("會員計畫.wayline")}`,
          },
        }),
    );
    const file = await api.projectBundle("p 1", "會員計畫");
    expect(at(seen, 0).url).toBe("http://127.0.0.1:9/api/projects/p%201/bundle");
    expect(at(seen, 0).method).toBe("GET");
    expect(at(seen, 0).headers.Authorization).toBe("Bearer tok");
    expect(file.fileName).toBe("會員計畫.wayline");
    expect(file.blob.type).toBe("application/json");
    expect(JSON.parse(await file.blob.text()).format).toBe("wayline-bundle");
  });

  it("falls back to the project's name, made safe as a file name", async () => {
    fakeFetch(
      () => new Response(bundle, { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    expect((await api.projectBundle("p1", "客户旅程")).fileName).toBe("客户旅程.wayline");
    expect((await api.projectBundle("p1", "Q1/Q2 ")).fileName).toBe("Q1_Q2.wayline");
    expect((await api.projectBundle("p1", "  ")).fileName).toBe("project.wayline");
  });

  it("turns a host error into HostError", async () => {
    fakeFetch(() => json({ code: "not_found", message: "no such project" }, 404));
    const e = await failure(api.projectBundle("gone", "Gone"));
    expect(e.code).toBe("not_found");
    expect(e.status).toBe(404);
    expect(e.message).toBe("no such project");
  });

  it("refuses an HTML page instead of saving it as a bundle", async () => {
    fakeFetch(() => new Response("<!doctype html>", { headers: { "Content-Type": "text/html" } }));
    const e = await failure(api.projectBundle("p1", "P"));
    expect(e.code).toBe("not_a_bundle");
  });

  it("reports a network failure as code network", async () => {
    fakeFetch(() => Promise.reject(new TypeError("Failed to fetch")));
    const e = await failure(api.projectBundle("p1", "P"));
    expect(e.code).toBe("network");
    expect(e.status).toBe(0);
  });
});

describe("HostApi diagnostics", () => {
  const DIAGNOSTICS: Diagnostics = {
    version: "0.4.0",
    os: "windows",
    arch: "x86_64",
    data_dir: "C:\\Users\\Ana\\AppData\\Roaming\\Wayline",
    data_file: "ok: integrity ok, file version 4, 2 projects, 5 maps",
    data_file_bytes: 1_234_567,
    backups: 3,
    newest_backup: "wayline-2025-03-01T101500Z.sqlite3",
    log_file: "wayline.log.2025-03-01",
    log_tail: ["INFO started", "WARN slow save"],
  };

  it("asks GET /api/diagnostics with the token and answers with what the host sent", async () => {
    const seen = fakeFetch(() => json(DIAGNOSTICS));
    const d: Diagnostics = await api.diagnostics();
    expect(d).toEqual(DIAGNOSTICS);
    expect(d.log_tail).toEqual(["INFO started", "WARN slow save"]);
    expect(at(seen, 0).url).toBe("http://127.0.0.1:9/api/diagnostics");
    expect(at(seen, 0).method).toBe("GET");
    expect(at(seen, 0).headers.Authorization).toBe("Bearer tok");
    expect(at(seen, 0).body).toBeUndefined();
  });

  it("turns a refusal into HostError", async () => {
    fakeFetch(() => json({ code: "unauthorized", message: "bad token" }, 401));
    const e = await failure(api.diagnostics());
    expect(e.code).toBe("unauthorized");
    expect(e.status).toBe(401);
  });
});
