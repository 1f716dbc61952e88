// "Export everything…" on the Restore screen, in Traditional Chinese (and once in English for the
// number format): in the desktop window (a fake window.__TAURI_INTERNALS__) the shell writes the
// files and the screen says how many and where, says nothing on cancel and shows a failure in
// words; in a browser every project's bundle is downloaded one after another with "2 / 3" while it
// runs, the button disabled meanwhile, a failing project named while the others still download;
// and with no projects, "nothing to export yet".
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TauriInternals } from "../../api/export";
import { HostApi } from "../../api/http";
import { initI18n } from "../../i18n";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import { RestoreButton } from "../restore/RestoreButton";

const project = (id: string, name: string): ProjectSummary => ({
  id,
  name,
  created_at: 0,
  updated_at: 0,
  maps: [],
});
const PROJECTS = [
  project("p1", "會員計畫"),
  project("p2", "門市取貨"),
  project("p3", "Onboarding"),
];

/** A host with no backups, listing `projects` and answering their bundles (except `failing`). */
function fakeHost(projects: ProjectSummary[], failing: string[] = []) {
  const asked: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      const path = new URL(url).pathname;
      asked.push(path);
      const json = (v: unknown, status = 200) =>
        new Response(JSON.stringify(v), {
          status,
          headers: { "Content-Type": "application/json" },
        });
      if (path === "/api/backups") return json([]);
      if (path === "/api/projects") return json(projects);
      const p = projects.find((x) => path === `/api/projects/${x.id}/bundle`);
      if (!p) return json({ code: "not_found", message: path }, 404);
      if (failing.includes(p.id)) return json({ code: "internal", message: "disk I/O error" }, 500);
      return new Response(JSON.stringify({ format: "wayline-bundle" }), {
        headers: {
          "Content-Type": "application/json",
          "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`${p.name}.wayline`)}`,
        },
      });
    }),
  );
  return asked;
}

/** Records the files the browser was asked to download (the names of the clicked links). */
function fakeDownloads(): string[] {
  const names: string[] = [];
  // jsdom has no object URLs; these stay for the rest of this file, as the download helper revokes
  // its URL on a timer that may fire after the test
  Object.assign(URL, { createObjectURL: () => "blob:x", revokeObjectURL() {} });
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    names.push(this.download);
  });
  return names;
}

