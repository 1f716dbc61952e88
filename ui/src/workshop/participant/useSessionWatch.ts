// Watches whether the participant's seat still exists. While the socket is down (or the host
// refused the room), it asks GET /api/participant/session every few seconds: an ended workshop or
// a revoked participant is final (finish.ts), anything else means "offline, keep trying". A
// session that still works brings the current role and lock (changed while away). A host that
// gives no answer at all for UNREACHABLE_AFTER_CHECKS checks while this browser has a network is
// said to be unreachable: a workshop ended while this device was offline has closed its address,
// and nothing else would ever tell (the page would say "offline" for good).
import { useEffect, useState } from "react";
import { HostError } from "../../api/http";
import { useRoomSlice } from "../../hooks/useOpenMap";
import type { RoomSync } from "../../sync/room";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import type { ParticipantApi } from "./api";
import { finishedByRoomError, finishedBySessionCheck } from "./finish";
import type { Finished } from "./storage";

/** Offline this long before the first check: the client reconnects on its own after a blip. */
export const FIRST_CHECK_MS = 1_500;
export const CHECK_EVERY_MS = 5_000;
/** Checks without any answer (about 30 s) before the host is said to be unreachable. */
export const UNREACHABLE_AFTER_CHECKS = 6;

export interface SessionWatch {
  /** The seat is gone for good: the workshop ended, or the participant was removed. */
  finished: Finished | null;
  /** The host has not answered for a while though this browser has a network. */
  unreachable: boolean;
}

export function useSessionWatch(
  api: ParticipantApi,
  token: string,
  room: RoomSync | null,
  onSession: (s: ParticipantSession) => void,
): SessionWatch {
  const [finished, setFinished] = useState<Finished | null>(null);
  const [unanswered, setUnanswered] = useState(0);
  const error = useRoomSlice(room, (s) => s.error);
  // A map still being opened has no room to watch yet: that is not being offline.
  const offline = useRoomSlice(room, (s) => s.state === "offline") && room !== null;
  const byRoom = finishedByRoomError(error);
  const troubled =
    offline || error?.kind === "join" || error?.kind === "gone" || error?.kind === "room";

  useEffect(() => {
    if (byRoom) setFinished((f) => f ?? byRoom);
  }, [byRoom]);

  useEffect(() => {
    if (!troubled || finished) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      try {
        const s = await api.session(token);
        if (alive) {
          setUnanswered(0);
          onSession(s);
        }
      } catch (e) {
        const done = finishedBySessionCheck(e);
        if (alive && done) {
          setFinished(done);
          return;
        }
        // No answer at all (the api's status 0, not a refusal), while the browser has a network.
        const noAnswer = !(e instanceof HostError) || e.status === 0;
        const silent = noAnswer && (globalThis.navigator?.onLine ?? true);
        if (alive) setUnanswered((n) => (silent ? n + 1 : 0));
      }
      if (alive) timer = setTimeout(check, CHECK_EVERY_MS);
    };
    timer = setTimeout(check, FIRST_CHECK_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [troubled, finished, api, token, onSession]);
  // Connected again: whatever was said about the host is over.
  useEffect(() => {
    if (!troubled) setUnanswered(0);
  }, [troubled]);

  return { finished, unreachable: troubled && unanswered >= UNREACHABLE_AFTER_CHECKS };
}
