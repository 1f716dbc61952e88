import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/cell_keys.json";
import { cellKey, parseCellKey, restsOfCell } from "./cellKey";

describe("flat keys of per-lane entries", () => {
  it("match the vectors the Rust model is tested against", () => {
    for (const v of vectors.keys) {
      expect(cellKey(v.stage, v.lane, v.rest)).toBe(v.key);
      expect(parseCellKey(v.key)).toEqual({ stage: v.stage, lane: v.lane, rest: v.rest });
    }
    for (const bad of vectors.not_keys) expect(parseCellKey(bad)).toBeNull();
  });

  it("find the entries of one cell only", () => {
    const keys = ["s:a:faq", "s:b:website", "s:a:custom:微信", "t:a:store"];
    expect(restsOfCell(keys, "s", "a")).toEqual(["faq", "custom:微信"]);
  });
});
