// One part of the open map's view, read where it is drawn: a cell reads its own cards, an emotion
// lane its ratings. The store keeps every unchanged part's identity (doc/store.ts), so a component
// that reads a slice re-renders only when that slice changes, not on every edit of the map.
import { createContext, useContext, useSyncExternalStore } from "react";
import type { MapStore, MapView } from "../doc/store";

export const MapStoreContext = createContext<MapStore | null>(null);

/** `select` must return a part of the view as it is (no new objects), or a primitive. */
export function useStoreSlice<T>(store: MapStore, select: (view: MapView) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getView()));
}

/** The store of the map whose board this component is on. */
export function useMapStore(): MapStore {
  const store = useContext(MapStoreContext);
  if (!store) throw new Error("a map's slice is read outside its board");
  return store;
}

/** [`useStoreSlice`] of the map whose board this component is on. */
export function useMapSlice<T>(select: (view: MapView) => T): T {
  return useStoreSlice(useMapStore(), select);
}
