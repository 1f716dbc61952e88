// The Restore screen in Traditional Chinese against a fake host: the empty state explains when
// backups are made, "Back up now" adds one and shows what it holds, a map is restored only after
// the question (new map, nothing overwritten) and can then be opened, a host error is shown as a
// message, the dialog is a keyboard modal (focus inside, Escape closes, focus goes back), and
// "For a bug report" copies the host's diagnostics (or says why it could not).
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HostApi } from "../../api/http";
import { initI18n } from "../../i18n";
import type { BackupInfo } from "../../wire/BackupInfo";
import type { Diagnostics } from "../../wire/Diagnostics";
import type { MapSummary } from "../../wire/MapSummary";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import { RestoreButton } from "./RestoreButton";

const NAME = "wayline-2025-03-01T101500Z.sqlite3";
const BACKUP: BackupInfo = {
  name: NAME,
  created_at_ms: Date.UTC(2025, 2, 1, 10, 15),
  size_bytes: 1_300_000,
};
const MAP: MapSummary = {
  id: "m1",
  project_id: "p1",
  title: "門市取貨旅程",
  template: "lifecycle",
  locale: "zh-TW",
  stage_count: 5,
  lane_count: 6,
  card_count: 3,
  updated_at: 0,
};
const PROJECT: ProjectSummary = {
  id: "p1",
  name: "會員計畫",
  created_at: 0,
  updated_at: 0,
  maps: [MAP],
};
const RESTORED: MapSummary = { ...MAP, id: "m2", title: "門市取貨旅程（已還原）" };

type Route = (body: unknown) => { status?: number; json: unknown };

/** A host answering `METHOD /path` from `routes`; records what was asked. */
function fakeHost(routes: Record<string, Route>) {
  const asked: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      const key = `${init.method ?? "GET"} ${new URL(url).pathname}`;
      asked.push(key);
      const route = routes[key];
      const answer = route
        ? route(init.body)
        : { status: 404, json: { code: "not_found", message: key } };
      return new Response(JSON.stringify(answer.json), {
        status: answer.status ?? 200,
        headers: { "Content-Type": "application/json" },
      });
    }),
  );
  return asked;
}

const api = new HostApi({ base: "http://127.0.0.1:9", token: "tok" });
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

function open(props: Partial<Parameters<typeof RestoreButton>[0]> = {}) {
  const refresh = vi.fn(async () => {});
  const onOpenMap = vi.fn();
  render(
    <RestoreButton
      api={api}
      projects={[PROJECT]}
      refresh={refresh}
      onOpenMap={onOpenMap}
      {...props}
    />,
  );
  const button = screen.getByTestId("restore-open");
  button.focus();
  fireEvent.click(button);
  return { button, refresh, onOpenMap, dialog: screen.getByRole("dialog") };
}

beforeEach(() => {
  initI18n("zh-TW");
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, "clipboard");
});

