// Typed calls to the host's facilitator-only workshop routes (loopback, launch token): network
// interfaces, start/move, options, roles, revoke, end, and workshops announced nearby. Built like
// HostApi; non-2xx answers and network failures become HostError so the panel can branch on `code`.
import type { AnnouncedWorkshop } from "../wire/AnnouncedWorkshop";
import type { ApiError } from "../wire/ApiError";
import type { NetworkInterface } from "../wire/NetworkInterface";
import type { Role } from "../wire/Role";
import type { SetRole } from "../wire/SetRole";
import type { StartWorkshop } from "../wire/StartWorkshop";
import type { UpdateWorkshop } from "../wire/UpdateWorkshop";
import type { WorkshopStatus } from "../wire/WorkshopStatus";
import { ideasApi } from "./brainstorm";
import type { Endpoint } from "./endpoint";
import { HostError } from "./http";

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function asApiError(v: unknown, status: number, statusText: string): ApiError {
  if (typeof v === "object" && v !== null) {
    const { code, message } = v as { code?: unknown; message?: unknown };
    if (typeof code === "string" && typeof message === "string") return { code, message };
  }
  return { code: `http_${status}`, message: statusText };
}

const id = encodeURIComponent;

export class WorkshopApi {
  constructor(private readonly ep: Endpoint) {}

  private async call<T>(method: string, path: string, json?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.ep.base + path, {
        method,
        headers: {
          Authorization: `Bearer ${this.ep.token}`,
          "Content-Type": "application/json",
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
    } catch (e) {
      throw new HostError(0, { code: "network", message: e instanceof Error ? e.message : "" });
    }
    const text = await res.text().catch(() => "");
    if (!res.ok)
      throw new HostError(res.status, asApiError(parseJson(text), res.status, res.statusText));
    return parseJson(text) as T;
  }

  /** Ideas of the map's brainstorm not revealed yet (what ending the workshop would leave unsaid). */
  async ideasWaiting(mapId: string): Promise<number> {
    const overview = await ideasApi((m, p, b) => this.call(m, p, b)).overview(mapId);
    return overview.waiting;
  }
  /** The machine's network interfaces, the room's networks first and loopback last. */
  interfaces(): Promise<NetworkInterface[]> {
    return this.call("GET", "/api/network/interfaces");
  }
  /** Workshops announced on the local network (the host listens about two seconds). */
  nearby(): Promise<AnnouncedWorkshop[]> {
    return this.call("GET", "/api/network/workshops");
  }
  /** The running workshop, or null. */
  status(): Promise<WorkshopStatus | null> {
    return this.call("GET", "/api/workshop");
  }
  /** Starts hosting a map, or moves the same map's running workshop to another address. */
  start(body: StartWorkshop): Promise<WorkshopStatus> {
    return this.call("POST", "/api/workshop", body);
  }
  update(body: UpdateWorkshop): Promise<WorkshopStatus> {
    return this.call("PATCH", "/api/workshop", body);
  }
  setRole(participantId: string, role: Role): Promise<WorkshopStatus> {
    const body: SetRole = { role };
    return this.call("PUT", `/api/workshop/participants/${id(participantId)}/role`, body);
  }
  revoke(participantId: string): Promise<WorkshopStatus> {
    return this.call("POST", `/api/workshop/participants/${id(participantId)}/revoke`);
  }
  /** Ends the workshop: every invitation and participant token stops working. */
  async end(): Promise<void> {
    await this.call("DELETE", "/api/workshop");
  }
}
