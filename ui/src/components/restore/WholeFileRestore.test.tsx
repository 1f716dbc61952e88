// Putting a whole backup back from the Restore screen. In the desktop window (a fake
// window.__TAURI_INTERNALS__) "Restore the whole file…" asks first, saying what goes back to when,
// that the current data are backed up first and that Wayline restarts; OK calls the shell's
// `restore_whole_file` with the backup's name and shows that Wayline is restarting; Cancel calls
// nothing; a failure is shown and the button is usable again. In a plain browser the screen keeps
// the command to run with Wayline closed.
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HostApi } from "../../api/http";
import { initI18n } from "../../i18n";
import type { BackupInfo } from "../../wire/BackupInfo";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import { formatBackupTime } from "./backupFormat";
import { RestoreButton } from "./RestoreButton";

const NAME = "wayline-2025-03-01T101500Z.sqlite3";
const BACKUP: BackupInfo = {
  name: NAME,
  created_at_ms: Date.UTC(2025, 2, 1, 10, 15),
  size_bytes: 1_300_000,
};
const PROJECT: ProjectSummary = {
  id: "p1",
  name: "Loyalty programme",
  created_at: 0,
  updated_at: 0,
  maps: [],
};

const api = new HostApi({ base: "http://127.0.0.1:9", token: "tok" });
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

/** A host with one backup holding one project. */
function fakeHost() {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const key = `${init.method ?? "GET"} ${new URL(url).pathname}`;
      const json =
        key === "GET /api/backups"
          ? [BACKUP]
          : key === `GET /api/backups/${NAME}`
            ? { ...BACKUP, projects: [PROJECT] }
            : { code: "not_found", message: key };
      return new Response(JSON.stringify(json), {
        status: key.startsWith("GET /api/backups") ? 200 : 404,
        headers: { "Content-Type": "application/json" },
      });
    }),
  );
}

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

/** Opens the Restore screen and selects the backup. */
async function openBackup() {
  render(
    <RestoreButton api={api} projects={[PROJECT]} refresh={async () => {}} onOpenMap={vi.fn()} />,
  );
  fireEvent.click(screen.getByTestId("restore-open"));
  await settle();
  const dialog = screen.getByRole("dialog");
  fireEvent.click(within(dialog).getByTestId("backup-item"));
  await settle();
  return within(dialog).getByTestId("restore-whole");
}

function wholeButton(): HTMLButtonElement {
  return screen.getByTestId("restore-whole-file") as HTMLButtonElement;
}

beforeEach(() => {
  initI18n("en");
  fakeHost();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  delete window.__TAURI_INTERNALS__;
});

describe("WholeFileRestore in the desktop window", () => {
  it("asks first, then calls restore_whole_file with the name and says Wayline is restarting", async () => {
    const invoke = fakeShell({ restore_whole_file: () => new Promise(() => {}) });
    const box = await openBackup();
    expect(within(box).queryByTestId("restore-command")).toBeNull();
    expect(box.textContent).toContain("Wayline restarts");

    fireEvent.click(wholeButton());
    const confirm = screen.getByTestId("confirm-dialog");
    const date = formatBackupTime(BACKUP.created_at_ms, "en");
    expect(confirm.textContent).toContain(
      `Every project and map goes back to how it was on ${date}.`,
    );
    expect(confirm.textContent).toContain("backed up first, so you can undo this from this screen");
    expect(confirm.textContent).toContain("Wayline then restarts.");
    expect(document.activeElement).toBe(screen.getByTestId("confirm-ok"));
    expect(invoke).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId("confirm-ok"));
    await settle();
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith("restore_whole_file", { name: NAME });
    expect(screen.getByTestId("restore-whole-working").textContent).toBe("Restarting Wayline…");
    expect(wholeButton().disabled).toBe(true);
    expect(wholeButton().getAttribute("aria-busy")).toBe("true");
    // the Restore screen stays open until the app restarts
    expect(screen.getByRole("dialog")).toBeTruthy();
  });

  it("calls nothing when cancelled or escaped, and the Restore screen stays open", async () => {
    const invoke = fakeShell({ restore_whole_file: () => undefined });
    await openBackup();
    fireEvent.click(wholeButton());
    fireEvent.click(within(screen.getByTestId("confirm-dialog")).getByText("Cancel"));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(document.activeElement).toBe(wholeButton());

    fireEvent.click(wholeButton());
    fireEvent.keyDown(screen.getByTestId("confirm-ok"), { key: "Escape" });
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(screen.getByTestId("restore-dialog")).toBeTruthy();
    await settle();
    expect(invoke).not.toHaveBeenCalled();
    expect(wholeButton().disabled).toBe(false);
    expect(screen.getByTestId("restore-whole-working").textContent).toBe("");
  });

  it("shows the shell's message when it fails, and the button is usable again", async () => {
    const invoke = fakeShell({
      restore_whole_file: () => {
        throw { code: "unknown_backup", message: `no backup named ${NAME}` };
      },
    });
    await openBackup();
    fireEvent.click(wholeButton());
    fireEvent.click(screen.getByTestId("confirm-ok"));
    await settle();
    expect(invoke).toHaveBeenCalledWith("restore_whole_file", { name: NAME });
    const error = screen.getByTestId("restore-whole-error");
    expect(error.getAttribute("role")).toBe("alert");
    expect(error.textContent).toBe(
      `Could not restore this backup: no backup named ${NAME} (unknown_backup)`,
    );
    expect(screen.getByTestId("restore-whole-working").textContent).toBe("");
    expect(wholeButton().disabled).toBe(false);
    expect(document.activeElement).toBe(wholeButton());

    // and it can be tried again
    fireEvent.click(wholeButton());
    expect(screen.getByTestId("confirm-dialog")).toBeTruthy();
  });

  it("is worded in Traditional Chinese with full-width punctuation", async () => {
    initI18n("zh-TW");
    fakeShell({ restore_whole_file: () => new Promise(() => {}) });
    await openBackup();
    expect(wholeButton().textContent).toBe("還原整個資料檔…");
    fireEvent.click(wholeButton());
    const date = formatBackupTime(BACKUP.created_at_ms, "zh-TW");
    expect(screen.getByTestId("confirm-dialog").textContent).toContain(
      `所有專案和旅程圖都會還原成 ${date} 時的樣子。現有的資料會先備份，`,
    );
    fireEvent.click(screen.getByTestId("confirm-ok"));
    await settle();
    expect(screen.getByTestId("restore-whole-working").textContent).toBe("正在重新啟動 Wayline…");
  });
});

describe("WholeFileRestore in a browser", () => {
  it("keeps the command to run with Wayline closed, and no button", async () => {
    const box = await openBackup();
    expect(within(box).queryByTestId("restore-whole-file")).toBeNull();
    expect(within(box).getByTestId("restore-command").getAttribute("value")).toBe(
      `wayline restore --from ${NAME}`,
    );
    expect(box.textContent).toContain("quit Wayline, then run this command");
  });
});
