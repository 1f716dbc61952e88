// Tests "Export everything" against a fake host: in the desktop window the shell's
// export_everything command (written, cancelled, failed) found on window.__TAURI_INTERNALS__; in a
// browser every project's bundle fetched and handed to a fake download function one after
// another, a failing project reported by name without stopping the others, and no projects at all.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ProjectSummary } from "../wire/ProjectSummary";
import type { ExportFile, TauriInternals } from "./export";
import { exportEverything } from "./exportAll";
import { HostApi, HostError } from "./http";

const api = new HostApi({ base: "http://127.0.0.1:9", token: "tok" });

const project = (id: string, name: string): ProjectSummary => ({
  id,
  name,
  created_at: 0,
  updated_at: 0,
  maps: [],
});
const PROJECTS = [
  project("p1", "會員計畫"),
  project("p2", "Onboarding"),
  project("p3", "售后服务"),
];

/** A host listing `projects` and answering each bundle, except those in `failing`. */
function fakeHost(projects: ProjectSummary[], failing: string[] = []) {
  const asked: { path: string; auth: string }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const path = new URL(url).pathname;
      asked.push({ path, auth: (init.headers as Record<string, string>).Authorization ?? "" });
      if (path === "/api/projects") {
        return new Response(JSON.stringify(projects), {
          headers: { "Content-Type": "application/json" },
        });
      }
      const m = /^\/api\/projects\/([^/]+)\/bundle$/.exec(path);
      const p = projects.find((x) => x.id === m?.[1]);
      if (!p) throw new Error(`unexpected ${path}`);
      if (failing.includes(p.id)) {
        return new Response(JSON.stringify({ code: "internal", message: "database is locked" }), {
          status: 500,
          headers: { "Content-Type": "application/json" },
        });
      }
      return new Response(JSON.stringify({ format: "wayline-bundle", project: p.name }), {
        headers: {
          "Content-Type": "application/json",
          "Content-Disposition": `attachment; filename="x.wayline"; filename*=UTF-8''${encodeURIComponent(`${p.name}.wayline`)}`,
        },
      });
    }),
  );
  return asked;
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

afterEach(() => {
  vi.unstubAllGlobals();
  delete window.__TAURI_INTERNALS__;
});

