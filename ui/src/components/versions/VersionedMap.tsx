// The open map's board with its saved versions: the Versions button in the board's toolbar and
// its dialog, the line that says which version or comparison is shown, the board itself (the live
// map, or a version read-only) with the changed cards highlighted, and the list of what changed.
// Restoring a version makes a new map of the same project (on the host) and opens it.
import { type ReactNode, useEffect, useState } from "react";
import type { HostApi } from "../../api/http";
import type { BoardMap, OpenMap } from "../../hooks/useOpenMap";
import { useTranslation } from "../../i18n/useTranslation";
import { requestShowCard } from "../board/showCard";
import { showCardNotice } from "../cards/cardNotice";
import { ReadOnlyContext } from "../shared/readOnly";
import { ChangesPanel } from "./ChangesPanel";
import { CardChangesContext, cardChangeKinds } from "./cardChanges";
import { useVersionMode } from "./useVersionMode";
import { VersionBar } from "./VersionBar";
import { VersionsDialog } from "./VersionsDialog";

interface Props {
  api: HostApi;
  open: OpenMap;
  author: string;
  /** Whether this person may edit the map (save and delete versions). */
  canEdit: boolean;
  /** A new map was made from a version: open it. */
  onOpened(projectId: string, mapId: string): void;
  onError(e: unknown): void;
  /** The board for a map (live or a version), with the toolbar's extra tools. */
  renderBoard(map: BoardMap, tools: ReactNode, key: string): ReactNode;
}

export function VersionedMap(p: Props) {
  const { t } = useTranslation();
  const state = useVersionMode(p.api, p.open);
  const [dialog, setDialog] = useState(false);
  const { mode } = state;
  const byId = (id: string | null) => state.versions.find((v) => v.id === id) ?? null;
  const from = mode.kind === "compare" ? byId(mode.from) : null;
  const comparing = from ? { from, to: mode.kind === "compare" ? byId(mode.to) : null } : null;
  const kinds = state.changes ? cardChangeKinds(state.changes) : null;
  // A version this copy of the map cannot read (its history is not here): said, not shown.
  useEffect(() => {
    if (state.unreadable !== null)
      showCardNotice(t("versions.unreadable", { name: state.unreadable }), "version-unreadable");
  }, [state.unreadable, t]);

  const restore = (id: string) => {
    setDialog(false);
    p.api.restoreVersion(p.open.mapId, id).then((summary) => {
      showCardNotice(t("versions.restored", { title: summary.title }), "version-restored");
      p.onOpened(summary.project_id, summary.id);
    }, p.onError);
  };

  const tools = (
    <button
      type="button"
      className={mode.kind === "live" ? "small-button" : "small-button pane-on"}
      data-testid="open-versions"
      aria-haspopup="dialog"
      onClick={() => setDialog(true)}
    >
      {state.versions.length > 0
        ? t("versions.buttonCount", { count: state.versions.length })
        : t("versions.button")}
    </button>
  );

  const shown = state.readOnlyVersion;
  const board = p.renderBoard(state.board, tools, shown ? `version-${shown.id}` : "live");
  return (
    <>
      <VersionBar
        viewing={state.readOnlyVersion}
        comparing={comparing}
        onRestore={restore}
        onLive={() => state.setMode({ kind: "live" })}
      />
      <div className="versioned-board">
        <CardChangesContext.Provider value={kinds}>
          {state.readOnlyVersion ? (
            <ReadOnlyContext.Provider value={true}>{board}</ReadOnlyContext.Provider>
          ) : (
            board
          )}
        </CardChangesContext.Provider>
        {comparing && (
          <ChangesPanel
            title={
              comparing.to
                ? t("versions.comparingTwo", { from: comparing.from.name, to: comparing.to.name })
                : t("versions.comparing", { name: comparing.from.name })
            }
            changes={state.changes}
            error={state.changesError}
            onShowCard={requestShowCard}
          />
        )}
      </div>
      {dialog && (
        <VersionsDialog
          doc={p.open.doc}
          versions={state.versions}
          author={p.author}
          canEdit={p.canEdit}
          onView={(id) => {
            setDialog(false);
            state.setMode({ kind: "view", id });
          }}
          onCompare={(from, to) => {
            setDialog(false);
            state.setMode({ kind: "compare", from, to });
          }}
          onRestore={restore}
          onClose={() => setDialog(false)}
        />
      )}
    </>
  );
}
