// Search state of the board: the query, the matches in board order and the current one, which is
// scrolled into the middle of the board whenever it changes.
import { type RefObject, useCallback, useEffect, useMemo, useState } from "react";
import { searchCards } from "../../doc/search";
import type { MapStore, MapView } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";
import { reveal } from "./BoardKeys";

const NO_HITS: string[] = [];

/**
 * The board's search over `store`. The map is read only while a search is open, so without one an
 * edit does not redraw the board.
 */
export function useBoardSearch(store: MapStore, scroller: RefObject<HTMLElement | null>) {
  const [search, setSearch] = useState<{ query: string; index: number } | null>(null);
  const view: MapView | null = useStoreSlice(store, (v) => (search ? v : null));
  // Without a search the hits keep one identity, so the memoised lanes are not redrawn per edit.
  const hits = useMemo(
    () => (search && view ? searchCards(view, search.query) : NO_HITS),
    [view, search],
  );
  const current = search && hits.length ? search.index % hits.length : 0;
  const currentHit = hits[current] ?? null;
  const hitSet = useMemo(() => new Set(hits), [hits]);
  useEffect(() => {
    const el = currentHit && document.querySelector(`[data-card-id='${CSS.escape(currentHit)}']`);
    if (el && scroller.current) reveal(scroller.current, el, true);
  }, [currentHit, scroller]);
  const open = useCallback(() => setSearch((s) => s ?? { query: "", index: 0 }), []);
  const close = useCallback(() => setSearch(null), []);
  const setQuery = useCallback((query: string) => setSearch({ query, index: 0 }), []);
  const step = (d: 1 | -1) =>
    setSearch((s) =>
      s && hits.length ? { ...s, index: (s.index + d + hits.length) % hits.length } : s,
    );
  return { search, hits, hitSet, current, currentHit, open, close, setQuery, step };
}
