// What a participant's browser remembers, per origin (one host's participants' door):
// - the identity (localStorage): the participant id, made once per browser, and the display name
//   and colour last used, so the join page is filled in next time;
// - the session (localStorage): what the host answered to the join (token, map, role), kept with
//   the id it belongs to, and marked finished once the workshop ended or the person was removed;
// - the pending invitation (sessionStorage): read from the link's fragment and removed from the
//   visible URL, it is kept here until the join succeeds, so reloading the join page keeps it.
// Storage can be missing or refuse writes (private windows): then nothing is remembered.
import type { ParticipantSession } from "../../wire/ParticipantSession";
import { newParticipantId, PARTICIPANT_ID } from "./ids";

export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const IDENTITY_KEY = "wayline.participant.identity";
const SESSION_KEY = "wayline.participant.session";
const INVITE_KEY = "wayline.participant.invite";

export interface Identity {
  participantId: string;
  /** Empty until the person first joined. */
  name: string;
  color: string;
}

export type Finished = "ended" | "revoked";

export interface StoredSession {
  session: ParticipantSession;
  /** Set when the workshop ended or the facilitator removed this person: the token is dead. */
  finished: Finished | null;
}

export function browserLocal(): KeyValue | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function browserSession(): KeyValue | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function read(store: KeyValue | null, key: string): unknown {
  try {
    const raw = store?.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return null;
  }
}

function write(store: KeyValue | null, key: string, value: unknown): void {
  try {
    store?.setItem(key, JSON.stringify(value));
  } catch {
    // not remembered; this page still works
  }
}

function remove(store: KeyValue | null, key: string): void {
  try {
    store?.removeItem(key);
  } catch {
    // nothing to forget
  }
}

const str = (o: Record<string, unknown>, k: string): string =>
  typeof o[k] === "string" ? (o[k] as string) : "";

/** The identity of this browser; the participant id is made (and kept) on first use. */
export function loadIdentity(store: KeyValue | null = browserLocal()): Identity {
  const raw = read(store, IDENTITY_KEY);
  const o = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const known = str(o, "participantId");
  const identity: Identity = {
    participantId: PARTICIPANT_ID.test(known) ? known : newParticipantId(),
    name: str(o, "name"),
    color: /^#[0-9a-fA-F]{6}$/.test(str(o, "color")) ? str(o, "color") : "",
  };
  if (identity.participantId !== known) write(store, IDENTITY_KEY, identity);
  return identity;
}

export function saveIdentity(identity: Identity, store: KeyValue | null = browserLocal()): void {
  write(store, IDENTITY_KEY, identity);
}

/** A fresh participant id (the host said the old one belongs to someone else); the session that
 * went with the old id is forgotten. */
export function renewParticipantId(store: KeyValue | null = browserLocal()): Identity {
  const next = { ...loadIdentity(store), participantId: newParticipantId() };
  saveIdentity(next, store);
  remove(store, SESSION_KEY);
  return next;
}

function isSession(v: unknown): v is ParticipantSession {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    ["participant_id", "participant_token", "name", "color", "map_id", "map_title"].every(
      (k) => typeof o[k] === "string",
    ) &&
    (o.role === "facilitator" || o.role === "editor" || o.role === "viewer") &&
    typeof o.locked === "boolean" &&
    (o.participant_token as string).length > 0 &&
    (o.map_id as string).length > 0
  );
}

export function loadSession(store: KeyValue | null = browserLocal()): StoredSession | null {
  const raw = read(store, SESSION_KEY);
  if (typeof raw !== "object" || raw === null) return null;
  const o = raw as Record<string, unknown>;
  if (!isSession(o.session)) return null;
  const finished = o.finished === "ended" || o.finished === "revoked" ? o.finished : null;
  return { session: o.session, finished };
}

/** Keeps the host's answer, and the identity it belongs to (same id, name and colour). */
export function saveSession(
  session: ParticipantSession,
  store: KeyValue | null = browserLocal(),
): void {
  write(store, SESSION_KEY, { session, finished: null } satisfies StoredSession);
  saveIdentity(
    { participantId: session.participant_id, name: session.name, color: session.color },
    store,
  );
}

export function markFinished(reason: Finished, store: KeyValue | null = browserLocal()): void {
  const kept = loadSession(store);
  if (kept) write(store, SESSION_KEY, { ...kept, finished: reason } satisfies StoredSession);
}

export function stashInvite(invite: string, store: KeyValue | null = browserSession()): void {
  try {
    store?.setItem(INVITE_KEY, invite);
  } catch {
    // kept in memory only
  }
}

export function loadInvite(store: KeyValue | null = browserSession()): string | null {
  try {
    return store?.getItem(INVITE_KEY) || null;
  } catch {
    return null;
  }
}

export function clearInvite(store: KeyValue | null = browserSession()): void {
  remove(store, INVITE_KEY);
}
