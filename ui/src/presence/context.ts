// Hands the open map's presence to the board's components (cards, inspector, follow) without
// threading it through every props list; null when there is no presence (no map open, or tests).
import { createContext, useContext } from "react";
import type { CardPresence } from "../editor/remoteCarets";
import type { MapPresence } from "./mapPresence";

export const PresenceContext = createContext<MapPresence | null>(null);

export function useMapPresence(): MapPresence | null {
  return useContext(PresenceContext);
}

/** For CardEditor's `presence` prop: undefined when there is no presence channel. */
export function useCardPresence(): CardPresence | undefined {
  return useContext(PresenceContext)?.cards;
}
