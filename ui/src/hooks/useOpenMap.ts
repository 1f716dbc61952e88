// Opens one map: a fresh LoroDoc (random peer id per session) with any edits kept in the browser's
// outbox from an earlier session imported before joining, its normalised store, its room on the
// sync socket, the outbox that keeps this session's unacknowledged edits, and an UndoManager
// limited to this peer's edits. Everything is torn down on close. The map opens once Loro's
// WebAssembly is ready (doc/loroWasm.ts) and the host's copy is in: fetched while the tab started
// (sync/mapPrefetch.ts), or through the join (or LOAD_WAIT_MS passed).
// When the host refuses one of this screen's edits for its content, the map opens again at once
// on a document without that edit and with everything made after it (sync/setAside.ts): a new
// session with a new `session` key, which the board's components are keyed by.
import { LoroDoc, type UndoManager } from "loro-crdt";
import { useEffect, useState, useSyncExternalStore } from "react";
import { flushSync } from "react-dom";
import { preloadFirstViewGlyphs } from "../components/board/firstViewGlyphs";
import { useLoroReady } from "../doc/loroWasm";
import { lostSinceRestore, type RestoredEdits } from "../doc/lostCards";
import { readCard } from "../doc/read";
import type { CardRec } from "../doc/schema";
import { MapStore } from "../doc/store";
import { textPreview } from "../doc/textLength";
import { mapUndoManager, UndoSteps } from "../doc/undoSteps";
import type { SyncClient } from "../sync/client";
import { browserOutboxStorage } from "../sync/idb";
import { type HostCopy, takeHostCopy } from "../sync/mapPrefetch";
import { MapOutbox } from "../sync/outbox";
import { restoreOutbox } from "../sync/outboxEntries";
import type { RoomSync } from "../sync/room";
import { type Remade, type SetAside, spanOfUpdates, withoutRefused } from "../sync/setAside";
import type { RoomStatus } from "../sync/types";

export interface OpenMap {
  mapId: string;
  /** Tells this opening of the map from the next (after a refused edit was set aside). */
  session: string;
  doc: LoroDoc;
  store: MapStore;
  room: RoomSync;
  undo: UndoManager;
  steps: UndoSteps;
  /**
   * Whether the map opened from the host's copy fetched ahead: it then shows the whole map
   * before the join's answer (which brings only what changed since), so it is ready to read and
   * edit at once. Otherwise it is ready once the join has brought the map.
   */
  fromHostCopy: boolean;
}

/** What a board needs of a map: the live map, or a saved version of it forked read-only. */
export type BoardMap = Pick<OpenMap, "mapId" | "doc" | "store" | "steps">;

/** The host's cards JSON, when the document holds nothing but the copy it describes. */
interface HostCopyIn {
  cards: unknown;
}

/** How long a map waits for the host's copy before it opens with what this browser has. */
export const LOAD_WAIT_MS = 3_000;

