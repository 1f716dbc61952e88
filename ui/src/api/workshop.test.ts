// Tests the facilitator's workshop client against a fake fetch: each call's method, path, body and
// token, a null status when nothing runs, and failures as HostError with the host's code.
import { afterEach, describe, expect, it, vi } from "vitest";
import { HostError } from "./http";
import { WorkshopApi } from "./workshop";

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(answer: () => Response) {
  const seen: Seen[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      seen.push({
        url: url.replace("http://127.0.0.1:9", ""),
        method: init.method ?? "GET",
        headers: init.headers as Record<string, string>,
        body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
      });
      return answer();
    }),
  );
  return seen;
}

const json = (v: unknown, status = 200) =>
  new Response(JSON.stringify(v), { status, headers: { "Content-Type": "application/json" } });

const api = new WorkshopApi({ base: "http://127.0.0.1:9", token: "launch" });

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

describe("WorkshopApi", () => {
  it("sends every call to its documented route with the launch token", async () => {
    const seen = fakeFetch(() => json({ id: "w1" }));
    await api.interfaces();
    await api.nearby();
    await api.status();
    await api.start({ map_id: "m1", address: "192.168.1.20", default_role: "viewer" });
    await api.update({ locked: true });
    await api.setRole("p/1", "viewer");
    await api.revoke("p/1");
    await api.end();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "GET /api/network/interfaces",
      "GET /api/network/workshops",
      "GET /api/workshop",
      "POST /api/workshop",
      "PATCH /api/workshop",
      "PUT /api/workshop/participants/p%2F1/role",
      "POST /api/workshop/participants/p%2F1/revoke",
      "DELETE /api/workshop",
    ]);
    expect(seen.every((s) => s.headers.Authorization === "Bearer launch")).toBe(true);
    expect(seen[3]?.body).toEqual({
      map_id: "m1",
      address: "192.168.1.20",
      default_role: "viewer",
    });
    expect(seen[4]?.body).toEqual({ locked: true });
    expect(seen[5]?.body).toEqual({ role: "viewer" });
    expect(seen[0]?.body).toBeUndefined();
  });

  it("answers null when no workshop runs", async () => {
    fakeFetch(() => json(null));
    expect(await api.status()).toBeNull();
  });

  it("turns a refused start into HostError with the host's code and words", async () => {
    fakeFetch(() => json({ code: "bad_request", message: "127.0.0.1 is only this computer" }, 400));
    const e = await failure(
      api.start({ map_id: "m1", address: "127.0.0.1", default_role: "editor" }),
    );
    expect(e.code).toBe("bad_request");
    expect(e.status).toBe(400);
    expect(e.message).toContain("only this computer");
  });

  it("names a failure without a JSON body by its status, and a dead host as network", async () => {
    fakeFetch(() => new Response("oops", { status: 502, statusText: "Bad Gateway" }));
    expect((await failure(api.end())).code).toBe("http_502");
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    const e = await failure(api.status());
    expect(e.code).toBe("network");
    expect(e.status).toBe(0);
  });
});
