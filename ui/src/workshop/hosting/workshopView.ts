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

/** Longest map title the top bar's workshop status shows before cutting it with "…". */
export const PILL_TITLE_CHARS = 14;

/**
 * The workshop's map title for the top bar when another map (or none) is open: whole, or its first
 * PILL_TITLE_CHARS user-perceived characters and "…" (a CJK title is counted the same way, and an
 * emoji or accented letter is never cut in half).
 */
export function pillTitle(title: string): string {
  const parts = Array.from(
    new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(title),
  );
  if (parts.length <= PILL_TITLE_CHARS) return title;
  return `${parts
    .slice(0, PILL_TITLE_CHARS)
    .map((p) => p.segment)
    .join("")
    .trimEnd()}…`;
}