export function useOpenMap(sync: SyncClient, wanted: string | null): OpenMap | null {
  const [open, setOpen] = useState<OpenMap | null>(null);
  const mapId = useLoroReady(wanted !== null) ? wanted : null;
  useEffect(() => {
    if (!mapId) {
      setOpen(null);
      return;
    }
    const storage = browserOutboxStorage();
    let cancelled = false;
    let teardown: (() => void) | null = null;
    let sessions = 0;
    /**
     * Opens `doc` on its room, outbox and store. `hostCopy`: the host's copy is in (with the JSON
     * of its cards when nothing else is); `adopted`: kept entries this session deletes once saved;
     * `remade` (after a refused edit was set aside, else null): the edits made after it, made
     * again and sent first (those of this screen's own may be set aside in their turn); such a
     * session deletes the adopted entries as soon as its own whole copy is stored, since that copy
     * holds everything of theirs that is kept.
     */
    const start = (
      doc: LoroDoc,
      adopted: string[],
      hostCopy: HostCopyIn | null,
      remade: Remade[] | null = null,
      restoredAt: RestoredEdits | null = null,
      offered: readonly CardRec[] = [],
    ): { room: RoomSync; outbox: MapOutbox | null } | null => {
      if (cancelled) return null;
      sessions += 1;
      const session = sessions === 1 ? mapId : `${mapId}~${sessions}`;
      const room = sync.openRoom(mapId, doc, {
        onRefused: (updates, later) => setAside(doc, updates, later),
        waiting: remade ?? [],
      });
      const outbox = storage
        ? new MapOutbox({
            mapId,
            doc,
            room,
            storage,
            adopted,
            retireAdoptedOnceStored: remade !== null,
          })
        : null;
      let store: MapStore | null = null;
      let undo: UndoManager | null = null;
      let steps: UndoSteps | null = null;
      // Once anything listens to a LoroDoc's changes (the store, the undo manager), every import
      // computes change events for each container it touches: 150–350 ms for the whole of a
      // 2,000-card map, against under 10 ms without. So they attach once the host's copy is in
      // (the store then reads it in one call), or when it does not come (offline: the board
      // shows what this browser has and says so).
      const attach = () => {
        if (store || cancelled) return;
        stopWaiting();
        store = new MapStore(doc, hostCopy?.cards);
        // Cards an earlier session of this map was offering back (its words exist nowhere else).
        store.lostCards.add(offered);
        preloadFirstViewGlyphs(store.getView());
        // No time-based merging: UndoSteps marks where one gesture ends and the next begins.
        undo = mapUndoManager(doc);
        steps = new UndoSteps(undo, doc);
        setOpen({
          mapId,
          session,
          doc,
          store,
          room,
          undo,
          steps,
          fromHostCopy: hostCopy !== null,
        });
        checkRestored();
      };
      // Cards someone deleted over edits kept from before a reload: looked for once the join
      // has brought what the host had, the deletion with it (doc/lostCards.ts).
      const checkRestored = () => {
        const host = room.hostVersionAtJoin();
        if (!store || !restoredAt || !host || !room.getStatus().loaded) return;
        stopRestoreCheck();
        try {
          const { edited, lost } = lostSinceRestore(doc, restoredAt, host);
          store.lostCards.noteEarlierSession(edited);
          store.lostCards.add(lost);
        } catch (e) {
          console.warn("could not look for cards deleted over the kept edits", e);
        }
      };
      const stopRestoreCheck = restoredAt ? room.subscribe(checkRestored) : () => undefined;
      const unsubscribe = room.subscribe(() => {
        const s = room.getStatus();
        if (s.loaded || s.error) attach();
      });
      const timer = setTimeout(attach, LOAD_WAIT_MS);
      const stopWaiting = () => {
        unsubscribe();
        clearTimeout(timer);
      };
      if (hostCopy || room.getStatus().loaded) attach();
      /** Closes this session; gives the kept entries a session taking over must adopt. */
      const close = (): string[] => {
        stopWaiting();
        stopRestoreCheck();
        const kept = outbox ? outbox.handOver() : [];
        sync.closeRoom(mapId);
        store?.dispose();
        steps?.dispose();
        undo?.free();
        return kept;
      };
      teardown = () => void close();
      /**
       * The host refused one of this screen's own edits for its content: the map opens again
       * without it, with what was made after it, and says so. If that cannot be done the room
       * keeps showing the refusal and nothing leaves this screen or the browser's copy.
       */
      const setAside = (from: LoroDoc, updates: Uint8Array[], later: Uint8Array[]) => {
        // Outside the room's message handler that called this.
        queueMicrotask(() => {
          if (cancelled) return;
          // The board goes first: an editor holding an unfinished (IME) composition writes it
          // into `from` as it closes, and it must be in what is kept.
          flushSync(() => setOpen(null));
          let next: SetAside;
          try {
            next = withoutRefused(from, spanOfUpdates(updates), later);
          } catch (e) {
            console.warn("the refused edit could not be set aside", e);
            setOpen((o) => o ?? reopenedAs(from));
            return;
          }
          const offeredBefore = store?.lostCards.get() ?? [];
          const reopened = start(
            next.doc,
            close(),
            { cards: undefined },
            next.remade,
            null,
            offeredBefore,
          );
          reopened?.room.showNotice({
            kind: "setAside",
            detail: "",
            ...(next.votedCards
              ? { votedCards: next.votedCards.map((id) => cardName(from, id)) }
              : {}),
          });
          // Stored at once: until then only the earlier session's entry holds what was kept.
          reopened?.outbox?.flush();
        });
      };
      /** This session as it was, shown again (setting aside failed: the refusal stays said). */
      const reopenedAs = (from: LoroDoc): OpenMap | null =>
        store && undo && steps
          ? {
              mapId,
              session: `${session}~kept`,
              doc: from,
              store,
              room,
              undo,
              steps,
              fromHostCopy: false,
            }
          : null;
      return { room, outbox };
    };
    const doc = new LoroDoc();
    // restoreOutbox never rejects: a bad entry is dropped and logged
    const restored = storage
      ? restoreOutbox(storage, mapId, doc).catch((): string[] => [])
      : Promise.resolve([]);
    void Promise.all([restored, takeHostCopy(mapId)]).then(([adopted, copy]) => {
      // The cards JSON describes the document only when the snapshot is all it holds: nothing
      // of an earlier session was imported before it (not even part of an entry).
      const onlyTheCopy = doc.oplogVersion().length() === 0;
      // Before the host's copy, which may already hold a deletion of a card edited there.
      const restoredAt: RestoredEdits | null = onlyTheCopy
        ? null
        : { version: doc.oplogVersion(), frontiers: doc.frontiers() };
      if (!copy || !importHostCopy(doc, copy.snapshot)) start(doc, adopted, null, null, restoredAt);
      else start(doc, adopted, { cards: onlyTheCopy ? copy.cards : undefined }, null, restoredAt);
    });
    return () => {
      cancelled = true;
      teardown?.();
      setOpen(null);
    };
  }, [sync, mapId]);
  return open;
}

