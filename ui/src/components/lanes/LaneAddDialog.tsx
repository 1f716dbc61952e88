// The "Add lane" dialog: kind, then the role of a cards lane or the team of a department lane, and
// a title (prefilled from the choice). Adds the lane at the bottom of the board in one commit.
import { useRef, useState } from "react";
import type { LaneKind } from "../../doc/schema";
import { CARD_ROLES, LANE_KINDS } from "../../doc/schema";
import type { NewLane } from "../../doc/structure";
import { cleanTitle } from "../../doc/structure";
import { useModalFocus } from "../../hooks/useModalFocus";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_TITLE_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";
import { useMapT } from "../shared/mapLanguage";
import { TeamField, teamLabel } from "./LaneTeamField";

interface Props {
  onAdd: (lane: NewLane) => void;
  onClose: () => void;
}

export function LaneAddDialog({ onAdd, onClose }: Props) {
  const { t } = useTranslation();
  // The title it suggests goes onto the map: in the map's language.
  const mapT = useMapT();
  const [kind, setKind] = useState<LaneKind>("cards");
  const [role, setRole] = useState<string>("actions");
  const [team, setTeam] = useState("marketing");
  const [title, setTitle] = useState("");
  const [error, setError] = useState(false);
  const dialog = useRef<HTMLFormElement>(null);
  const keepFocus = useModalFocus(dialog);
  const suggested =
    kind === "cards"
      ? mapT(`board.role.${role}`)
      : kind === "department"
        ? teamLabel(team, mapT)
        : mapT(`kind.${kind}`);
  const submit = () => {
    const clean = cleanTitle(title || suggested);
    if (clean === null || (kind === "department" && !team.trim())) {
      setError(true);
      return;
    }
    onAdd({ title: clean, kind, role, department: team.trim() });
    onClose();
  };
  return (
    <div className="dialog-backdrop">
      <form
        ref={dialog}
        tabIndex={-1}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t("board.lane.add")}
        data-testid="add-lane-dialog"
        onKeyDown={(e) => {
          keepFocus(e);
          e.stopPropagation();
          if (e.key === "Escape") onClose();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2>{t("board.lane.add")}</h2>
        <label className="field">
          <span>{t("board.lane.kind")}</span>
          <select
            data-testid="lane-kind-select"
            value={kind}
            onChange={(e) => setKind(e.target.value as LaneKind)}
          >
            {LANE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === "cards" && (
          <label className="field">
            <span>{t("board.lane.role")}</span>
            <select
              data-testid="lane-role-select"
              value={role}
              onChange={(e) => setRole(e.target.value)}
            >
              {CARD_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`board.role.${r}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === "department" && <TeamField value={team} onChange={setTeam} />}
        <label className="field">
          <span>{t("board.lane.title")}</span>
          <input
            data-testid="lane-title-new"
            value={title}
            placeholder={suggested}
            {...charLimit(MAX_TITLE_CHARS, (text) => {
              setTitle(text);
              setError(false);
            })}
          />
        </label>
        {error && (
          <p className="title-error" role="alert">
            {t("board.titleRequired")}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onClose}>
            {t("board.cancel")}
          </button>
          <button type="submit" className="primary-button" data-testid="add-lane-ok">
            {t("board.lane.add")}
          </button>
        </div>
      </form>
    </div>
  );
}
