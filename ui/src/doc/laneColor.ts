// The colour a new card gets in a lane: the one the templates give that kind of lane, so a pain
// point added in a workshop is pink like the pain points beside it, not the yellow of customer
// actions. A department's backstage lane (role backstage, or none) has the department's colour; a
// pain-point lane owned by a department stays pink. The host's copy (crates/model/src/
// lane_color.rs, for a brainstorm's ideas) reads the same vectors (tests/vectors/lane_color.json);
// the rule is also checked against every template's cards (laneColor.test.ts).
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
  const departmentsLane = lane.role === "" || lane.role === "backstage";
  return (
    (departmentsLane ? BY_DEPARTMENT[lane.department] : undefined) ??
    BY_ROLE[lane.role] ??
    DEFAULT_CARD_COLOR
  );
}
