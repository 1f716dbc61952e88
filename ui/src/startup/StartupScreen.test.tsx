// The start-up screen against a fake desktop shell: the ways out of a damaged file (confirmed,
// carried out, counted, then Open Wayline), restoring without a backup, a newer Wayline's file,
// a full disk, a failing recovery, Copy diagnostics (with the shell's diagnostics, or what there is
// when it cannot give them), a plain browser, and Traditional Chinese.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatBackupTime } from "../components/restore/backupFormat";
import { initI18n } from "../i18n";
import type { Diagnostics } from "../wire/Diagnostics";
import type { RecoveryOptions } from "../wire/RecoveryOptions";
import type { RecoveryOutcome } from "../wire/RecoveryOutcome";
import { StartupScreen } from "./StartupScreen";

const BACKUP_AT = Date.UTC(2025, 2, 1, 18, 15);
const OPTIONS: RecoveryOptions = {
  data_dir: "/home/ana/.local/share/wayline",
  log_dir: "/home/ana/.local/share/wayline/logs",
  backup_name: "wayline-20250301-181500.sqlite3",
  backup_created_at_ms: BACKUP_AT,
};
const DIAGNOSTICS: Diagnostics = {
  version: "0.4.0",
  os: "linux",
  arch: "x86_64",
  data_dir: OPTIONS.data_dir,
  data_file: "file is not a database",
  data_file_bytes: 40_960,
  backups: 2,
  newest_backup: OPTIONS.backup_name,
  log_file: "wayline.log.2025-03-02",
  log_tail: ["2025-03-02 ERROR open failed: file is not a database"],
};
const CORRUPT = { code: "corrupt_file", message: "the data file wayline.sqlite3 is damaged" };

type Handler = (args?: Record<string, unknown>) => unknown;

/** Installs a fake `window.__TAURI_INTERNALS__` answering with `handlers` (a missing one rejects). */
function fakeShell(handlers: Record<string, Handler>) {
  const invoke = vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    const handler = handlers[cmd];
    if (!handler) throw { code: "unknown_command", message: `no ${cmd}` };
    return handler(args);
  });
  window.__TAURI_INTERNALS__ = { invoke };
  return invoke;
}

function outcome(o: Partial<RecoveryOutcome>): RecoveryOutcome {
  return {
    choice: "salvage",
    kept_as: null,
    backup: null,
    projects: 0,
    maps: 0,
    maps_lost: 0,
    personas: 0,
    ...o,
  };
}

function button(testId: string): HTMLButtonElement {
  return screen.getByTestId(testId) as HTMLButtonElement;
}

beforeEach(() => initI18n("en"));
afterEach(() => {
  cleanup();
  delete window.__TAURI_INTERNALS__;
  Reflect.deleteProperty(navigator, "clipboard");
});

