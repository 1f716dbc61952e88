// A fake facilitator API behind `fetch` for the panel tests: keeps one workshop's state, answers
// the workshop routes like the host does, and records every request it saw.
import { vi } from "vitest";
import type { NetworkInterface } from "../../../src/wire/NetworkInterface";
import type { ParticipantInfo } from "../../../src/wire/ParticipantInfo";
import type { WorkshopStatus } from "../../../src/wire/WorkshopStatus";
import { workshopStatus } from "./status";

export interface FakeHost {
  status: WorkshopStatus | null;
  requests: { method: string; path: string; body: unknown }[];
  /** The participants a started workshop has (as if they joined at once). */
  joiners: ParticipantInfo[];
  /** Brainstorm ideas of the workshop's map not revealed yet. */
  ideasWaiting: number;
}

const interfaces: NetworkInterface[] = [
  { name: "wlan0", address: "192.168.1.20", loopback: false },
  { name: "lo", address: "127.0.0.1", loopback: true },
];

function reply(v: unknown, status = 200): Response {
  return new Response(JSON.stringify(v), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function fakeHost(initial: WorkshopStatus | null = null): FakeHost {
  const host: FakeHost = { status: initial, requests: [], joiners: [], ideasWaiting: 0 };
  const route = (method: string, path: string, body: Record<string, unknown>): Response => {
    const s = host.status;
    if (method === "GET" && path === "/api/network/interfaces") return reply(interfaces);
    if (method === "GET" && path === "/api/workshop") return reply(s);
    if (method === "GET" && /^\/api\/maps\/[^/]+\/brainstorm$/.test(path)) {
      return reply({ round: 1, mine: [], waiting: host.ideasWaiting, writers: 1 });
    }
    if (method === "POST" && path === "/api/workshop") {
      const address = String(body.address);
      if (address === "127.0.0.1")
        return reply({ code: "bad_request", message: "only this computer" }, 400);
      host.status = workshopStatus({
        ...(s ?? { participants: host.joiners }),
        map_id: String(body.map_id),
        address,
        join_url: `http://${address}:4820/#invite=abc`,
        code_url: `http://${address}:4820/#join`,
      });
      return reply(host.status);
    }
    if (!s) return reply({ code: "no_workshop", message: "no workshop runs" }, 404);
    if (method === "PATCH" && path === "/api/workshop") {
      host.status = { ...s, ...body };
      return reply(host.status);
    }
    if (method === "DELETE" && path === "/api/workshop") {
      host.status = null;
      return reply(null);
    }
    const m = /^\/api\/workshop\/participants\/([^/]+)\/(role|revoke)$/.exec(path);
    if (m) {
      const id = decodeURIComponent(m[1] ?? "");
      const change: Partial<ParticipantInfo> =
        m[2] === "role"
          ? { role: body.role === "viewer" ? "viewer" : "editor" }
          : { revoked: true, online: false };
      host.status = {
        ...s,
        participants: s.participants.map((p) => (p.id === id ? { ...p, ...change } : p)),
      };
      return reply(host.status);
    }
    return reply({ code: "not_found", message: path }, 404);
  };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const path = new URL(url).pathname;
      const method = init.method ?? "GET";
      const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
      host.requests.push({ method, path, body: init.body ? body : undefined });
      return route(method, path, body);
    }),
  );
  return host;
}

/** The requests that change something (polls and lists left out). */
export function changes(host: FakeHost): string[] {
  return host.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
}
