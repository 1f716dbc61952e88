// The copied diagnostics: every line a helper needs, "unknown" where the shell could not say,
// the host's diagnostics (version, system, data file, backups, the end of the log) at start-up and
// in the running app, and the fallback field that opens the closed disclosure before selecting
// the text.
import { describe, expect, it } from "vitest";
import type { Diagnostics } from "../wire/Diagnostics";
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

const HOST: Diagnostics = {
  version: "0.4.0",
  os: "windows",
  arch: "x86_64",
  data_dir: "C:\\Users\\Ana\\AppData\\Roaming\\Wayline",
  data_file: "ok: integrity ok, file version 4, 2 projects, 5 maps",
  data_file_bytes: 1_234_567,
  backups: 3,
  newest_backup: "wayline-2025-05-31T170000Z.sqlite3",
  log_file: "wayline.log.2025-06-01",
  log_tail: ["2025-06-01 INFO host started", "2025-06-01 WARN slow save: 812 ms"],
};

describe("diagnosticsText with the host's diagnostics", () => {
  it("lays out every field and the end of the log in the running app", () => {
    const text = diagnosticsText({ host: HOST, at, userAgent: "UA/1.0", language: "zh-TW" });
    expect(text.split("\n")).toEqual([
      "Wayline diagnostics",
      "Version: 0.4.0",
      "System: windows x86_64",
      "Data folder: C:\\Users\\Ana\\AppData\\Roaming\\Wayline",
      "Data file: ok: integrity ok, file version 4, 2 projects, 5 maps",
      "Data file size: 1234567 bytes",
      "Newest backup: wayline-2025-05-31T170000Z.sqlite3",
      "Backups: 3",
      "Log file: wayline.log.2025-06-01",
      "Time: 2025-06-01T09:30:00.000Z",
      "User agent: UA/1.0",
      "UI language: zh-TW",
      "Log tail (last 2 lines):",
      "2025-06-01 INFO host started",
      "2025-06-01 WARN slow save: 812 ms",
    ]);
  });

  it("keeps every line when there is no log, no backup and no data file yet", () => {
    const text = diagnosticsText({
      host: {
        ...HOST,
        data_file: "no data file yet",
        data_file_bytes: 0,
        backups: 0,
        newest_backup: null,
        log_file: null,
        log_tail: [],
      },
      at,
      userAgent: "UA",
      language: "en",
    });
    const lines = text.split("\n");
    for (const label of [
      "Version:",
      "System:",
      "Data folder:",
      "Data file:",
      "Data file size:",
      "Newest backup:",
      "Backups:",
      "Log file:",
      "Time:",
      "User agent:",
      "UI language:",
      "Log tail:",
    ]) {
      expect(
        lines.filter((l) => l.startsWith(`${label} `)),
        label,
      ).toHaveLength(1);
    }
    expect(lines).toContain("Data file: no data file yet");
    expect(lines).toContain("Data file size: 0 bytes");
    expect(lines).toContain("Newest backup: none");
    expect(lines).toContain("Backups: 0");
    expect(lines).toContain("Log file: none");
    expect(lines.at(-1)).toBe("Log tail: none");
  });

  it("adds them to the start-up report, in the same layout", () => {
    const options = {
      data_dir: "/d",
      log_dir: "/d/logs",
      backup_name: "wayline-2025-05-30T170000Z.sqlite3",
      backup_created_at_ms: Date.UTC(2025, 4, 30, 17, 0),
    };
    const text = diagnosticsText({
      failure,
      options,
      host: { ...HOST, data_dir: "/d", data_file: "file is not a database" },
      at,
      userAgent: "UA",
      language: "en",
    });
    expect(text.split("\n")).toEqual([
      "Wayline could not open its data",
      "Code: file_locked",
      "Message: database is locked",
      "Version: 0.4.0",
      "System: windows x86_64",
      "Data folder: /d",
      "Data file: file is not a database",
      "Data file size: 1234567 bytes",
      "Log folder: /d/logs",
      "Newest backup: wayline-2025-05-30T170000Z.sqlite3 (2025-05-30T17:00:00.000Z)",
      // the newest file is not the newest readable backup named above
      "Backups: 3 (newest file: wayline-2025-05-31T170000Z.sqlite3)",
      "Log file: wayline.log.2025-06-01",
      "Time: 2025-06-01T09:30:00.000Z",
      "User agent: UA",
      "UI language: en",
      "Log tail (last 2 lines):",
      "2025-06-01 INFO host started",
      "2025-06-01 WARN slow save: 812 ms",
    ]);
  });

  it("says why the diagnostics are missing and keeps the rest", () => {
    const text = diagnosticsText({
      failure,
      options: null,
      hostError: "no diagnostics",
      at,
      userAgent: "UA",
      language: "en",
    });
    const lines = text.split("\n");
    expect(lines).toContain("Diagnostics: not available (no diagnostics)");
    expect(lines).toContain("Code: file_locked");
    expect(lines).toContain("UI language: en");
    expect(text).not.toContain("Version:");
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
