// Checks that every translation key exists in all three languages with a non-empty value, and the
// rule that maps a browser locale to a UI language.
import { describe, expect, it } from "vitest";
import {
  ACTION_STATUSES,
  CARD_COLORS,
  CARD_ROLES,
  CHANNELS,
  CONFIDENCES,
  DIRECTIONS,
  LANE_KINDS,
  METRIC_KINDS,
  METRIC_STATUSES,
  PHASES,
  SEPARATORS,
  TEAMS,
} from "../wire/schema";
import catalogEn from "./catalog/en.json";
import catalogZhCN from "./catalog/zh-CN.json";
import catalogZhTW from "./catalog/zh-TW.json";
import en from "./en.json";
import { languageFromLocale, resolveLanguage, resources } from "./index";
import zhCN from "./zh-CN.json";
import zhTW from "./zh-TW.json";

function flatten(obj: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof obj === "object" && obj !== null && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (typeof v === "object" && v !== null)
        for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
      else out.set(key, v);
    }
  }
  return out;
}

describe.each([
  ["board and shell", { en, "zh-CN": zhCN, "zh-TW": zhTW }],
  ["catalog", { en: catalogEn, "zh-CN": catalogZhCN, "zh-TW": catalogZhTW }],
])("%s translations", (_set, sources) => {
  const files = {
    en: flatten(sources.en),
    "zh-CN": flatten(sources["zh-CN"]),
    "zh-TW": flatten(sources["zh-TW"]),
  };
  const all = new Set<string>();
  for (const f of Object.values(files)) for (const k of f.keys()) all.add(k);

  it.each(Object.entries(files))("%s has every key with a non-empty string", (_name, file) => {
    const missing = [...all].filter((k) => !file.has(k));
    expect(missing).toEqual([]);
    const empty = [...file].filter(([, v]) => typeof v !== "string" || v.trim() === "");
    expect(empty).toEqual([]);
  });

  it("keeps the interpolation variables of English", () => {
    const vars = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of files.en) {
      expect(vars(files["zh-CN"].get(key)), key).toEqual(vars(value));
      expect(vars(files["zh-TW"].get(key)), key).toEqual(vars(value));
    }
  });
});

describe("the schema's lists (generated from Rust) have their words", () => {
  // The board, the PDF, the CSV and the SVG/PNG all read these keys (the Rust report embeds these
  // catalogs): an entry added to a list in crates/model/src/schema.rs fails here until it has a word
  // in every language.
  const lists: [string, readonly string[]][] = [
    ["kind", LANE_KINDS],
    ["board.role", CARD_ROLES],
    ["dept", TEAMS],
    ["board.channel", CHANNELS],
    ["board.metric.kind", METRIC_KINDS],
    ["color", CARD_COLORS],
    ["board.confidence", CONFIDENCES],
    ["board.separator", SEPARATORS],
    ["board.metric", DIRECTIONS],
    ["board.metric.status", METRIC_STATUSES],
    ["actions.status", ACTION_STATUSES],
    ["board.stage", PHASES],
  ];
  it.each([
    ["en", en],
    ["zh-CN", zhCN],
    ["zh-TW", zhTW],
  ])("%s", (_name, file) => {
    const words = flatten(file);
    const missing = lists.flatMap(([prefix, ids]) =>
      ids.map((id) => `${prefix}.${id}`).filter((key) => typeof words.get(key) !== "string"),
    );
    expect(missing).toEqual([]);
  });
});

describe("merged resources", () => {
  it("put the catalog strings under a top-level catalog key without hiding other keys", () => {
    expect(Object.keys(en)).not.toContain("catalog");
    for (const lng of ["en", "zh-CN", "zh-TW"] as const) {
      const merged = flatten(resources[lng].translation);
      expect(merged.get("catalog.trash.open")).toBeTruthy();
      expect(merged.get("rail.projects")).toBeTruthy();
    }
  });
});

describe("language resolution", () => {
  it("maps browser locales", () => {
    expect(languageFromLocale("zh-TW")).toBe("zh-TW");
    expect(languageFromLocale("zh-HK")).toBe("zh-TW");
    expect(languageFromLocale("zh-Hant-TW")).toBe("zh-TW");
    expect(languageFromLocale("zh-CN")).toBe("zh-CN");
    expect(languageFromLocale("zh")).toBe("zh-CN");
    expect(languageFromLocale("zh-SG")).toBe("zh-CN");
    expect(languageFromLocale("en-GB")).toBe("en");
    expect(languageFromLocale("fr")).toBe("en");
  });
  it("prefers an explicit setting", () => {
    expect(resolveLanguage("zh-TW", "en-US")).toBe("zh-TW");
    expect(resolveLanguage("auto", "zh-HK")).toBe("zh-TW");
  });
});

describe("lane wording matches the templates' lane titles", () => {
  // The templates (crates/model/templates) title these lanes 触点/渠道 and 接觸點/通路; the small
  // kind/role label under a lane title and the channel picker must use the same words.
  const strings = (obj: unknown) =>
    [...flatten(obj).values()].filter((v): v is string => typeof v === "string");

  it("zh-CN uses 触点 and 渠道", () => {
    expect(zhCN.board.role.touchpoints).toBe("触点");
    expect(zhCN.kind.channels).toBe("渠道");
    expect(zhCN.board.channel.pick).toBe("渠道");
    expect(strings(zhCN).filter((s) => /管道|通路|接触点/.test(s))).toEqual([]);
  });

  it("zh-TW uses 接觸點 and 通路", () => {
    expect(zhTW.board.role.touchpoints).toBe("接觸點");
    expect(zhTW.kind.channels).toBe("通路");
    expect(zhTW.board.channel.pick).toBe("通路");
    expect(strings(zhTW).filter((s) => /管道|渠道|(?<!接)觸點/.test(s))).toEqual([]);
  });
});
