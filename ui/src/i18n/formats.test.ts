// Tests that the UI's formatters are made once per language and options and format as Intl does,
// and that the date ones are made again when the page comes back into view (the time zone may have
// changed while the laptop was closed).
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  dateTimeFormat,
  formatDateTime,
  makeFormatsWhenIdle,
  numberFormat,
  relativeTimeFormat,
} from "./formats";

describe("formats", () => {
  it("gives the same formatter for the same language and options", () => {
    expect(numberFormat("zh-CN", { maximumFractionDigits: 2 })).toBe(
      numberFormat("zh-CN", { maximumFractionDigits: 2 }),
    );
    expect(dateTimeFormat("zh-TW")).toBe(dateTimeFormat("zh-TW"));
    expect(relativeTimeFormat("en", { numeric: "auto" })).toBe(
      relativeTimeFormat("en", { numeric: "auto" }),
    );
  });

  it("keeps languages, options and kinds apart", () => {
    expect(numberFormat("en")).not.toBe(numberFormat("zh-CN"));
    expect(numberFormat("en", { maximumFractionDigits: 0 })).not.toBe(
      numberFormat("en", { maximumFractionDigits: 2 }),
    );
    expect(numberFormat("en").format(1234.5)).toBe("1,234.5");
    expect(numberFormat("en", { maximumFractionDigits: 0 }).format(1234.5)).toBe("1,235");
  });

  it("writes a moment as Intl does, in each UI language", () => {
    const ms = Date.UTC(2026, 10, 16, 15, 5);
    for (const language of ["en", "zh-CN", "zh-TW"]) {
      const expected = new Intl.DateTimeFormat(language, {
        dateStyle: "medium",
        timeStyle: "short",
      }).format(new Date(ms));
      expect(formatDateTime(ms, language)).toBe(expected);
    }
  });

  it("makes the date formatters again when the page comes back into view, and only those", () => {
    const date = dateTimeFormat("zh-CN", { dateStyle: "medium" });
    const number = numberFormat("zh-CN");
    document.dispatchEvent(new Event("visibilitychange"));
    expect(document.visibilityState).toBe("visible");
    expect(dateTimeFormat("zh-CN", { dateStyle: "medium" })).not.toBe(date);
    expect(numberFormat("zh-CN")).toBe(number);
  });
});

describe("makeFormatsWhenIdle", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  // Languages no other test makes formatters for, so the cache holds none of them yet.
  it("makes the first language's number formatter, then each other language's, one per idle moment", () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal("requestIdleCallback", (then: () => void) => idle.push(then));
    const made = vi.spyOn(Intl, "NumberFormat");
    made.mockClear();
    makeFormatsWhenIdle("de-CH", ["fr-CA", "de-CH", "it-IT"]);
    expect(made).not.toHaveBeenCalled();
    const perMoment: string[][] = [];
    while (idle.length > 0) {
      const before = made.mock.calls.length;
      idle.shift()?.();
      perMoment.push(made.mock.calls.slice(before).map((c) => String(c[0])));
    }
    expect(perMoment).toEqual([["de-CH"], ["fr-CA"], ["it-IT"], []]);
    expect(numberFormat("it-IT")).toBe(numberFormat("it-IT"));
  });

  it("waits a moment where the page cannot tell when it is idle", () => {
    vi.stubGlobal("requestIdleCallback", undefined);
    vi.useFakeTimers();
    const made = vi.spyOn(Intl, "NumberFormat");
    made.mockClear();
    makeFormatsWhenIdle("en-GB", ["en-AU"]);
    expect(made).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(made.mock.calls.map((c) => String(c[0]))).toEqual(["en-GB", "en-AU"]);
  });
});
