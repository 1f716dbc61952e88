// The Restore screen's wording of backups: locale dates, seconds only to tell two apart, how long
// ago, the totals shown once a backup is selected, and the whole-file restore command.
import { describe, expect, it } from "vitest";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import {
  backupTotals,
  formatBackupTime,
  formatBackupTimes,
  relativeAge,
  restoreCommand,
} from "./backupFormat";

const AT = Date.UTC(2025, 2, 1, 10, 15, 7);
const MIN = 60_000;

describe("formatBackupTime", () => {
  it("uses the UI language's date and time", () => {
    const expected = (lng: string) =>
      new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeStyle: "short" }).format(AT);
    for (const lng of ["en", "zh-CN", "zh-TW"])
      expect(formatBackupTime(AT, lng)).toBe(expected(lng));
    expect(formatBackupTime(AT, "zh-TW")).toContain("2025年3月1日");
    expect(formatBackupTime(AT, "en")).toContain("2025");
  });
});

describe("formatBackupTimes", () => {
  it("adds seconds only to backups made in the same minute", () => {
    const [a, b, c] = formatBackupTimes([AT, AT - 3_000, AT - 30 * MIN], "en");
    expect(a).not.toBe(b);
    expect(a).toContain(":07");
    expect(b).toContain(":04");
    expect(c).toBe(formatBackupTime(AT - 30 * MIN, "en"));
  });
  it("keeps short times when every minute differs", () => {
    const times = [AT, AT - 30 * MIN];
    expect(formatBackupTimes(times, "zh-TW")).toEqual(
      times.map((t) => formatBackupTime(t, "zh-TW")),
    );
  });
});

describe("relativeAge", () => {
  it("says how long ago in each UI language", () => {
    expect(relativeAge(AT, AT + 10_000, "en")).toBe("now");
    expect(relativeAge(AT, AT + 12 * MIN, "en")).toBe("12 minutes ago");
    expect(relativeAge(AT, AT + 3 * 60 * MIN, "en")).toBe("3 hours ago");
    expect(relativeAge(AT, AT + 26 * 60 * MIN, "en")).toBe("yesterday");
    expect(relativeAge(AT, AT + 12 * MIN, "zh-TW")).toBe("12 分鐘前");
    expect(relativeAge(AT, AT + 12 * MIN, "zh-CN")).toBe("12分钟前");
  });
  it("treats a clock slightly behind the backup as now", () => {
    expect(relativeAge(AT, AT - 5_000, "en")).toBe("now");
  });
});

describe("backupTotals", () => {
  const project = (maps: number): ProjectSummary => ({
    id: `p${maps}`,
    name: "",
    created_at: 0,
    updated_at: 0,
    maps: Array.from({ length: maps }, (_, i) => ({
      id: `m${i}`,
      project_id: `p${maps}`,
      title: "",
      template: "lifecycle",
      locale: "zh-TW",
      stage_count: 5,
      lane_count: 6,
      card_count: 12,
      updated_at: 0,
    })),
  });
  it("counts projects and the maps in all of them", () => {
    expect(backupTotals({ projects: [project(2), project(0), project(1)] })).toEqual({
      projects: 3,
      maps: 3,
    });
    expect(backupTotals({ projects: [] })).toEqual({ projects: 0, maps: 0 });
  });
});

describe("restoreCommand", () => {
  it("names the backup as the host lists it", () => {
    expect(restoreCommand("wayline-2025-03-01T101500Z.sqlite3")).toBe(
      "wayline restore --from wayline-2025-03-01T101500Z.sqlite3",
    );
  });
  it("quotes a name a shell would split", () => {
    expect(restoreCommand("my backup's.sqlite3")).toBe(
      "wayline restore --from 'my backup'\\''s.sqlite3'",
    );
  });
});