describe("exportEverything in the desktop window", () => {
  it("runs export_everything on the window's shell and answers with the folder and count", async () => {
    const asked = fakeHost(PROJECTS);
    const invoke = vi.fn(async () => ({ folder: "/home/u/備份", projects: 3 }));
    window.__TAURI_INTERNALS__ = { invoke };
    const save = vi.fn();
    const result = await exportEverything(api, { save });
    expect(invoke).toHaveBeenCalledWith("export_everything");
    expect(result).toEqual({ kind: "written", folder: "/home/u/備份", projects: 3 });
    // the shell writes the files; the browser downloads nothing
    expect(save).not.toHaveBeenCalled();
    expect(asked.map((a) => a.path)).toEqual(["/api/projects"]);
  });

  it("answers cancelled when the folder picker is cancelled", async () => {
    fakeHost(PROJECTS);
    const shell: TauriInternals = { invoke: async () => null };
    expect(await exportEverything(api, { shell })).toEqual({ kind: "cancelled" });
  });

  it("turns the shell's {code, message} rejection into HostError", async () => {
    fakeHost(PROJECTS);
    const shell: TauriInternals = {
      invoke: () => Promise.reject({ code: "io", message: "disk full" }),
    };
    const e = await failure(exportEverything(api, { shell }));
    expect(e.code).toBe("io");
    expect(e.message).toBe("disk full");
    const plain: TauriInternals = { invoke: () => Promise.reject("no such command") };
    const e2 = await failure(exportEverything(api, { shell: plain }));
    expect(e2.code).toBe("desktop");
  });

  it("does not open the folder picker when there is nothing to export", async () => {
    fakeHost([]);
    const invoke = vi.fn(async () => null);
    expect(await exportEverything(api, { shell: { invoke } })).toEqual({ kind: "empty" });
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe("exportEverything in a browser", () => {
  it("downloads every project's bundle one after another, reporting 1 / 3, 2 / 3, 3 / 3", async () => {
    const asked = fakeHost(PROJECTS);
    const saved: ExportFile[] = [];
    const progress: string[] = [];
    const result = await exportEverything(api, {
      shell: null,
      pause: 0,
      save: (f) => {
        saved.push(f);
        progress.push(`saved ${f.fileName}`);
      },
      onProgress: (p) => progress.push(`${p.current} / ${p.total} ${p.project}`),
    });
    expect(result).toEqual({
      kind: "downloaded",
      downloaded: 3,
      total: 3,
      failures: [],
      stopped: false,
    });
    expect(asked.map((a) => a.path)).toEqual([
      "/api/projects",
      "/api/projects/p1/bundle",
      "/api/projects/p2/bundle",
      "/api/projects/p3/bundle",
    ]);
    expect(asked.every((a) => a.auth === "Bearer tok")).toBe(true);
    expect(progress).toEqual([
      "1 / 3 會員計畫",
      "saved 會員計畫.wayline",
      "2 / 3 Onboarding",
      "saved Onboarding.wayline",
      "3 / 3 售后服务",
      "saved 售后服务.wayline",
    ]);
    const first = JSON.parse(await (saved[0]?.blob.text() ?? Promise.resolve("{}")));
    expect(first).toEqual({ format: "wayline-bundle", project: "會員計畫" });
  });

  it("uses the window: no __TAURI_INTERNALS__ means browser downloads", async () => {
    fakeHost([PROJECTS[1] as ProjectSummary]);
    const save = vi.fn();
    const result = await exportEverything(api, { save, pause: 0 });
    expect(result.kind).toBe("downloaded");
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("names a project that failed and still exports the others", async () => {
    const asked = fakeHost(PROJECTS, ["p2"]);
    const save = vi.fn();
    const result = await exportEverything(api, { shell: null, save, pause: 0 });
    expect(asked.filter((a) => a.path.endsWith("/bundle"))).toHaveLength(3);
    expect(save.mock.calls.map(([f]) => (f as ExportFile).fileName)).toEqual([
      "會員計畫.wayline",
      "售后服务.wayline",
    ]);
    expect(result).toEqual({
      kind: "downloaded",
      downloaded: 2,
      total: 3,
      failures: [
        {
          project: "Onboarding",
          error: expect.objectContaining({ code: "internal", message: "database is locked" }),
        },
      ],
      stopped: false,
    });
  });

  it("keeps going when handing a file to the browser throws", async () => {
    fakeHost(PROJECTS);
    let calls = 0;
    const save = () => {
      calls += 1;
      if (calls === 1) throw new Error("blocked");
    };
    const result = await exportEverything(api, { shell: null, save, pause: 0 });
    expect(result).toMatchObject({
      downloaded: 2,
      failures: [{ project: "會員計畫", error: new Error("blocked") }],
    });
  });

  it("stops after the current project once aborted", async () => {
    fakeHost(PROJECTS);
    const ctrl = new AbortController();
    const save = vi.fn(() => ctrl.abort());
    const result = await exportEverything(api, {
      shell: null,
      save,
      pause: 0,
      signal: ctrl.signal,
    });
    expect(save).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ downloaded: 1, total: 3, stopped: true });
  });

  it("answers empty when there is no project, and fails when the list cannot be read", async () => {
    fakeHost([]);
    const save = vi.fn();
    expect(await exportEverything(api, { shell: null, save })).toEqual({ kind: "empty" });
    expect(save).not.toHaveBeenCalled();
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    const e = await failure(exportEverything(api, { shell: null, save }));
    expect(e.code).toBe("network");
  });
});
