// Flat keys of the entries a channels or emotion lane holds: `stage:lane:rest`. The key carries the
// lane so that a second channels or emotion lane is independent of the first, and stays flat so
// that concurrent writers never lose an entry. Rust mirror: crates/model/src/lane_data.rs; both are
// tested against tests/vectors/cell_keys.json.

export function cellKey(stage: string, lane: string, rest: string): string {
  return `${stage}:${lane}:${rest}`;
}

/** Stage and lane ids never contain ':', so the rest may (custom channels are `custom:<name>`). */
export function parseCellKey(key: string): { stage: string; lane: string; rest: string } | null {
  const a = key.indexOf(":");
  const b = a < 0 ? -1 : key.indexOf(":", a + 1);
  if (a <= 0 || b <= a + 1 || b === key.length - 1) return null;
  return { stage: key.slice(0, a), lane: key.slice(a + 1, b), rest: key.slice(b + 1) };
}

/** The entries of one cell (stage and lane) of a flat map, by the rest of their key. */
export function restsOfCell(keys: Iterable<string>, stage: string, lane: string): string[] {
  const prefix = `${stage}:${lane}:`;
  const out: string[] = [];
  for (const k of keys)
    if (k.startsWith(prefix) && k.length > prefix.length) out.push(k.slice(prefix.length));
  return out;
}
