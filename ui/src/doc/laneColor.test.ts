// A new card takes the colour the templates give the cards of its kind of lane: every card of
// every template is checked against the rule.
import { describe, expect, it } from "vitest";
import lifecycle from "../../../crates/model/templates/lifecycle.json";
import prePostSale from "../../../crates/model/templates/pre_post_sale.json";
import saasOnboarding from "../../../crates/model/templates/saas_onboarding.json";
import selfService from "../../../crates/model/templates/self_service.json";
import serviceBlueprint from "../../../crates/model/templates/service_blueprint.json";
import vectors from "../../../tests/vectors/lane_color.json";
import { laneCardColor } from "./laneColor";

interface Template {
  lanes: { key: string; role: string; department: string }[];
  cards?: { lane: string; color?: string }[];
}

describe("laneCardColor", () => {
  it("gives the colour of the templates' cards in each kind of lane", () => {
    const templates = [lifecycle, prePostSale, saasOnboarding, selfService, serviceBlueprint];
    let checked = 0;
    for (const template of templates as unknown as Template[]) {
      for (const card of template.cards ?? []) {
        const lane = template.lanes.find((l) => l.key === card.lane);
        if (!card.color) continue;
        expect(laneCardColor(lane), `${card.lane}`).toBe(card.color);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("follows the shared vectors (the host's copy reads them too)", () => {
    for (const c of vectors.cases) {
      expect(
        laneCardColor({ role: c.role, department: c.department }),
        `${c.role}/${c.department}`,
      ).toBe(c.color);
    }
  });

  it("is yellow for a lane of no known kind", () => {
    expect(laneCardColor({ role: "", department: "" })).toBe("yellow");
    expect(laneCardColor({ role: "", department: "法务部" })).toBe("yellow");
    expect(laneCardColor(undefined)).toBe("yellow");
  });
});
