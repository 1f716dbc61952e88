// The map list's counts for the open map come from the map itself, not from the host's catalog:
// the catalog is refreshed every few seconds, so after "Clear examples" or a burst of new cards
// its numbers would lag. The same counting as the host's (crates/model MapView::counts): cards
// whose stage and lane exist.
import type { MapView } from "../doc/store";
import type { ProjectSummary } from "../wire/ProjectSummary";

export interface MapCounts {
  stages: number;
  lanes: number;
  cards: number;
}

export function countsOf(view: MapView): MapCounts {
  let cards = 0;
  for (const list of view.cells.values()) cards += list.length;
  return { stages: view.stages.length, lanes: view.lanes.length, cards };
}

/** The catalog with the open map's counts replaced by its live ones (same object when equal). */
export function withLiveCounts(
  projects: ProjectSummary[] | null,
  mapId: string | null,
  counts: MapCounts | null,
): ProjectSummary[] | null {
  if (!projects || !mapId || !counts) return projects;
  let changed = false;
  const next = projects.map((p) => {
    if (!p.maps.some((m) => m.id === mapId)) return p;
    return {
      ...p,
      maps: p.maps.map((m) => {
        if (m.id !== mapId) return m;
        const same =
          m.stage_count === counts.stages &&
          m.lane_count === counts.lanes &&
          m.card_count === counts.cards;
        if (same) return m;
        changed = true;
        return {
          ...m,
          stage_count: counts.stages,
          lane_count: counts.lanes,
          card_count: counts.cards,
        };
      }),
    };
  });
  return changed ? next : projects;
}
