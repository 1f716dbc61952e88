// The bundle's checksum follows the vectors shared with the Rust store
// (tests/vectors/bundle_checksum.json, computed with Python), and a saved copy is a bundle the
// store can read: format, version, checksum over its content, the map's snapshot.
import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import vectors from "../../../../tests/vectors/bundle_checksum.json";
import { canonicalJson, contentChecksum, type Json, makeBundle } from "./bundle";
import { bundleFileName } from "./saveCopy";

describe("bundle checksum vectors", () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(contentChecksum(c.content as Json)).toBe(c.sha256);
  });
});

describe("canonical JSON", () => {
  it("sorts keys by code point and writes compactly", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], "😀": "", "\uffff": "" })).toBe(
      '{"a":[true,null,"x"],"b":1,"\uffff":"","😀":""}',
    );
    expect(canonicalJson('引号"\\\n\u0001\u2028')).toBe('"引号\\"\\\\\\n\\u0001\u2028"');
    expect(() => canonicalJson(1.5)).toThrow();
  });
});

describe("makeBundle", () => {
  it("holds the map's snapshot under a checksum of its content", () => {
    const doc = new LoroDoc();
    doc.getMap("meta").set("title", "客戶旅程");
    doc.commit();
    const text = makeBundle("客戶旅程", [
      { title: "客戶旅程", snapshot: doc.export({ mode: "snapshot" }) },
    ]);
    const bundle = JSON.parse(text) as {
      format: string;
      version: number;
      sha256: string;
      content: { project: string; maps: { title: string; document: string }[]; personas: [] };
    };
    expect(bundle.format).toBe("wayline-bundle");
    expect(bundle.version).toBe(1);
    expect(bundle.sha256).toBe(contentChecksum(bundle.content as unknown as Json));
    expect(bundle.content.personas).toEqual([]);
    const map = bundle.content.maps[0];
    expect(map?.title).toBe("客戶旅程");
    const bytes = Uint8Array.from(atob(map?.document ?? ""), (c) => c.charCodeAt(0));
    const copy = new LoroDoc();
    copy.import(bytes);
    expect(copy.getMap("meta").get("title")).toBe("客戶旅程");
  });

  it("names the file after the map", () => {
    expect(bundleFileName("客户/旅程: 第一版?")).toBe("客户 旅程 第一版.wayline");
    expect(bundleFileName("  ")).toBe("Wayline.wayline");
  });
});
