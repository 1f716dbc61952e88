// What the host lets this connection do in a map's room. A Wayline host answers a room join with
// `permission` ("read" / "write") and, in the answer's `extra` bytes, UTF-8 JSON of RoomAccess
// (role, lock, can_edit, and the host's clock), so the UI can enforce and explain a read-only
// board. The permission is authoritative: `can_edit` is never true when the host said "read".
import type { Role } from "../wire/Role";
import type { RoomAccess } from "../wire/RoomAccess";

const ROLES: readonly Role[] = ["facilitator", "editor", "viewer"];

function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

function decodeExtra(extra: Uint8Array | undefined): Partial<RoomAccess> | null {
  if (!extra || extra.length === 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(extra));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const o = parsed as Record<string, unknown>;
  return {
    role: isRole(o.role) ? o.role : undefined,
    locked: typeof o.locked === "boolean" ? o.locked : undefined,
    can_edit: typeof o.can_edit === "boolean" ? o.can_edit : undefined,
    now_ms: typeof o.now_ms === "number" && Number.isFinite(o.now_ms) ? o.now_ms : undefined,
  };
}

/** The access of a JoinResponseOk; a host that sends no (or unreadable) `extra` is described by
 * its permission alone. */
export function parseRoomAccess(permission: string, extra?: Uint8Array): RoomAccess {
  const write = permission === "write";
  const e = decodeExtra(extra);
  return {
    role: e?.role ?? (write ? "editor" : "viewer"),
    locked: e?.locked ?? false,
    can_edit: write && (e?.can_edit ?? true),
    now_ms: e?.now_ms ?? 0,
  };
}

/**
 * How far the host's clock is ahead of this screen's, from a join answer received at `receivedAt`
 * (this screen's clock): 0 when the host did not say. Off by the answer's transit time at most
 * (milliseconds on a room's network).
 */
export function clockOffsetOf(access: RoomAccess, receivedAt: number): number {
  return access.now_ms > 0 ? access.now_ms - receivedAt : 0;
}

export function sameAccess(a: RoomAccess | null, b: RoomAccess | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.role === b.role && a.locked === b.locked && a.can_edit === b.can_edit;
}
