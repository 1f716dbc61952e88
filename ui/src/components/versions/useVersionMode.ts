// What the open map shows: the live board, a saved version read-only (a copy of the document
// checked out at the version, on a board of its own), or a comparison — the live map or a later
// version with its cards highlighted and the list of what changed (useChanges.ts, from the host).
// A version whose history this copy of the map lacks cannot be shown: the mode goes back to the
// live map and says why, never showing the live board under a version's name.
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { HostApi } from "../../api/http";
import { MapStore } from "../../doc/store";
import { mapUndoManager, UndoSteps } from "../../doc/undoSteps";
import { type VersionRec, versionDoc } from "../../doc/versions";
import { type BoardMap, type OpenMap, useRoomSlice } from "../../hooks/useOpenMap";
import type { MapChanges } from "../../wire/MapChanges";
import { useChanges } from "./useChanges";

export type VersionMode =
  | { kind: "live" }
  | { kind: "view"; id: string }
  | { kind: "compare"; from: string; to: string | null };

export interface VersionState {
  mode: VersionMode;
  setMode(mode: VersionMode): void;
  versions: VersionRec[];
  /** The board to show: the live map, or a saved version's (read-only). */
  board: BoardMap;
  readOnlyVersion: VersionRec | null;
  changes: MapChanges | null;
  changesError: string | null;
  /** A version asked for could not be read here (its name), until the next mode. */
  unreadable: string | null;
}

const noop = () => () => {};

/** The board of a saved version; null while none is wanted, "unreadable" when it cannot be made. */
function useVersionBoard(
  open: OpenMap,
  version: VersionRec | null,
): BoardMap | "unreadable" | null {
  // Keyed by what the version is, not by its record (rebuilt whenever any version changes).
  const id = version?.id ?? null;
  const frontiers = version?.frontiers ?? null;
  const made = useMemo(() => {
    if (id === null || frontiers === null) return null;
    const doc = versionDoc(open.doc, { frontiers });
    if (!doc) return "unreadable" as const;
    const undo = mapUndoManager(doc);
    const board: BoardMap = {
      mapId: open.mapId,
      doc,
      store: new MapStore(doc),
      steps: new UndoSteps(undo),
    };
    const release = () => {
      board.store.dispose();
      board.steps.dispose();
      undo.free();
    };
    return { board, release };
  }, [open, id, frontiers]);
  useEffect(() => () => (made && made !== "unreadable" ? made.release() : undefined), [made]);
  return made === null || made === "unreadable" ? made : made.board;
}

export function useVersionMode(api: HostApi, open: OpenMap): VersionState {
  const [mode, setModeState] = useState<VersionMode>({ kind: "live" });
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const setMode = (next: VersionMode) => {
    setUnreadable(null);
    setModeState(next);
  };
  const versions = useSyncExternalStore(open.store.subscribe, () => open.store.getView().versions);
  const followsLive = mode.kind === "compare" && mode.to === null;
  const liveVersion = useSyncExternalStore(
    followsLive ? open.store.subscribe : noop,
    () => open.store.getView().version,
  );
  // Whether this window's edits are all stored (a version just saved here included): read only
  // while comparing — it flips twice per keystroke.
  const saved = useRoomSlice(mode.kind === "compare" ? open.room : null, (s) => s.pending === 0);
  const shownId = mode.kind === "view" ? mode.id : mode.kind === "compare" ? mode.to : null;
  const shown = versions.find((v) => v.id === shownId) ?? null;
  const versionBoard = useVersionBoard(open, shown);

  // A version that is no longer there (deleted here or by someone else), or that cannot be read
  // in this copy of the map, ends its mode.
  const fromGone = mode.kind === "compare" && !versions.some((v) => v.id === mode.from);
  const cannotRead = versionBoard === "unreadable";
  useEffect(() => {
    if (cannotRead) setUnreadable(shown?.name ?? "");
    if ((shownId && !shown) || fromGone || cannotRead) setModeState({ kind: "live" });
  }, [shownId, shown, fromGone, cannotRead]);

  const from = mode.kind === "compare" ? mode.from : null;
  const to = mode.kind === "compare" ? mode.to : null;
  const { changes, error } = useChanges(api, open.mapId, from, to, saved, liveVersion);
  const board = versionBoard && versionBoard !== "unreadable" ? versionBoard : null;

  return {
    mode,
    setMode,
    versions,
    board: board ?? open,
    readOnlyVersion: board ? shown : null,
    changes,
    changesError: error,
    unreadable,
  };
}