function deferred<T>() {
  let resolve: (v: T) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const api = new HostApi({ base: "http://127.0.0.1:9", token: "tok" });
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

function open() {
  render(
    <RestoreButton api={api} projects={PROJECTS} refresh={async () => {}} onOpenMap={() => {}} />,
  );
  fireEvent.click(screen.getByTestId("restore-open"));
  const dialog = screen.getByRole("dialog");
  return { dialog, button: within(dialog).getByTestId("export-everything") };
}

beforeEach(() => {
  initI18n("zh-TW");
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  delete window.__TAURI_INTERNALS__;
});

describe("Export everything in the desktop window", () => {
  function shell(answer: () => Promise<unknown>): TauriInternals["invoke"] {
    const invoke = vi.fn(answer);
    window.__TAURI_INTERNALS__ = { invoke };
    return invoke;
  }

  it("lets the shell write every project and says how many and where", async () => {
    fakeHost(PROJECTS);
    const answer = deferred<unknown>();
    const invoke = shell(() => answer.promise);
    const { dialog, button } = open();
    await settle();
    expect(button.textContent).toBe("全部匯出…");
    expect(within(dialog).getByTestId("export-everything-hint").textContent).toContain(
      "寫入所選的資料夾",
    );
    fireEvent.click(button);
    await settle();
    expect(invoke).toHaveBeenCalledWith("export_everything");
    expect(button.hasAttribute("disabled")).toBe(true);
    expect(button.textContent).toBe("正在匯出…");
    answer.resolve({ folder: "/home/u/工作坊備份", projects: 3 });
    await settle();
    expect(button.hasAttribute("disabled")).toBe(false);
    expect(within(dialog).getByTestId("export-everything-done").textContent).toBe(
      "✓ 已將 3 個專案寫入 /home/u/工作坊備份",
    );
  });

  it("writes the count in the UI's language", async () => {
    initI18n("en");
    fakeHost(PROJECTS);
    shell(async () => ({ folder: "D:\\Backups", projects: 1200 }));
    const { dialog, button } = open();
    fireEvent.click(button);
    await settle();
    await settle();
    expect(within(dialog).getByTestId("export-everything-done").textContent).toBe(
      "✓ 1,200 projects written to D:\\Backups",
    );
  });

  it("says nothing when the folder picker is cancelled", async () => {
    fakeHost(PROJECTS);
    shell(async () => null);
    const { dialog, button } = open();
    fireEvent.click(button);
    await settle();
    await settle();
    expect(button.hasAttribute("disabled")).toBe(false);
    expect(within(dialog).queryByTestId("export-everything-done")).toBeNull();
    expect(within(dialog).queryByRole("alert")).toBeNull();
  });

  it("shows a failure in words", async () => {
    fakeHost(PROJECTS);
    shell(() => Promise.reject({ code: "write_failed", message: "/media/usb: read-only" }));
    const { dialog, button } = open();
    fireEvent.click(button);
    await settle();
    await settle();
    expect(within(dialog).getByRole("alert").textContent).toBe(
      "無法匯出專案：無法寫入檔案（/media/usb: read-only）。",
    );
    expect(button.hasAttribute("disabled")).toBe(false);
  });
});

describe("Export everything in a browser", () => {
  it("downloads every project one after another with progress, then says how many", async () => {
    const asked = fakeHost(PROJECTS);
    const names = fakeDownloads();
    const { dialog, button } = open();
    await settle();
    expect(within(dialog).getByTestId("export-everything-hint").textContent).toContain(
      "瀏覽器可能會詢問一次是否允許此網頁下載多個檔案",
    );
    fireEvent.click(button);
    await waitFor(() =>
      expect(within(dialog).getByTestId("export-everything-progress").textContent).toBe(
        "正在下載 2 / 3：「門市取貨」…",
      ),
    );
    expect(button.hasAttribute("disabled")).toBe(true);
    await waitFor(() =>
      expect(within(dialog).getByTestId("export-everything-done").textContent).toBe(
        "✓ 已下載 3 個專案",
      ),
    );
    expect(names).toEqual(["會員計畫.wayline", "門市取貨.wayline", "Onboarding.wayline"]);
    expect(asked.filter((p) => p.endsWith("/bundle"))).toHaveLength(3);
    expect(button.hasAttribute("disabled")).toBe(false);
    expect(within(dialog).queryByTestId("export-everything-progress")).toBeNull();
  });

  it("names the project that failed and still downloads the others", async () => {
    fakeHost(PROJECTS, ["p1"]);
    const names = fakeDownloads();
    const { dialog, button } = open();
    fireEvent.click(button);
    await waitFor(() => expect(within(dialog).getByTestId("export-everything-done")).toBeTruthy());
    expect(names).toEqual(["門市取貨.wayline", "Onboarding.wayline"]);
    expect(within(dialog).getByTestId("export-everything-done").textContent).toBe(
      "✓ 已下載 2 個專案",
    );
    expect(within(dialog).getByRole("alert").textContent).toBe(
      "無法匯出「會員計畫」：Wayline 內部發生錯誤；已儲存的內容皆未遺失（disk I/O error）。",
    );
  });

  it("says there is nothing to export yet when there are no projects", async () => {
    const asked = fakeHost([]);
    const names = fakeDownloads();
    const { dialog, button } = open();
    fireEvent.click(button);
    await settle();
    await settle();
    expect(within(dialog).getByTestId("export-everything-empty").textContent).toBe(
      "目前還沒有可匯出的內容：沒有任何專案。",
    );
    expect(names).toEqual([]);
    expect(asked.some((p) => p.endsWith("/bundle"))).toBe(false);
  });
});
