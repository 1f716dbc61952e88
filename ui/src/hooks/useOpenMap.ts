// Opens one map: a fresh LoroDoc (random peer id per session), its normalised store, its room on
// the sync socket and an UndoManager limited to this peer's edits. Everything is torn down on close.
import { LoroDoc, UndoManager } from "loro-crdt";
import { useEffect, useState, useSyncExternalStore } from "react";
import { MapStore } from "../doc/store";
import { UndoSteps } from "../doc/undoSteps";
import type { SyncClient } from "../sync/client";
import type { RoomSync } from "../sync/room";
import type { RoomStatus } from "../sync/types";

export interface OpenMap {
  mapId: string;
  doc: LoroDoc;
  store: MapStore;
  room: RoomSync;
  undo: UndoManager;
  steps: UndoSteps;
}

export function useOpenMap(sync: SyncClient, mapId: string | null): OpenMap | null {
  const [open, setOpen] = useState<OpenMap | null>(null);
  useEffect(() => {
    if (!mapId) {
      setOpen(null);
      return;
    }
    const doc = new LoroDoc();
    const store = new MapStore(doc);
    const room = sync.openRoom(mapId, doc);
    // No time-based merging: UndoSteps marks where one gesture ends and the next begins.
    const undo = new UndoManager(doc, { mergeInterval: 0, maxUndoSteps: 200 });
    setOpen({ mapId, doc, store, room, undo, steps: new UndoSteps(undo) });
    return () => {
      sync.closeRoom(mapId);
      store.dispose();
      setOpen(null);
    };
  }, [sync, mapId]);
  return open;
}

const OFFLINE: RoomStatus = {
  state: "offline",
  joined: false,
  loaded: false,
  pending: 0,
  error: null,
};
const noop = () => () => {};

export function useRoomStatus(room: RoomSync | null): RoomStatus {
  return useSyncExternalStore(room ? room.subscribe : noop, room ? room.getStatus : () => OFFLINE);
}
