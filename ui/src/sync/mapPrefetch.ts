// A tab that reopens a map (a reload, a tab the browser restores) fetches the host's copy as a
// Loro snapshot while its script is still starting (startup/earlyStart.ts), instead of asking for
// it on the sync socket once the app has rendered and Loro is compiled. On a 2,000-card map the
// answer then waits for the app instead of the app for the answer. useOpenMap imports it before
// joining, so the join brings only what changed since. With the snapshot come its cards as JSON
// (crates/host/src/rooms/newcomer.rs): the store reads them instead of asking Loro for them,
// which took ~100 ms of a 2,000-card map's opening. A failed, malformed or late answer changes
// nothing: the map then comes through the join as before.
import type { Endpoint } from "../api/endpoint";

/** How long opening a map waits for a snapshot asked for at start before it joins without it. */
export const SNAPSHOT_WAIT_MS = 2_000;

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

const asked = new Map<string, Promise<HostCopy | null>>();

/** Starts fetching `mapId`'s snapshot (once); the answer waits for `takeHostCopy`. */
export function prefetchHostCopy(ep: Endpoint, mapId: string, fetchFn: typeof fetch = fetch): void {
  if (asked.has(mapId)) return;
  const answer = fetchFn(ep.base + mapSnapshotPath(mapId), {
    headers: { Authorization: `Bearer ${ep.token}` },
    cache: "no-store",
  })
    .then(async (res) => (res.ok ? parseHostCopy(await res.arrayBuffer()) : null))
    .catch(() => null);
  asked.set(mapId, answer);
}

/**
 * The snapshot fetched for `mapId`, handed out once: null when none was asked for, the fetch
 * failed, or it has not come within `waitMs`.
 */
export function takeHostCopy(mapId: string, waitMs = SNAPSHOT_WAIT_MS): Promise<HostCopy | null> {
  const answer = asked.get(mapId);
  asked.delete(mapId);
  if (!answer) return Promise.resolve(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}
