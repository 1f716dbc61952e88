// The stage options popover: rename, colour palette, description, phase (pre-/post-sale), add a
// stage after this one, move left/right (the keyboard route for reordering) and delete.
import { type RefObject, useState } from "react";
import type { StageRec } from "../../doc/schema";
import { CARD_COLORS, PHASES } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_STAGE_DESCRIPTION_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";
import { BoardPopover } from "./BoardPopover";
import type { BoardActions } from "./boardActions";

interface Props {
  stage: StageRec;
  index: number;
  count: number;
  actions: BoardActions;
  onRename: () => void;
  onAddAfter: () => void;
  /** Why no stage can be added after this one (the map's stage limit), or null. */
  addLimit: string | null;
  onDelete: () => void;
  onClose: () => void;
  /** The ⋯ button that opens and closes the menu. */
  toggle?: RefObject<HTMLElement | null>;
}

export function StageMenu({ stage, index, count, actions, ...p }: Props) {
  const { t } = useTranslation();
  const [desc, setDesc] = useState(stage.description);
  const act = (f: () => void) => () => {
    p.onClose();
    f();
  };
  return (
    <BoardPopover
      label={t("board.stage.menu", { title: stage.title })}
      onClose={p.onClose}
      toggle={p.toggle}
    >
      <button type="button" className="menu-item" onClick={act(p.onRename)}>
        {t("board.stage.rename")}
      </button>
      <fieldset className="palette" aria-label={t("board.stage.color")}>
        {CARD_COLORS.map((c) => (
          <button
            key={c}
            type="button"
            className="swatch band-swatch"
            style={{ background: `var(--band-${c})` }}
            data-testid={`stage-color-${c}`}
            aria-pressed={stage.color === c}
            aria-label={t("card.color", { color: t(`color.${c}`) })}
            onClick={() => actions.stageField(stage.id, "color", c)}
          />
        ))}
      </fieldset>
      <label className="field">
        <span>{t("board.stage.description")}</span>
        <textarea
          data-testid="stage-description"
          rows={3}
          value={desc}
          {...charLimit(MAX_STAGE_DESCRIPTION_CHARS, setDesc)}
          onBlur={() => actions.stageField(stage.id, "description", desc.trim())}
        />
      </label>
      <label className="field">
        <span>{t("board.stage.phase")}</span>
        <select
          data-testid="stage-phase-select"
          value={(PHASES as readonly string[]).includes(stage.phase) ? stage.phase : PHASES[0]}
          onChange={(e) => actions.stageField(stage.id, "phase", e.target.value)}
        >
          {PHASES.map((phase) => (
            <option key={phase} value={phase}>
              {t(`board.stage.${phase}`)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className={p.addLimit ? "menu-item at-limit" : "menu-item"}
        data-testid="add-stage-after"
        aria-disabled={p.addLimit ? true : undefined}
        title={p.addLimit ?? undefined}
        onClick={act(p.onAddAfter)}
      >
        {t("board.stage.addAfter")}
      </button>
      <div className="row">
        <button
          type="button"
          className="menu-item"
          disabled={index === 0}
          onClick={() => actions.moveStage(stage.id, index - 1)}
        >
          ← {t("board.stage.moveLeft")}
        </button>
        <button
          type="button"
          className="menu-item"
          disabled={index >= count - 1}
          onClick={() => actions.moveStage(stage.id, index + 1)}
        >
          {t("board.stage.moveRight")} →
        </button>
      </div>
      <button
        type="button"
        className="menu-item danger"
        data-testid="delete-stage"
        onClick={act(p.onDelete)}
      >
        {t("board.stage.delete")}
      </button>
    </BoardPopover>
  );
}
