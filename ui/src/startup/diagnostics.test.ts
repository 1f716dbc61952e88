// The copied diagnostics: every line a helper needs, "unknown" where the shell could not say,
// and the fallback field that opens the closed disclosure before selecting the text.
import { describe, expect, it } from "vitest";
import { diagnosticsText, revealingField } from "./diagnostics";

const failure = { code: "file_locked", message: "database is locked" };
const at = new Date(Date.UTC(2025, 5, 1, 9, 30));

describe("diagnosticsText", () => {
  it("lists the failure, the folders, the newest backup, the time and the browser", () => {
    const text = diagnosticsText({
      failure,
      options: {
        data_dir: "C:\\Users\\Ana\\AppData\\Roaming\\Wayline",
        log_dir: "C:\\Users\\Ana\\AppData\\Roaming\\Wayline\\logs",
        backup_name: "b1.sqlite3",
        backup_created_at_ms: Date.UTC(2025, 4, 31, 17, 0),
      },
      at,
      userAgent: "UA/1.0",
      language: "zh-CN",
    });
    expect(text.split("\n")).toEqual([
      "Wayline could not open its data",
      "Code: file_locked",
      "Message: database is locked",
      "Data folder: C:\\Users\\Ana\\AppData\\Roaming\\Wayline",
      "Log folder: C:\\Users\\Ana\\AppData\\Roaming\\Wayline\\logs",
      "Newest backup: b1.sqlite3 (2025-05-31T17:00:00.000Z)",
      "Time: 2025-06-01T09:30:00.000Z",
      "User agent: UA/1.0",
      "UI language: zh-CN",
    ]);
  });
  it("says what it does not know", () => {
    const text = diagnosticsText({ failure, options: null, at, userAgent: "UA", language: "en" });
    expect(text).toContain("Data folder: unknown");
    expect(text).toContain("Newest backup: unknown");
    const none = diagnosticsText({
      failure,
      options: {
        data_dir: "/d",
        log_dir: "/d/logs",
        backup_name: null,
        backup_created_at_ms: null,
      },
      at,
      userAgent: "UA",
      language: "en",
    });
    expect(none).toContain("Newest backup: none");
  });
});

describe("revealingField", () => {
  it("opens the disclosure, then focuses and selects the text", () => {
    const box = document.createElement("details");
    const area = document.createElement("textarea");
    area.value = "Code: x";
    box.append(area);
    document.body.append(box);
    const field = revealingField(area, box);
    field.focus();
    field.select();
    expect(box.open).toBe(true);
    expect(document.activeElement).toBe(area);
    expect(area.selectionEnd - area.selectionStart).toBe("Code: x".length);
    box.remove();
  });
});
