// Whether this page is a participant's, and how they arrived: a join link (`#invite=…`, the
// invitation is read and removed from the visible URL so it is not shown, bookmarked or shared by
// accident), the code page (`#join`, or `#join=ABCDEF` from the desktop app's "Join workshop"), a
// join page reloaded before joining, or a browser that already joined on this origin.
import { MAX_TYPED_CODE_LENGTH } from "./code";
import {
  browserLocal,
  browserSession,
  type KeyValue,
  loadInvite,
  loadSession,
  stashInvite,
} from "./storage";

export type ParticipantEntry =
  | { kind: "invite"; invite: string }
  | { kind: "code"; code: string }
  | { kind: "session" };

const INVITE = /^#invite=([A-Za-z0-9_-]{16,256})$/;
const JOIN = new RegExp(`^#join(?:=([A-Za-z0-9 -]{0,${MAX_TYPED_CODE_LENGTH}}))?$`);

function showUrl(win: Window, hash: string): void {
  const { pathname, search } = win.location;
  win.history.replaceState(win.history.state, "", `${pathname}${search}${hash}`);
}

export function readParticipantEntry(
  win: Window,
  local: KeyValue | null = browserLocal(),
  session: KeyValue | null = browserSession(),
): ParticipantEntry | null {
  const hash = win.location.hash;
  const invite = INVITE.exec(hash)?.[1];
  if (invite) {
    stashInvite(invite, session);
    showUrl(win, "");
    return { kind: "invite", invite };
  }
  const join = JOIN.exec(hash);
  if (join) {
    if (join[1] !== undefined) showUrl(win, "#join");
    return { kind: "code", code: join[1] ?? "" };
  }
  const pending = loadInvite(session);
  if (pending) return { kind: "invite", invite: pending };
  if (loadSession(local)) return { kind: "session" };
  return null;
}
