// The backup calls use the documented paths and methods, carry the token, escape names, and turn
// the host's {code, message} answers into HostError like every other call.
import { afterEach, describe, expect, it, vi } from "vitest";
import { backUpNow, backupContents, listBackups, restoreMapFromBackup } from "./backups";
import { HostApi, HostError } from "./http";

const api = new HostApi({ base: "http://127.0.0.1:9", token: "tok" });

function fakeFetch(answer: () => Response) {
  const seen: { url: string; method: string; auth: string }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      seen.push({ url, method: init.method ?? "GET", auth: headers.Authorization ?? "" });
      return answer();
    }),
  );
  return seen;
}

const json = (v: unknown, status = 200) =>
  new Response(JSON.stringify(v), { status, headers: { "Content-Type": "application/json" } });

afterEach(() => vi.unstubAllGlobals());

describe("backup calls", () => {
  it("list, back up, look into and restore on the documented paths", async () => {
    const seen = fakeFetch(() => json([]));
    await listBackups(api);
    await backUpNow(api);
    await backupContents(api, "wayline-2025-03-01T101500Z.sqlite3");
    await restoreMapFromBackup(api, "wayline-2025-03-01T101500Z.sqlite3", "m/1");
    expect(seen.map((s) => `${s.method} ${s.url.replace("http://127.0.0.1:9", "")}`)).toEqual([
      "GET /api/backups",
      "POST /api/backups",
      "GET /api/backups/wayline-2025-03-01T101500Z.sqlite3",
      "POST /api/backups/wayline-2025-03-01T101500Z.sqlite3/maps/m%2F1/restore",
    ]);
    expect(seen.every((s) => s.auth === "Bearer tok")).toBe(true);
  });

  it("answers with what the host sent", async () => {
    const info = { name: "b", created_at_ms: 1, size_bytes: 2 };
    fakeFetch(() => json(info));
    expect(await backUpNow(api)).toEqual(info);
  });

  it("turns a host error into HostError", async () => {
    fakeFetch(() => json({ code: "not_found", message: "no such backup" }, 404));
    const e = await backupContents(api, "gone").catch((err: unknown) => err);
    expect(e).toBeInstanceOf(HostError);
    expect((e as HostError).code).toBe("not_found");
    expect((e as HostError).message).toBe("no such backup");
  });
});
