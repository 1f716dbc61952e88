import { describe, expect, it } from "vitest";
import { nameHalves, readDate, readHistoryCsv } from "./historyImport";
import type { MetricRec, StageRec } from "./schema";

const stages: StageRec[] = [
  { id: "s1", title: "忠诚", description: "", color: "blue", phase: "post_sale" },
  { id: "s2", title: "Retention", description: "", color: "blue", phase: "post_sale" },
];
const metric = (id: string, stage: string, kind: string, unit: string, label = ""): MetricRec => ({
  id,
  stage,
  lane: "l",
  kind,
  label,
  unit,
  direction: "higher",
  expected: null,
  current: null,
  amber: 0,
  red: 0,
  example: false,
});
const metrics = [
  metric("m1", "s1", "nps", "pts"),
  metric("m2", "s2", "csat", "1-5"),
  metric("m3", "s2", "custom", "%", "App rating"),
];
const names = (m: MetricRec) => [m.kind, m.label, m.kind === "nps" ? "净推荐值 NPS" : ""];

describe("metric values from a CSV file", () => {
  it("reads a survey export with a heading, quotes, full-width digits and any date separator", () => {
    const csv =
      "\uFEFFstage,metric,date,value\r\n忠诚,NPS,2026-09-30,31\n\n忠诚,净推荐值 NPS,2026/12/31,３４\n" +
      'Retention,csat,2026.6.1,"4,2"\nRetention,"App rating",2026-06-01,87%\n';
    const result = readHistoryCsv(csv, stages, metrics, names);
    expect(result).toEqual({
      ok: true,
      points: [
        { metric: "m1", date: "2026-09-30", value: 31 },
        { metric: "m1", date: "2026-12-31", value: 34 },
        { metric: "m2", date: "2026-06-01", value: 4.2 },
        { metric: "m3", date: "2026-06-01", value: 87 },
      ],
    });
  });

  it("names every problem by line and column and imports nothing", () => {
    const csv = [
      "忠诚,NPS,2026-09-30,31",
      "忠誠,NPS,2026-09-30,31",
      "忠诚,CES,2026-09-30,3",
      "忠诚,NPS,2026-02-30,31",
      "忠诚,NPS,2026-09-30,很多",
      "忠诚,NPS,2026-09-30,1000",
      "忠诚,NPS,2026-09-30",
      "Retention,csat,2026-09-30,6",
    ].join("\n");
    const result = readHistoryCsv(csv, stages, metrics, names);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.column, p.key])).toEqual([
      // 忠誠 is 忠诚 in the other script: the same stage, and line 1's metric and day again
      [2, 3, "repeat"],
      [3, 2, "metric"],
      [4, 3, "date"],
      [5, 4, "value"],
      [6, 4, "range"],
      [7, null, "columns"],
      [8, 4, "range"],
    ]);
  });

  it("finds a stage by its name in the other Chinese script, and says a line of one column in the singular", () => {
    const result = readHistoryCsv(
      "忠誠,NPS,2026-10-31,33\n忠诚,NPS,2026-11-30,35\n",
      stages,
      metrics,
      names,
    );
    expect(result).toEqual({
      ok: true,
      points: [
        { metric: "m1", date: "2026-10-31", value: 33 },
        { metric: "m1", date: "2026-11-30", value: 35 },
      ],
    });
    const one = readHistoryCsv("忠诚,NPS,2026-10-31,33\n忠诚\n", stages, metrics, names);
    expect(one).toMatchObject({ ok: false, problems: [{ line: 2, key: "columns", count: 1 }] });
  });

  it("prefers a stage's exact name to one in the other script, and says when the other script names two", () => {
    const twins: StageRec[] = [
      { id: "a", title: "后台", description: "", color: "blue", phase: "post_sale" },
      { id: "b", title: "後台", description: "", color: "blue", phase: "post_sale" },
    ];
    const both = [metric("ma", "a", "nps", "pts"), metric("mb", "b", "nps", "pts")];
    expect(readHistoryCsv("後台,nps,2026-10-31,30\n", twins, both, names)).toEqual({
      ok: true,
      points: [{ metric: "mb", date: "2026-10-31", value: 30 }],
    });
    expect(readHistoryCsv("後臺,nps,2026-10-31,30\n", twins, both, names)).toMatchObject({
      ok: false,
      problems: [{ line: 1, column: 1, key: "ambiguousStage" }],
    });
  });

  it("says where a quote opens that is never closed", () => {
    const csv = '忠诚,NPS,2026-10-31,33\n"忠诚,NPS,2026-11-30,35\n忠诚,NPS,2026-12-31,36\n';
    expect(readHistoryCsv(csv, stages, metrics, names)).toMatchObject({
      ok: false,
      problems: [{ line: 2, key: "quote" }],
    });
  });

  it("refuses a fifth column rather than guess which one is the value, and keeps a spreadsheet's empty ones", () => {
    // stage, metric, date, target, actual: the target would have been taken as the value
    const five = "stage,metric,date,target,actual\n忠诚,NPS,2026-10-31,40,33\n";
    expect(readHistoryCsv(five, stages, metrics, names)).toMatchObject({
      ok: false,
      problems: [{ line: 2, key: "columns", count: 5 }],
    });
    expect(readHistoryCsv("忠诚,NPS,2026-10-31,33,,\n", stages, metrics, names)).toMatchObject({
      ok: true,
      points: [{ date: "2026-10-31", value: 33 }],
    });
  });

  it("reads a name a spreadsheet export kept from being a formula", () => {
    const minus: StageRec = { ...(stages[0] as StageRec), id: "sm", title: "-售后" };
    const nps = metric("mm", "sm", "nps", "pts");
    expect(readHistoryCsv("'-售后,NPS,2026-10-31,33\n", [minus], [nps], names)).toMatchObject({
      ok: true,
      points: [{ metric: "mm", value: 33 }],
    });
  });

  it("finds a metric by either half of its two-script name", () => {
    const csv = "忠诚,净推荐值,2026-10-31,33\n忠诚,nps,2026-11-30,35\n";
    expect(readHistoryCsv(csv, stages, metrics, names)).toMatchObject({
      ok: true,
      points: [{ value: 33 }, { value: 35 }],
    });
    expect(nameHalves("NPS 净推荐值")).toEqual(["净推荐值", "NPS"]);
    expect(nameHalves("Churn rate")).toEqual([]);
    expect(nameHalves("客户 满意度")).toEqual([]);
  });

  it("reads a first line with an unreadable date as a line, not as a heading", () => {
    const csv = "忠诚,NPS,30/09/2026,33\n忠诚,NPS,2026-10-31,35\n";
    expect(readHistoryCsv(csv, stages, metrics, names)).toMatchObject({
      ok: false,
      problems: [{ line: 1, column: 3, key: "date", text: "30/09/2026" }],
    });
  });

  it("refuses a file without values, and a day that does not exist", () => {
    expect(readHistoryCsv("stage,metric,date,value\n", stages, metrics, names)).toMatchObject({
      ok: false,
      problems: [{ key: "empty" }],
    });
    expect(readDate("2026/2/29")).toBeNull();
    expect(readDate("２０２６-０９-３０")).toBe("2026-09-30");
  });
});
