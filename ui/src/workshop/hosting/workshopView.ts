// What the hosting panel shows for a given workshop status and open map, and how it orders and
// counts participants: plain functions, so the rules are tested without rendering.
import type { ParticipantInfo } from "../../wire/ParticipantInfo";
import type { WorkshopStatus } from "../../wire/WorkshopStatus";

export type PanelMode =
  /** Nothing runs and no map is open: there is nothing to host. */
  | "noMap"
  /** Nothing runs: pick a network and start. */
  | "start"
  /** The open map (or, with no map open, some map) is being workshopped. */
  | "running"
  /** Another map than the open one is being workshopped. */
  | "elsewhere";

export function panelMode(status: WorkshopStatus | null, openMapId: string | null): PanelMode {
  if (!status) return openMapId ? "start" : "noMap";
  if (openMapId && status.map_id !== openMapId) return "elsewhere";
  return "running";
}

/** People connected right now (revoked ones are gone even if a socket lingers). */
export function onlineCount(status: WorkshopStatus | null): number {
  return status?.participants.filter((p) => p.online && !p.revoked).length ?? 0;
}

/** Online people first, then offline, then removed ones; within each, by joining time. */
export function sortParticipants(list: readonly ParticipantInfo[]): ParticipantInfo[] {
  const rank = (p: ParticipantInfo) => (p.revoked ? 2 : p.online ? 0 : 1);
  return [...list].sort((a, b) => rank(a) - rank(b) || a.joined_at - b.joined_at);
}
