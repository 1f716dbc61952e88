// The agenda as stored: read only when it is one (as the host checks), written whole, and a
// section started together with everyone's timer in one change that is no undo step.
import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { MAX_AGENDA_SECTIONS, MAX_TIMER_MINUTES } from "../wire/limits";
import { ROOT } from "../wire/schema";
import {
  AGENDA_KEY,
  AGENDA_ORIGIN,
  newSection,
  nextSection,
  parseSectionMinutes,
  placeOf,
  plannedMinutes,
  readAgenda,
  startSection,
  writeAgenda,
} from "./agenda";
import { readTimer } from "./timer";

const T0 = 1_800_000_000_000;

function planned() {
  return {
    sections: [
      newSection(" 暖场 ", 5),
      newSection("Map the pain points / 梳理痛点", 15),
      newSection("投票", 5),
    ],
    current: null,
  };
}

describe("agenda", () => {
  it("is written whole and read back; a section starts the timer in the same change", () => {
    const doc = new LoroDoc();
    const agenda = planned();
    writeAgenda(doc, agenda);
    const read = readAgenda(doc);
    expect(read?.sections.map((s) => [s.title, s.minutes])).toEqual([
      ["暖场", 5],
      ["Map the pain points / 梳理痛点", 15],
      ["投票", 5],
    ]);
    expect(read && plannedMinutes(read)).toBe(25);
    if (!read) return;
    expect(nextSection(read)?.title).toBe("暖场");

    const origins: (string | undefined)[] = [];
    doc.subscribe((e) => origins.push(e.origin));
    const second = read.sections[1]?.id ?? "";
    const before = doc.oplogVersion();
    startSection(doc, read, second, T0);
    expect(origins).toEqual([AGENDA_ORIGIN]);
    // one change: the agenda and the timer together
    expect(doc.exportJsonUpdates(before, doc.oplogVersion()).changes).toHaveLength(1);
    const now = readAgenda(doc);
    expect(now?.current).toBe(second);
    expect(readTimer(doc)).toEqual({
      duration_ms: 15 * 60_000,
      ends_at: T0 + 15 * 60_000,
      remaining_ms: 15 * 60_000,
      label: "Map the pain points / 梳理痛点",
    });
    if (!now) return;
    expect([0, 1, 2].map((i) => placeOf(now, i))).toEqual(["done", "current", "upcoming"]);
    expect(nextSection(now)?.title).toBe("投票");
    writeAgenda(doc, null);
    expect(readAgenda(doc)).toBeNull();
  });

  it("reads nothing from a value the host would refuse", () => {
    const doc = new LoroDoc();
    const map = doc.getMap(ROOT.workshop);
    const bad = [
      [],
      { sections: "x" },
      { sections: [{ id: "s", title: "a", minutes: 0 }] },
      { sections: [{ id: "s", title: "a", minutes: MAX_TIMER_MINUTES + 1 }] },
      { sections: [{ id: "s", title: "a", minutes: 2.5 }] },
      {
        sections: [
          { id: "s", title: "a", minutes: 5 },
          { id: "s", title: "b", minutes: 5 },
        ],
      },
      {
        sections: Array.from({ length: MAX_AGENDA_SECTIONS + 1 }, (_, i) => ({
          id: `s${i}`,
          title: "",
          minutes: 1,
        })),
      },
    ];
    for (const value of bad) {
      map.set(AGENDA_KEY, value);
      expect(readAgenda(doc), JSON.stringify(value)).toBeNull();
    }
    expect(["15", " １５ ", String(MAX_TIMER_MINUTES)].map(parseSectionMinutes)).toEqual([
      15,
      15,
      MAX_TIMER_MINUTES,
    ]);
    expect(["0", "241", "1e1", "0x0A", "1.0", "٣", "-5", ""].map(parseSectionMinutes)).toEqual(
      Array(8).fill(null),
    );
  });
});
