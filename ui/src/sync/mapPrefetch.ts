// A tab that reopens a map (a reload, a tab the browser restores) fetches the host's copy as a
// Loro snapshot while its script is still starting (startup/earlyStart.ts), instead of asking for
// it on the sync socket once the app has rendered and Loro is compiled. On a 2,000-card map the
// answer then waits for the app instead of the app for the answer. useOpenMap imports it before
// joining, so the join brings only what changed since. With the snapshot come its cards as JSON
// (crates/host/src/rooms/newcomer.rs): the store reads them instead of asking Loro for them,
// which took ~100 ms of a 2,000-card map's opening. A failed, malformed or late answer changes
// nothing: the map then comes through the join as before.
import type { Endpoint } from "../api/endpoint";

/** How long opening a map waits for a copy asked for at start before it joins without it. */
export const SNAPSHOT_WAIT_MS = 1_000;

/**
 * A copy asked for longer ago than this is not used (the host holds the room open for its join
 * for 15 s, crates/host/src/rooms/mod.rs SNAPSHOT_HOLD; an older copy only makes the join longer).
 */
export const COPY_FRESH_MS = 10_000;

export function mapSnapshotPath(mapId: string): string {
  return `/api/maps/${encodeURIComponent(mapId)}/snapshot`;
}

/** The host's copy of a map: its snapshot, and its cards map as JSON. */
export interface HostCopy {
  snapshot: Uint8Array;
  cards: unknown;
}

/** Reads the answer: the snapshot's length (4 bytes, little-endian), the snapshot, the JSON. */
export function parseHostCopy(body: ArrayBuffer): HostCopy | null {
  if (body.byteLength < 4) return null;
  const length = new DataView(body).getUint32(0, true);
  if (length === 0 || 4 + length > body.byteLength) return null;
  try {
    const cards: unknown = JSON.parse(new TextDecoder().decode(new Uint8Array(body, 4 + length)));
    if (typeof cards !== "object" || cards === null || Array.isArray(cards)) return null;
    return { snapshot: new Uint8Array(body, 4, length), cards };
  } catch {
    return null;
  }
}

const asked = new Map<string, { answer: Promise<HostCopy | null>; at: number }>();

/** Starts fetching `mapId`'s snapshot (once); the answer waits for `takeHostCopy`. */
export function prefetchHostCopy(ep: Endpoint, mapId: string, fetchFn: typeof fetch = fetch): void {
  if (asked.has(mapId)) return;
  const answer = fetchFn(ep.base + mapSnapshotPath(mapId), {
    headers: { Authorization: `Bearer ${ep.token}` },
    cache: "no-store",
  })
    .then(async (res) => (res.ok ? parseHostCopy(await res.arrayBuffer()) : null))
    .catch(() => null);
  asked.set(mapId, { answer, at: Date.now() });
}

/**
 * The copy fetched for `mapId`, handed out once: null when none was asked for, the fetch failed,
 * it was asked for too long ago, or it has not come within `waitMs`. Copies of other maps are
 * dropped (the tab opened another map first: they would only hold on to memory).
 */
export function takeHostCopy(mapId: string, waitMs = SNAPSHOT_WAIT_MS): Promise<HostCopy | null> {
  const copy = asked.get(mapId);
  asked.clear();
  if (!copy || Date.now() - copy.at > COPY_FRESH_MS) return Promise.resolve(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  return Promise.race([copy.answer, late]).finally(() => clearTimeout(timer));
}