/** Imports the host's copy fetched ahead; false (and the join brings it) if it cannot be read. */
function importHostCopy(doc: LoroDoc, snapshot: HostCopy["snapshot"]): boolean {
  try {
    doc.import(snapshot);
    return true;
  } catch (e) {
    console.warn("the map fetched ahead could not be read; joining without it", e);
    return false;
  }
}

/** The status of no room: what a reader sees while no map is open. */
export const OFFLINE: RoomStatus = {
  state: "offline",
  joined: false,
  loaded: false,
  pending: 0,
  error: null,
  notice: null,
  access: null,
};
const noop = () => () => {};

/**
 * One part of a room's status (a primitive, or a part kept as it is): its count of waiting edits
 * changes on every keystroke, so each reader takes only the part it shows.
 */
export function useRoomSlice<T>(room: RoomSync | null, select: (status: RoomStatus) => T): T {
  return useSyncExternalStore(room ? room.subscribe : noop, () =>
    select(room ? room.getStatus() : OFFLINE),
  );
}

/**
 * Whether the open map's board is whole and live: the join has brought the map. A map drawn from
 * the host's copy is whole before that, so it is ready until its first join has an outcome; from
 * then on, as for any map, while the room is joined and loaded (not while it reconnects or after
 * the host refused it).
 */
export function useBoardReady(open: OpenMap | null): boolean {
  const room = open?.room ?? null;
  const joined = useRoomSlice(room, (s) => s.joined && s.loaded);
  const failed = useRoomSlice(room, (s) => s.error !== null);
  // The open map whose first join has had an outcome.
  const [settled, setSettled] = useState<OpenMap | null>(null);
  useEffect(() => {
    if (open && (joined || failed)) setSettled(open);
  }, [open, joined, failed]);
  const fromCopy = open?.fromHostCopy === true && settled !== open && !failed;
  return joined || fromCopy;
}

/** A card as a notice names it: its first line, shortened. */
function cardName(doc: LoroDoc, id: string): string {
  const text = readCard(doc, id)?.text ?? "";
  return textPreview(text.split("\n")[0]?.trim() ?? "", 40);
}
