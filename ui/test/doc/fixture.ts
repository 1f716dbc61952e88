// The three-stage, two-lane document the structure tests start from.
import { makeMapDoc } from "../../src/doc/fixture";

export function makeFixture() {
  return makeMapDoc(
    ["s1", "s2", "s3"],
    [
      { id: "l1", title: "Actions", kind: "cards" },
      { id: "l2", title: "Metrics", kind: "metrics" },
    ],
  );
}
