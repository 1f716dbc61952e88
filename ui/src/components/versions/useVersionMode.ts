// What the open map shows: the live board, a saved version read-only (the document forked at the
// version, on a board of its own), or a comparison — the live map or a later version with its
// cards highlighted and the list of what changed, which the host computes
// (GET /api/maps/{id}/changes). Comparing with the live map follows its edits: the changes are
// asked again a moment after the map changed, once every local edit reached the host.
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { HostApi } from "../../api/http";
import { MapStore } from "../../doc/store";
import { mapUndoManager, UndoSteps } from "../../doc/undoSteps";
import { type VersionRec, versionDoc } from "../../doc/versions";
import type { BoardMap, OpenMap } from "../../hooks/useOpenMap";
import type { MapChanges } from "../../wire/MapChanges";

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
}

const REFRESH_MS = 800;
const noop = () => () => {};

function useVersionBoard(open: OpenMap, version: VersionRec | null): BoardMap | null {
  const board = useMemo(() => {
    if (!version) return null;
    const doc = versionDoc(open.doc, version);
    if (!doc) return null;
    return {
      mapId: open.mapId,
      doc,
      store: new MapStore(doc),
      steps: new UndoSteps(mapUndoManager(doc)),
    };
  }, [open, version]);
  useEffect(() => () => board?.store.dispose(), [board]);
  return board;
}

export function useVersionMode(api: HostApi, open: OpenMap, pending: number): VersionState {
  const [mode, setMode] = useState<VersionMode>({ kind: "live" });
  const versions = useSyncExternalStore(open.store.subscribe, () => open.store.getView().versions);
  const liveVersion = useSyncExternalStore(
    mode.kind === "compare" && mode.to === null ? open.store.subscribe : noop,
    () => open.store.getView().version,
  );
  const shownId = mode.kind === "view" ? mode.id : mode.kind === "compare" ? mode.to : null;
  const shown = versions.find((v) => v.id === shownId) ?? null;
  const versionBoard = useVersionBoard(open, shown);

  // A version that is no longer there (deleted here or by someone else) ends its mode.
  const fromGone = mode.kind === "compare" && !versions.some((v) => v.id === mode.from);
  useEffect(() => {
    if ((shownId && !shown) || fromGone) setMode({ kind: "live" });
  }, [shownId, shown, fromGone]);

  // Changes are kept with the comparison they answer, so another comparison never shows them.
  const [result, setResult] = useState<{ key: string; changes: MapChanges } | null>(null);
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  const from = mode.kind === "compare" ? mode.from : null;
  const to = mode.kind === "compare" ? mode.to : null;
  const key = from ? `${from}>${to ?? ""}` : "";
  const answered = result?.key === key;
  // biome-ignore lint/correctness/useExhaustiveDependencies: liveVersion asks again after the live map changed
  useEffect(() => {
    if (!from) return;
    // The host compares what it has stored: wait until this window's edits reached it.
    if (pending > 0) return;
    let cancelled = false;
    const timer = window.setTimeout(
      () => {
        api.mapChanges(open.mapId, from, to).then(
          (changes) => {
            if (cancelled) return;
            setResult({ key, changes });
            setFailure(null);
          },
          (e: unknown) => {
            if (!cancelled)
              setFailure({ key, message: e instanceof Error ? e.message : String(e) });
          },
        );
      },
      answered ? REFRESH_MS : 0,
    );
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [api, open.mapId, from, to, key, pending, liveVersion, answered]);

  return {
    mode,
    setMode,
    versions,
    board: versionBoard ?? open,
    readOnlyVersion: versionBoard ? shown : null,
    changes: answered && result ? result.changes : null,
    changesError: failure?.key === key && from ? failure.message : null,
  };
}
