// How a participant learns that their seat is gone for good: the session check's answer
// (410 workshop_ended, 401 an invitation the host no longer knows, 403 revoked), or the room's
// own words when the host says why it closed the room. Anything else (network failures, a host
// restarting) is not final: the app stays offline and keeps trying.
import { HostError } from "../../api/http";
import type { SyncError } from "../../sync/types";
import type { Finished } from "./storage";

export function finishedBySessionCheck(e: unknown): Finished | null {
  if (!(e instanceof HostError)) return null;
  if (e.status === 410 || e.code === "workshop_ended") return "ended";
  if (e.code === "revoked") return "revoked";
  // the token is unknown to the running workshop: the one it belonged to is over
  if (e.status === 401 || e.code === "unauthorized") return "ended";
  return null;
}

/** A room closed or refused by the host with a reason (RoomError Evicted, JoinError AuthFailed). */
export function finishedByRoomError(error: SyncError | null): Finished | null {
  if (!error || (error.kind !== "room" && error.kind !== "join")) return null;
  const d = error.detail.toLowerCase();
  if (d.includes("revoked") || d.includes("removed you")) return "revoked";
  if (d.includes("workshop_ended") || d.includes("workshop has ended")) return "ended";
  return null;
}
