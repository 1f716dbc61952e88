// A language chosen while the stored settings are still loading is kept when they arrive (it used
// to flip back to the stored one on a slow first load).
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { HostApi } from "../api/http";
import { initI18n } from "../i18n";
import type { Settings } from "../wire/Settings";
import { useSettings } from "./useSettings";

describe("useSettings", () => {
  it("keeps a choice made before the stored settings arrive", async () => {
    initI18n("en");
    let arrive: (s: Settings) => void = () => {};
    const saved: Settings[] = [];
    const api = {
      settings: () => new Promise<Settings>((resolve) => (arrive = resolve)),
      saveSettings: async (s: Settings) => {
        saved.push(s);
      },
    } as unknown as HostApi;
    const onError = () => {};
    const { result } = renderHook(() => useSettings(api, onError));
    act(() => result.current.update({ language: "zh-TW" }));
    await act(async () => arrive({ language: "auto", theme: "dark" }));
    expect(result.current.settings).toEqual({ language: "zh-TW", theme: "dark" });
    expect(saved.at(-1)?.language).toBe("zh-TW");
  });
});
