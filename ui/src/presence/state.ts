// What one person publishes about themselves on a map's presence channel (never persisted), and
// the guard that turns whatever arrives from the network into that shape: a remote value is
// untrusted, so every field is checked and clipped, and anything unreadable is ignored.
import type { Value } from "loro-crdt";
import { textHead } from "../doc/textLength";
import { MAX_PARTICIPANT_NAME_CHARS } from "../wire/limits";
import type { Role } from "../wire/Role";

export interface Viewport {
  /** The centre of the visible board, in unzoomed board pixels. */
  x: number;
  y: number;
  zoom: number;
}

export interface PresenceState {
  name: string;
  /** `#rrggbb`. */
  color: string;
  role: Role;
  /** The card this person is editing, or null. */
  editing: string | null;
  /** `LoroText.getCursor(pos).encode()` in the card being edited. */
  caret?: Uint8Array;
  viewport: Viewport | null;
  /** A facilitator asking everyone to follow their view. */
  leading: boolean;
}

/** Someone else on the map: their presence key and what they publish. */
export interface Peer extends PresenceState {
  key: string;
}

/** What avatars and card outlines show of a person (changes rarely, unlike viewport and caret). */
export type PeerFace = Pick<Peer, "key" | "name" | "color" | "role" | "editing" | "leading">;

const MAX_ID = 64;
const MAX_CARET = 256;
const ROLES: readonly Role[] = ["facilitator", "editor", "viewer"];
const COLOR = /^#[0-9a-fA-F]{6}$/;
export const FALLBACK_COLOR = "#5f6670";

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function viewportOf(v: unknown): Viewport | null {
  if (typeof v !== "object" || v === null) return null;
  const r = v as Record<string, unknown>;
  const x = num(r.x);
  const y = num(r.y);
  const zoom = num(r.zoom);
  if (x === null || y === null || zoom === null || zoom <= 0) return null;
  return { x, y, zoom };
}

/** The value as a presence state, or null when it is not one. */
export function parsePresence(v: unknown): PresenceState | null {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Uint8Array)
    return null;
  const r = v as Record<string, unknown>;
  if (typeof r.name !== "string") return null;
  const name = textHead(r.name.trim(), MAX_PARTICIPANT_NAME_CHARS);
  const color = typeof r.color === "string" && COLOR.test(r.color) ? r.color : FALLBACK_COLOR;
  const role = ROLES.find((x) => x === r.role) ?? "viewer";
  const editing =
    typeof r.editing === "string" && r.editing.length > 0 && r.editing.length <= MAX_ID
      ? r.editing
      : null;
  const caret =
    editing && r.caret instanceof Uint8Array && r.caret.length <= MAX_CARET ? r.caret : undefined;
  return {
    name: name || "?",
    color,
    role,
    editing,
    ...(caret ? { caret } : {}),
    viewport: viewportOf(r.viewport),
    leading: r.leading === true && role === "facilitator",
  };
}

/** The state as the value stored under this person's key. */
export function presenceValue(s: PresenceState): { [key: string]: Value } {
  const v: { [key: string]: Value } = {
    name: textHead(s.name, MAX_PARTICIPANT_NAME_CHARS),
    color: s.color,
    role: s.role,
    editing: s.editing,
    viewport: s.viewport ? { x: s.viewport.x, y: s.viewport.y, zoom: s.viewport.zoom } : null,
    leading: s.leading,
  };
  if (s.caret && s.editing) v.caret = s.caret;
  return v;
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

export function sameViewport(a: Viewport | null, b: Viewport | null): boolean {
  if (a === b) return true;
  return !!a && !!b && a.x === b.x && a.y === b.y && a.zoom === b.zoom;
}

export function faceOf(p: Peer): PeerFace {
  return {
    key: p.key,
    name: p.name,
    color: p.color,
    role: p.role,
    editing: p.editing,
    leading: p.leading,
  };
}

export function sameFace(a: PeerFace, b: PeerFace): boolean {
  return (
    a.key === b.key &&
    a.name === b.name &&
    a.color === b.color &&
    a.role === b.role &&
    a.editing === b.editing &&
    a.leading === b.leading
  );
}

export function samePeer(a: Peer, b: Peer): boolean {
  return sameFace(a, b) && sameViewport(a.viewport, b.viewport) && sameBytes(a.caret, b.caret);
}
