// The small kind label under a lane's title ("Touchpoints", "Marketing", "Emotion curve") and when
// to leave it out: the templates title many lanes after their kind, and a title that says the same
// as the label under it only costs a line of every lane on a small screen.
import type { LaneRec } from "../../doc/schema";
import { teamLabel } from "./LaneTeamField";

type Translate = (key: string, options?: { defaultValue: string }) => string;

/** What kind of lane this is, in the language of `t`. */
export function laneKindLabel(lane: LaneRec, t: Translate): string {
  if (lane.kind === "department") {
    return lane.department ? teamLabel(lane.department, t) : t("kind.department");
  }
  if (lane.kind === "cards" && lane.role) {
    return t(`board.role.${lane.role}`, { defaultValue: t("kind.cards") });
  }
  return t(`kind.${lane.kind}`);
}

/**
 * Whether the lane's title already says its kind: it holds one of the kind's labels (the map's
 * language, the interface's) — "觸點", or "前台行为" over 前台, "体验指标" over 指标 — compared
 * without case in the map's locale.
 */
export function titleRepeatsKind(title: string, kindLabels: string[], locale: string): boolean {
  const fold = (s: string) => {
    const trimmed = s.trim();
    try {
      return trimmed.toLocaleLowerCase(locale);
    } catch {
      return trimmed.toLowerCase(); // an unknown locale tag
    }
  };
  const folded = fold(title);
  return (
    folded !== "" &&
    kindLabels.some((label) => {
      const word = fold(label);
      return word !== "" && folded.includes(word);
    })
  );
}