describe("RestoreDialog", () => {
  it("explains when backups are made, and Back up now shows what the new one holds", async () => {
    let list: BackupInfo[] = [];
    fakeHost({
      "GET /api/backups": () => ({ json: list }),
      "POST /api/backups": () => {
        list = [BACKUP];
        return { json: BACKUP };
      },
      [`GET /api/backups/${NAME}`]: () => ({ json: { ...BACKUP, projects: [PROJECT] } }),
    });
    const { dialog } = open();
    await settle();
    expect(within(dialog).getByTestId("restore-empty").textContent).toContain("每 30 分鐘備份一次");
    fireEvent.click(within(dialog).getByRole("button", { name: "立即備份" }));
    await settle();
    await settle();
    expect(within(dialog).getByTestId("backup-made").textContent).toContain("已建立備份");
    const item = within(dialog).getByTestId("backup-item");
    expect(item.getAttribute("aria-current")).toBe("true");
    expect(item.textContent).toContain("1 個專案 · 1 張旅程圖");
    expect(item.textContent).toContain("1.2 MB");
    const contents = within(dialog).getByTestId("backup-contents");
    expect(within(contents).getByRole("heading", { name: "會員計畫" })).toBeTruthy();
    expect(within(contents).getByTestId("backup-map").textContent).toContain(
      "5 個階段 · 6 條泳道 · 3 張卡片",
    );
    expect(within(contents).getByTestId("restore-command").getAttribute("value")).toBe(
      `wayline restore --from ${NAME}`,
    );
  });

  it("restores a map only after the question, refreshes the rail and offers to open it", async () => {
    const asked = fakeHost({
      "GET /api/backups": () => ({ json: [BACKUP] }),
      [`GET /api/backups/${NAME}`]: () => ({ json: { ...BACKUP, projects: [PROJECT] } }),
      [`POST /api/backups/${NAME}/maps/m1/restore`]: () => ({ json: RESTORED }),
    });
    const { dialog, refresh, onOpenMap } = open();
    await settle();
    expect(within(dialog).getByTestId("restore-pick")).toBeTruthy();
    fireEvent.click(within(dialog).getByTestId("backup-item"));
    await settle();
    fireEvent.click(within(dialog).getByRole("button", { name: "還原這張旅程圖" }));
    const confirm = within(dialog).getByTestId("restore-confirm");
    expect(confirm.textContent).toContain("新的旅程圖");
    expect(confirm.textContent).toContain("不會覆寫或刪除任何內容");
    expect(document.activeElement).toBe(within(confirm).getByTestId("restore-map-confirm"));
    expect(asked.some((a) => a.endsWith("/restore"))).toBe(false);

    // Escape there takes back the question only.
    fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });
    expect(screen.queryByTestId("restore-confirm")).toBeNull();
    expect(screen.getByRole("dialog")).toBeTruthy();

    fireEvent.click(within(dialog).getByRole("button", { name: "還原這張旅程圖" }));
    fireEvent.click(within(dialog).getByTestId("restore-map-confirm"));
    await settle();
    await settle();
    expect(refresh).toHaveBeenCalled();
    const done = within(dialog).getByTestId("restore-done");
    expect(done.textContent).toContain(
      "已還原為「門市取貨旅程（已還原）」，位於專案「會員計畫」中。",
    );
    fireEvent.click(within(done).getByRole("button", { name: "開啟旅程圖" }));
    expect(onOpenMap).toHaveBeenCalledWith("p1", "m2");
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("says when the map went into a new project", async () => {
    fakeHost({
      "GET /api/backups": () => ({ json: [BACKUP] }),
      [`GET /api/backups/${NAME}`]: () => ({ json: { ...BACKUP, projects: [PROJECT] } }),
      [`POST /api/backups/${NAME}/maps/m1/restore`]: () => ({
        json: { ...RESTORED, project_id: "p9" },
      }),
    });
    const elsewhere = { ...PROJECT, id: "p9", name: "會員計畫（已還原）", maps: [] };
    const { dialog } = open({ projects: [elsewhere] });
    await settle();
    fireEvent.click(within(dialog).getByTestId("backup-item"));
    await settle();
    fireEvent.click(within(dialog).getByTestId("restore-map"));
    fireEvent.click(within(dialog).getByTestId("restore-map-confirm"));
    await settle();
    await settle();
    expect(within(dialog).getByTestId("restore-done").textContent).toContain(
      "放在新專案「會員計畫（已還原）」中",
    );
  });

  it("shows the host's error as a message", async () => {
    fakeHost({
      "GET /api/backups": () => ({ json: [BACKUP] }),
      [`GET /api/backups/${NAME}`]: () => ({
        status: 422,
        json: { code: "undecodable", message: "the backup file is damaged" },
      }),
    });
    const { dialog } = open();
    await settle();
    fireEvent.click(within(dialog).getByTestId("backup-item"));
    await settle();
    const error = within(dialog).getByRole("alert");
    expect(error.textContent).toBe(
      "無法讀取這個備份：資料已損毀，或不是 Wayline 的資料（the backup file is damaged）。",
    );
  });

  it("is a keyboard modal: focus inside, Tab wraps, Escape closes and the focus goes back", async () => {
    fakeHost({ "GET /api/backups": () => ({ json: [BACKUP] }) });
    const { dialog, button } = open();
    await settle();
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.getAttribute("aria-labelledby")).toBeTruthy();
    expect(document.activeElement).toBe(dialog);
    const close = within(dialog).getByTestId("restore-close");
    close.focus();
    fireEvent.keyDown(close, { key: "Tab" });
    expect(document.activeElement).toBe(within(dialog).getByTestId("backup-now"));
    fireEvent.keyDown(document.activeElement ?? document.body, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  describe("For a bug report", () => {
    const DIAGNOSTICS: Diagnostics = {
      version: "0.4.0",
      os: "macos",
      arch: "aarch64",
      data_dir: "/Users/ana/Library/Application Support/Wayline",
      data_file: "ok: integrity ok, file version 4, 2 projects, 5 maps",
      data_file_bytes: 1_300_000,
      backups: 1,
      newest_backup: NAME,
      log_file: "wayline.log.2025-03-01",
      log_tail: ["2025-03-01 INFO backup made", "2025-03-01 INFO listening"],
    };

    function clipboard() {
      const writeText = vi.fn(async (_text: string) => {});
      Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
      return writeText;
    }

    it("fetches the diagnostics and copies a plain-text report with the language and browser", async () => {
      const asked = fakeHost({
        "GET /api/backups": () => ({ json: [BACKUP] }),
        "GET /api/diagnostics": () => ({ json: DIAGNOSTICS }),
      });
      const writeText = clipboard();
      const { dialog } = open();
      await settle();
      const report = within(dialog).getByTestId("restore-report");
      expect(within(report).getByRole("heading").textContent).toBe("用於回報問題");
      expect(asked).not.toContain("GET /api/diagnostics");

      fireEvent.click(within(report).getByTestId("copy-diagnostics"));
      await settle();
      await settle();
      expect(asked).toContain("GET /api/diagnostics");
      expect(writeText).toHaveBeenCalledTimes(1);
      const text = writeText.mock.calls[0]?.[0] ?? "";
      const lines = text.split("\n");
      // English labels whatever the UI language, so a helper reads every report the same way
      expect(lines[0]).toBe("Wayline diagnostics");
      expect(lines).toContain("Version: 0.4.0");
      expect(lines).toContain("System: macos aarch64");
      expect(lines).toContain(`Data folder: ${DIAGNOSTICS.data_dir}`);
      expect(lines).toContain(`Data file: ${DIAGNOSTICS.data_file}`);
      expect(lines).toContain("Data file size: 1300000 bytes");
      expect(lines).toContain(`Newest backup: ${NAME}`);
      expect(lines).toContain("Backups: 1");
      expect(lines).toContain("Log file: wayline.log.2025-03-01");
      expect(lines).toContain("UI language: zh-TW");
      expect(lines).toContain(`User agent: ${navigator.userAgent}`);
      expect(lines.find((l) => l.startsWith("Time: "))).toMatch(/^Time: \d{4}-\d\d-\d\dT[\d:.]+Z$/);
      expect(lines.slice(-2)).toEqual(DIAGNOSTICS.log_tail);
      expect(within(report).getByTestId("diagnostics-copied").textContent).toBe("✓ 已複製");
      const area = within(report).getByTestId("diagnostics-text") as HTMLTextAreaElement;
      expect(area.value).toBe(text);
      expect(within(report).queryByRole("alert")).toBeNull();
    });

    it("leaves the report selected for Ctrl+C when there is no clipboard", async () => {
      fakeHost({
        "GET /api/backups": () => ({ json: [] }),
        "GET /api/diagnostics": () => ({ json: DIAGNOSTICS }),
      });
      const { dialog } = open();
      await settle();
      fireEvent.click(within(dialog).getByTestId("copy-diagnostics"));
      await settle();
      await settle();
      expect(within(dialog).getByTestId("diagnostics-copied").textContent).toContain("Ctrl+C");
      const area = within(dialog).getByTestId("diagnostics-text") as HTMLTextAreaElement;
      expect(area.closest("details")?.open).toBe(true);
      expect(document.activeElement).toBe(area);
      expect(area.value).toContain("Version: 0.4.0");
    });

    it("shows why the host could not give them, and copies nothing", async () => {
      fakeHost({
        "GET /api/backups": () => ({ json: [BACKUP] }),
        "GET /api/diagnostics": () => ({
          status: 500,
          json: { code: "internal", message: "the data folder cannot be read" },
        }),
      });
      const writeText = clipboard();
      const { dialog } = open();
      await settle();
      fireEvent.click(within(dialog).getByTestId("copy-diagnostics"));
      await settle();
      await settle();
      const error = within(dialog).getByTestId("diagnostics-error");
      expect(error.getAttribute("role")).toBe("alert");
      expect(error.textContent).toBe(
        "無法收集診斷資訊：Wayline 內部發生錯誤；已儲存的內容皆未遺失（the data folder cannot be read）。",
      );
      expect(writeText).not.toHaveBeenCalled();
      expect(within(dialog).getByTestId("diagnostics-copied").textContent).toBe("");
      expect(within(dialog).queryByTestId("diagnostics-text")).toBeNull();
      expect((within(dialog).getByTestId("copy-diagnostics") as HTMLButtonElement).disabled).toBe(
        false,
      );
    });
  });
});
