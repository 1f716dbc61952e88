// The participants' door of the host: exchange the short code for the invitation, join with a
// name and colour, and ask whether a kept session still works. Only these routes exist there; the
// facilitator's API is not routed on that address. Failures become HostError (code and status),
// a network failure has status 0 and code "network".
import type { HostCall } from "../../api/brainstorm";
import { HostError } from "../../api/http";
import type { ApiError } from "../../wire/ApiError";
import type { Invitation } from "../../wire/Invitation";
import type { JoinWorkshop } from "../../wire/JoinWorkshop";
import type { OpenInvitation } from "../../wire/OpenInvitation";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import type { RedeemCode } from "../../wire/RedeemCode";

function apiError(v: unknown, status: number, fallback: string): ApiError {
  if (typeof v === "object" && v !== null) {
    const o = v as Record<string, unknown>;
    if (typeof o.code === "string")
      return { code: o.code, message: typeof o.message === "string" ? o.message : "" };
  }
  return { code: `http_${status}`, message: fallback };
}

export class ParticipantApi {
  constructor(
    private readonly base: string,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await this.fetcher(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch (e) {
      throw new HostError(0, { code: "network", message: e instanceof Error ? e.message : "" });
    }
    const text = await res.text().catch(() => "");
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) throw new HostError(res.status, apiError(parsed, res.status, res.statusText));
    return parsed as T;
  }

  /** Calls on the participant's own behalf (the brainstorm's routes: api/brainstorm.ts). */
  callAs(token: string): HostCall {
    return (method, path, body) => this.call(method, path, body, token);
  }

  redeemCode(code: string, participantId: string): Promise<Invitation> {
    const body: RedeemCode = { code, participant_id: participantId };
    return this.call("POST", "/api/join/code", body);
  }

  /** The invitation of a link's invite: the map's title and the colours in use there. */
  openInvitation(invite: string, participantId: string): Promise<Invitation> {
    const body: OpenInvitation = { invite, participant_id: participantId };
    return this.call("POST", "/api/join/invitation", body);
  }

  join(body: JoinWorkshop): Promise<ParticipantSession> {
    return this.call("POST", "/api/join", body);
  }

  session(token: string): Promise<ParticipantSession> {
    return this.call("GET", "/api/participant/session", undefined, token);
  }
}

/** The participant's WebSocket on the same origin as the page. */
export function participantSocketUrl(base: string, token: string): string {
  return `${base.replace(/^http/, "ws")}/ws?token=${encodeURIComponent(token)}`;
}
