// The board's toolbar: the switch between the board, its action plan and its parking lot, add a
// lane, search, the keyboard shortcuts, zoom out/in/reset/fit, wall mode, and "Clear examples".
import type { ReactNode } from "react";
import { useMapSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { ZOOM_MAX, ZOOM_MIN } from "./BoardPrefs";

export type BoardPane = "board" | "actions" | "parking";
const PANES: readonly BoardPane[] = ["board", "actions", "parking"];

interface Props {
  pane: BoardPane;
  onPane: (p: BoardPane) => void;
  zoom: number;
  onZoom: (z: number | ((old: number) => number)) => void;
  onFit: () => void;
  onAddLane: () => void;
  onSearch: () => void;
  onHelp: () => void;
  examples: number;
  onClearExamples: () => void;
  canAddLane: boolean;
  /** Why no lane can be added (the map is at its lane limit), or null; a click then says it. */
  laneLimit: string | null;
  /** Tools the board's owner adds (the versions of the map). */
  tools?: ReactNode;
  /** Shows the board as the room's projector should (wallMode.ts). */
  onWall: () => void;
}

export function BoardToolbar(p: Props) {
  const { t } = useTranslation();
  const actionCount = useMapSlice((v) => Object.keys(v.actions).length);
  const parkingCount = useMapSlice((v) => v.parking.length);
  return (
    <div className="board-toolbar" role="toolbar" aria-label={t("board.toolbar")}>
      <fieldset className="pane-switch" aria-label={t("board.panes")}>
        {PANES.map((pane) => (
          <button
            key={pane}
            type="button"
            aria-pressed={p.pane === pane}
            className={p.pane === pane ? "small-button pane-on" : "small-button"}
            data-testid={`pane-${pane}`}
            onClick={() => p.onPane(pane)}
          >
            {pane === "board"
              ? t("actions.boardTab")
              : pane === "actions"
                ? t("actions.tabCount", { count: actionCount })
                : t("parking.tabCount", { count: parkingCount })}
          </button>
        ))}
      </fieldset>
      {p.pane === "board" && p.canAddLane && (
        <button
          type="button"
          className={p.laneLimit ? "small-button at-limit" : "small-button"}
          data-testid="add-lane"
          aria-disabled={p.laneLimit ? true : undefined}
          title={p.laneLimit ?? undefined}
          onClick={p.onAddLane}
        >
          + {t("board.lane.add")}
        </button>
      )}
      {p.pane === "board" && (
        <button
          type="button"
          className="small-button"
          data-testid="open-search"
          onClick={p.onSearch}
        >
          {t("board.search.open")}
        </button>
      )}
      {p.tools}
      <button
        type="button"
        className="icon-button"
        data-testid="open-shortcuts"
        aria-haspopup="dialog"
        aria-label={t("shortcuts.open")}
        title={t("shortcuts.open")}
        onClick={p.onHelp}
      >
        ?
      </button>
      <span className="toolbar-gap" />
      {p.examples > 0 && (
        <button
          type="button"
          className="small-button"
          data-testid="clear-examples"
          onClick={p.onClearExamples}
        >
          {t("board.examples.clear")}
        </button>
      )}
      <fieldset
        className="zoom-group"
        aria-label={t("board.zoom.label")}
        hidden={p.pane !== "board"}
      >
        <button
          type="button"
          className="icon-button"
          data-testid="zoom-out"
          aria-label={t("board.zoom.out")}
          title={t("board.zoom.out")}
          // aria-disabled, not disabled: a keyboard user at the limit keeps the focus here.
          aria-disabled={p.zoom <= ZOOM_MIN + 0.001}
          onClick={() => p.zoom > ZOOM_MIN + 0.001 && p.onZoom((z) => z - 0.1)}
        >
          −
        </button>
        <button
          type="button"
          className="small-button zoom-level"
          data-testid="zoom-reset"
          aria-label={t("board.zoom.reset")}
          title={t("board.zoom.reset")}
          onClick={() => p.onZoom(1)}
        >
          {Math.round(p.zoom * 100)}%
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="zoom-in"
          aria-label={t("board.zoom.in")}
          title={t("board.zoom.in")}
          aria-disabled={p.zoom >= ZOOM_MAX - 0.001}
          onClick={() => p.zoom < ZOOM_MAX - 0.001 && p.onZoom((z) => z + 0.1)}
        >
          +
        </button>
        <button
          type="button"
          className="small-button"
          data-testid="zoom-fit"
          title={t("board.zoom.fit")}
          onClick={p.onFit}
        >
          {t("board.zoom.fit")}
        </button>
        <button
          type="button"
          className="small-button"
          data-testid="wall-enter"
          title={t("board.wall.explain")}
          onClick={p.onWall}
        >
          {t("board.wall.enter")}
        </button>
      </fieldset>
    </div>
  );
}
