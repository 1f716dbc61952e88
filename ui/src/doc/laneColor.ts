// The colour a new card gets in a lane: the one the templates give that kind of lane, so a pain
// point added in a workshop is pink like the pain points beside it, not the yellow of customer
// actions. A department's backstage lane has the department's colour. Checked against every
// template's cards (laneColor.test.ts).
import type { CardColor, LaneRec } from "./schema";

const BY_DEPARTMENT: Readonly<Record<string, CardColor>> = {
  marketing: "purple",
  sales: "teal",
  service: "orange",
};

const BY_ROLE: Readonly<Record<string, CardColor>> = {
  actions: "yellow",
  thoughts: "gray",
  touchpoints: "blue",
  pain_points: "pink",
  opportunities: "green",
  frontstage: "blue",
  backstage: "purple",
  support: "teal",
  evidence: "gray",
};

export const DEFAULT_CARD_COLOR: CardColor = "yellow";

export function laneCardColor(lane: Pick<LaneRec, "role" | "department"> | undefined): CardColor {
  if (!lane) return DEFAULT_CARD_COLOR;
  return BY_DEPARTMENT[lane.department] ?? BY_ROLE[lane.role] ?? DEFAULT_CARD_COLOR;
}
