// A stage column header: sticky at the top, double-click renames inline, drag to reorder (drop on
// another header), and a menu with colour, description, phase, add-after, move and delete.
import { useRef, useState } from "react";
import type { StageRec } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { useMapT } from "../shared/mapLanguage";
import { useReadOnly } from "../shared/readOnly";
import { boardDrag } from "./BoardDrag";
import { BoardTitleInput } from "./BoardTitleInput";
import type { BoardActions } from "./boardActions";
import { StageMenu } from "./StageMenu";

interface Props {
  stage: StageRec;
  index: number;
  count: number;
  /** First post-sale stage after a pre-sale one: draws the phase divider. */
  phaseStart: boolean;
  renaming: boolean;
  onRename: (id: string | null) => void;
  onAddAfter: (id: string) => void;
  /** Why no stage can be added (the map is at its stage limit), or null. */
  stageLimit: string | null;
  onDelete: (stage: StageRec) => void;
  actions: BoardActions;
}

export function StageHeader(p: Props) {
  const { t } = useTranslation();
  const mapT = useMapT();
  const readOnly = useReadOnly();
  const { stage } = p;
  const [menu, setMenu] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const [over, setOver] = useState(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drag-to-reorder has a keyboard route in the stage menu (move left/right)
    <div
      className={`stage-header${p.phaseStart ? " phase-start" : ""}${over ? " drop-over" : ""}`}
      data-testid="stage-header"
      data-stage-id={stage.id}
      data-phase={stage.phase}
      style={{ borderTopColor: `var(--band-${stage.color}, var(--band-gray))` }}
      title={stage.description || undefined}
      draggable={!p.renaming && !readOnly}
      onDragStart={(e) => boardDrag.start({ kind: "stage", id: stage.id }, e)}
      onDragEnd={() => boardDrag.end()}
      onDragOver={(e) => {
        if (boardDrag.get().kind !== "stage" || readOnly) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const d = boardDrag.take("stage");
        if (!d) return;
        e.preventDefault();
        p.actions.moveStage(d.id, p.index);
      }}
    >
      {p.phaseStart && <span className="phase-label">{mapT("board.stage.post_sale")}</span>}
      {p.renaming ? (
        <BoardTitleInput
          initial={stage.title}
          label={t("board.stage.title")}
          testId="stage-title-input"
          onSave={(title) => {
            p.actions.stageField(stage.id, "title", title);
            p.onRename(null);
          }}
          onCancel={() => p.onRename(null)}
        />
      ) : (
        // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a shortcut; the menu has "Rename"
        <span
          className="stage-title"
          title={stage.title}
          onDoubleClick={() => !readOnly && p.onRename(stage.id)}
        >
          {stage.title}
        </span>
      )}
      {stage.description && !p.renaming && (
        <span className="stage-description">{stage.description}</span>
      )}
      <button
        ref={menuButton}
        type="button"
        className="head-menu-button stage-menu-button"
        hidden={readOnly}
        data-testid="stage-menu"
        aria-label={t("board.stage.menu", { title: stage.title })}
        aria-expanded={menu}
        onClick={() => setMenu((m) => !m)}
      >
        ⋯
      </button>
      {menu && !readOnly && (
        <StageMenu
          stage={stage}
          index={p.index}
          count={p.count}
          actions={p.actions}
          onRename={() => p.onRename(stage.id)}
          onAddAfter={() => p.onAddAfter(stage.id)}
          addLimit={p.stageLimit}
          onDelete={() => p.onDelete(stage)}
          onClose={() => setMenu(false)}
          toggle={menuButton}
        />
      )}
    </div>
  );
}
