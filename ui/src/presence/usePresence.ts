// React hooks over a map's presence: open it for as long as a map is open (usePresence), and
// subscribe components to exactly the part they show, so one person's scrolling re-renders
// nothing but the follower's board.

import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useLoroReady } from "../doc/loroWasm";
import type { SyncClient } from "../sync/client";
import type { Role } from "../wire/Role";
import { useMapPresence } from "./context";
import { FOLLOW_IDLE, type FollowState } from "./follow";
import { colorFor, localPresenceId } from "./identity";
import { MapPresence } from "./mapPresence";
import type { PeerFace } from "./state";

/** Who this person is on the presence channel. */
export interface PresenceMe {
  /** The presence key: a participant's id, or the facilitator's `localPresenceId()`. */
  id: string;
  name: string;
  /** `#rrggbb` */
  color: string;
  role: Role;
}

const noop = () => () => {};
const NONE: readonly PeerFace[] = [];

/**
 * Opens `mapId`'s presence on the sync socket while `mapId` is set and publishes `me` (name,
 * colour and role changes included). Returns null while no map is open.
 */
export function usePresence(
  sync: SyncClient,
  wanted: string | null,
  me: PresenceMe,
): MapPresence | null {
  const [presence, setPresence] = useState<MapPresence | null>(null);
  // The channel is a Loro EphemeralStore: it opens once Loro's WebAssembly is ready.
  const mapId = useLoroReady(wanted !== null) ? wanted : null;
  const meRef = useRef(me);
  meRef.current = me;
  const id = me.id;
  useEffect(() => {
    if (!mapId) {
      setPresence(null);
      return;
    }
    const m = meRef.current;
    const channel = sync.openPresence(mapId, id, {
      name: m.name,
      color: m.color,
      role: m.role,
      editing: null,
      viewport: null,
      leading: false,
    });
    const p = new MapPresence(mapId, channel);
    setPresence(p);
    return () => {
      p.dispose();
      sync.closePresence(mapId);
      setPresence(null);
    };
  }, [sync, mapId, id]);
  useEffect(() => {
    presence?.sync.update({ name: me.name, color: me.color, role: me.role });
  }, [presence, me.name, me.color, me.role]);
  return presence;
}

/** Everyone else here, sorted by name. */
export function usePeers(presence: MapPresence | null): readonly PeerFace[] {
  return useSyncExternalStore(
    presence ? presence.sync.subscribeFaces : noop,
    presence ? presence.sync.others : () => NONE,
  );
}

/** This person as the avatars show them. */
export function useSelf(presence: MapPresence | null): PeerFace | null {
  return useSyncExternalStore(
    presence ? presence.sync.subscribeFaces : noop,
    presence ? presence.sync.self : () => null,
  );
}

export function useFollowState(presence: MapPresence | null): FollowState {
  return useSyncExternalStore(
    presence ? presence.follow.subscribe : noop,
    presence ? presence.follow.getState : () => FOLLOW_IDLE,
  );
}

/** Other people editing this card (from the board's presence context). */
export function useCardEditors(cardId: string): readonly PeerFace[] {
  const presence = useMapPresence();
  return useSyncExternalStore(
    presence ? presence.sync.subscribeFaces : noop,
    presence ? () => presence.sync.editorsOf(cardId) : () => NONE,
  );
}

/** The facilitator's presence: this browser's stable id, its colour, the display name. */
export function useFacilitatorPresence(
  sync: SyncClient,
  mapId: string | null,
  name: string,
): MapPresence | null {
  const id = useMemo(() => localPresenceId(), []);
  const me = useMemo<PresenceMe>(
    () => ({ id, name, color: colorFor(id), role: "facilitator" }),
    [id, name],
  );
  return usePresence(sync, mapId, me);
}