describe("StartupScreen", () => {
  it("salvages a damaged file after confirmation, counts what came back, then opens Wayline", async () => {
    let finish: (o: RecoveryOutcome) => void = () => {};
    const invoke = fakeShell({
      recovery_options: () => OPTIONS,
      recover_data: () =>
        new Promise<RecoveryOutcome>((resolve) => {
          finish = resolve;
        }),
      restart_app: () => new Promise(() => {}),
    });
    render(<StartupScreen failure={CORRUPT} />);

    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(
      "Wayline's data file is damaged",
    );
    expect(
      screen.getByTestId("startup-error").querySelector("[role=alert]")?.textContent,
    ).toContain("not a Wayline data file");
    expect(screen.getByTestId("startup-message").textContent).toContain(CORRUPT.message);
    // the backup's date, in the UI language
    await waitFor(() =>
      expect(screen.getByTestId("startup-choice-restore_backup-line").textContent).toContain(
        formatBackupTime(BACKUP_AT, "en"),
      ),
    );
    expect(invoke).toHaveBeenCalledWith("recovery_options", undefined);
    expect(button("startup-choice-restore_backup").disabled).toBe(false);
    expect(screen.getByTestId("startup-log-folder").textContent).toContain(OPTIONS.log_dir);

    // asked first; cancelling does nothing
    fireEvent.click(button("startup-choice-salvage"));
    const dialog = screen.getByTestId("confirm-dialog");
    expect(dialog.textContent).toContain("kept beside the new one, never deleted");
    fireEvent.click(screen.getByText("Cancel"));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(invoke).not.toHaveBeenCalledWith("recover_data", expect.anything());

    fireEvent.click(button("startup-choice-salvage"));
    fireEvent.click(screen.getByTestId("confirm-ok"));
    expect(invoke).toHaveBeenCalledWith("recover_data", { choice: "salvage" });
    // while it runs, nothing else can be started
    await waitFor(() => expect(button("startup-choice-start_empty").disabled).toBe(true));
    expect(button("startup-choice-restore_backup").disabled).toBe(true);
    expect(screen.getByTestId("startup-working").textContent).toContain("Salvaging");

    finish(
      outcome({
        choice: "salvage",
        kept_as: "/home/ana/.local/share/wayline/wayline.damaged-20250302.sqlite3",
        projects: 2,
        maps: 11,
        maps_lost: 1,
      }),
    );
    const result = await screen.findByTestId("startup-result");
    expect(result.textContent).toContain(
      "2 projects and 11 maps salvaged; 1 map could not be read.",
    );
    expect(screen.getByTestId("startup-kept-as").textContent).toBe(
      "/home/ana/.local/share/wayline/wayline.damaged-20250302.sqlite3",
    );
    expect(result.textContent).toContain("The damaged file is kept as");
    expect(screen.queryByTestId("startup-choice-salvage")).toBeNull();
    // Focus moves in an effect that can run after the element is in the page.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("startup-open")));

    fireEvent.click(button("startup-open"));
    expect(invoke).toHaveBeenCalledWith("restart_app", undefined);
    await waitFor(() => expect(button("startup-open").disabled).toBe(true));
  });

  it("tells which backup was restored", async () => {
    fakeShell({
      recovery_options: () => OPTIONS,
      recover_data: () =>
        outcome({ choice: "restore_backup", backup: OPTIONS.backup_name, projects: 1, maps: 3 }),
    });
    render(<StartupScreen failure={CORRUPT} />);
    await waitFor(() => expect(button("startup-choice-restore_backup").disabled).toBe(false));
    fireEvent.click(button("startup-choice-restore_backup"));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain(
      formatBackupTime(BACKUP_AT, "en"),
    );
    fireEvent.click(screen.getByTestId("confirm-ok"));
    expect((await screen.findByTestId("startup-result")).textContent).toContain(
      `Backup ${OPTIONS.backup_name} restored: 1 project and 3 maps.`,
    );
  });

  it("disables restoring with the reason when there is no usable backup", async () => {
    fakeShell({
      recovery_options: () => ({ ...OPTIONS, backup_name: null, backup_created_at_ms: null }),
    });
    render(<StartupScreen failure={CORRUPT} />);
    await waitFor(() =>
      expect(screen.getByTestId("startup-choice-restore_backup-line").textContent).toContain(
        "no usable backup",
      ),
    );
    expect(button("startup-choice-restore_backup").disabled).toBe(true);
    expect(button("startup-choice-salvage").disabled).toBe(false);
    expect(button("startup-choice-start_empty").disabled).toBe(false);
  });

  it("offers no salvage for a newer Wayline's file", async () => {
    fakeShell({ recovery_options: () => OPTIONS });
    render(
      <StartupScreen
        failure={{ code: "newer_file", message: "written by a newer Wayline (file version 9)" }}
      />,
    );
    await waitFor(() => expect(button("startup-choice-restore_backup").disabled).toBe(false));
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("newer Wayline");
    expect(screen.getByTestId("startup-choice-start_empty")).toBeTruthy();
    expect(screen.queryByTestId("startup-choice-salvage")).toBeNull();
    expect(screen.queryByTestId("startup-retry")).toBeNull();
  });

  it("offers Try again and no choices for a full disk", async () => {
    const invoke = fakeShell({
      recovery_options: () => OPTIONS,
      restart_app: () => new Promise(() => {}),
    });
    render(<StartupScreen failure={{ code: "disk_full", message: "database or disk is full" }} />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("The disk is full");
    expect(
      screen.getByTestId("startup-error").querySelector("[role=alert]")?.textContent,
    ).toContain("Free some space");
    await screen.findByTestId("startup-log-folder");
    for (const choice of ["restore_backup", "salvage", "start_empty"]) {
      expect(screen.queryByTestId(`startup-choice-${choice}`)).toBeNull();
    }
    fireEvent.click(button("startup-retry"));
    expect(invoke).toHaveBeenCalledWith("restart_app", undefined);
    await waitFor(() => expect(button("startup-retry").disabled).toBe(true));
  });

  it("shows why a recovery failed and keeps the choices", async () => {
    fakeShell({
      recovery_options: () => OPTIONS,
      recover_data: () => {
        throw { code: "read_only", message: "the data folder is read-only" };
      },
    });
    render(<StartupScreen failure={CORRUPT} />);
    await waitFor(() => expect(button("startup-choice-start_empty").disabled).toBe(false));
    fireEvent.click(button("startup-choice-start_empty"));
    fireEvent.click(screen.getByTestId("confirm-ok"));
    const error = await screen.findByTestId("startup-choice-error");
    expect(error.textContent).toContain(
      "Wayline cannot write to its data folder (it is read-only)",
    );
    expect(screen.queryByTestId("startup-result")).toBeNull();
    for (const choice of ["restore_backup", "salvage", "start_empty"]) {
      expect(button(`startup-choice-${choice}`).disabled).toBe(false);
    }
    // Focus moves in an effect that can run after the element is in the page.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByTestId("startup-choice-start_empty")),
    );
  });

  it("copies diagnostics with the code and the data folder", async () => {
    fakeShell({ recovery_options: () => OPTIONS });
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    render(<StartupScreen failure={CORRUPT} />);
    await screen.findByTestId("startup-log-folder");
    fireEvent.click(button("startup-copy-diagnostics"));
    await waitFor(() =>
      expect(screen.getByTestId("startup-copied").textContent).toContain("Copied"),
    );
    const text = writeText.mock.calls[0]?.[0] ?? "";
    expect(text).toContain("Code: corrupt_file");
    expect(text).toContain(CORRUPT.message);
    expect(text).toContain(`Data folder: ${OPTIONS.data_dir}`);
    expect(text).toContain(`Log folder: ${OPTIONS.log_dir}`);
    expect(text).toContain(OPTIONS.backup_name);
    expect(text).toContain("UI language: en");
    expect(text).toContain(navigator.userAgent);
  });

  it("adds the shell's diagnostics, asked once, to the copied text and the box", async () => {
    const invoke = fakeShell({ recovery_options: () => OPTIONS, diagnostics: () => DIAGNOSTICS });
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    render(<StartupScreen failure={CORRUPT} />);
    const area = screen.getByTestId("startup-diagnostics-text") as HTMLTextAreaElement;
    await waitFor(() => expect(area.value).toContain("Version: 0.4.0"));
    expect(area.value).toContain("Log tail (last 1 line):");

    fireEvent.click(button("startup-copy-diagnostics"));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    fireEvent.click(button("startup-copy-diagnostics"));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(2));
    const lines = (writeText.mock.calls[1]?.[0] ?? "").split("\n");
    expect(lines).toContain("Code: corrupt_file");
    expect(lines).toContain("Version: 0.4.0");
    expect(lines).toContain("System: linux x86_64");
    expect(lines).toContain("Data file: file is not a database");
    expect(lines).toContain("Data file size: 40960 bytes");
    expect(lines).toContain(`Log folder: ${OPTIONS.log_dir}`);
    expect(lines).toContain("Backups: 2");
    expect(lines).toContain("Log file: wayline.log.2025-03-02");
    expect(lines.at(-1)).toBe("2025-03-02 ERROR open failed: file is not a database");
    expect(area.value).toBe(writeText.mock.calls[1]?.[0]);
    expect(invoke.mock.calls.filter(([cmd]) => cmd === "diagnostics")).toHaveLength(1);
  });

  it("copies what there is when the shell cannot give its diagnostics", async () => {
    fakeShell({
      recovery_options: () => OPTIONS,
      diagnostics: () => {
        throw { code: "internal", message: "task failed" };
      },
    });
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    render(<StartupScreen failure={CORRUPT} />);
    const area = screen.getByTestId("startup-diagnostics-text") as HTMLTextAreaElement;
    await waitFor(() => expect(area.value).toContain("Diagnostics: not available (task failed)"));
    await screen.findByTestId("startup-log-folder");
    fireEvent.click(button("startup-copy-diagnostics"));
    await waitFor(() =>
      expect(screen.getByTestId("startup-copied").textContent).toContain("Copied"),
    );
    const text = writeText.mock.calls[0]?.[0] ?? "";
    expect(text).toContain("Code: corrupt_file");
    expect(text).toContain(`Data folder: ${OPTIONS.data_dir}`);
    expect(text).toContain("Diagnostics: not available (task failed)");
    expect(text).not.toContain("Version:");
  });

  it("leaves the diagnostics selected for Ctrl+C when there is no clipboard", async () => {
    render(<StartupScreen failure={CORRUPT} shell={null} />);
    fireEvent.click(button("startup-copy-diagnostics"));
    await waitFor(() =>
      expect(screen.getByTestId("startup-copied").textContent).toContain("Ctrl+C"),
    );
    const area = screen.getByTestId("startup-diagnostics-text") as HTMLTextAreaElement;
    expect(area.closest("details")?.open).toBe(true);
    expect(document.activeElement).toBe(area);
    expect(area.value).toContain("Code: corrupt_file");
  });

  it("explains without choices in a plain browser", () => {
    render(<StartupScreen failure={CORRUPT} />);
    expect(screen.getByTestId("startup-error").querySelector("[role=alert]")).toBeTruthy();
    expect(screen.getByTestId("startup-message").textContent).toContain(CORRUPT.message);
    expect(screen.getByTestId("startup-copy-diagnostics")).toBeTruthy();
    expect(screen.queryByTestId("startup-choice-salvage")).toBeNull();
    expect(screen.queryByTestId("startup-retry")).toBeNull();
  });

  it("explains without choices when the shell cannot offer them", async () => {
    fakeShell({
      recovery_options: () => {
        throw { code: "forbidden", message: "recovery is offered only when…" };
      },
    });
    render(<StartupScreen failure={CORRUPT} />);
    expect((await screen.findByTestId("startup-options-failed")).textContent).toContain(
      "recovery is offered only when",
    );
    expect(screen.queryByTestId("startup-choice-restore_backup")).toBeNull();
    expect(screen.getByTestId("startup-copy-diagnostics")).toBeTruthy();
  });

  it("speaks Traditional Chinese", async () => {
    initI18n("zh-TW");
    fakeShell({ recovery_options: () => OPTIONS });
    render(<StartupScreen failure={CORRUPT} />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Wayline 的資料檔已損毀");
    await waitFor(() =>
      expect(screen.getByTestId("startup-choice-restore_backup-line").textContent).toContain(
        formatBackupTime(BACKUP_AT, "zh-TW"),
      ),
    );
    expect(button("startup-choice-restore_backup").textContent).toBe("還原最新的備份");
    expect(button("startup-choice-salvage").textContent).toBe("救回可讀取的內容");
    expect(button("startup-copy-diagnostics").textContent).toBe("複製診斷資訊");
    // Simplified forms of the same words are not there
    expect(document.body.textContent).not.toMatch(/数据|备份|复制|项目/);
  });
});
