// The real desktop window under Xvfb, driven through WebKitWebDriver: the first launch shows the
// sample project; create a map from a template, add a card, see it saved, screenshot it, and
// find the window and a browser on the same host showing each other's cards.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { cell, expectSaved } from "../support/board";
import { desktopBin } from "../support/desktop";
import { repoRoot } from "../support/host";
import { KEY_ESCAPE, startDriver, WebDriver } from "../support/webdriver";

test("desktop window: sample project, new map, a saved card, and live sync with a browser", async ({ browser }, info) => {
  test.skip(!process.env.DISPLAY, "needs a display (make test runs this under Xvfb)");
  const dataDir = mkdtempSync(join(tmpdir(), "wayline-desktop-"));
  const { proc: driverProc, url: driverUrl } = await startDriver({ WAYLINE_DATA_DIR: dataDir });
  let wd: WebDriver | undefined;
  try {
    wd = await WebDriver.start(driverUrl, {
      "webkitgtk:browserOptions": { binary: desktopBin, args: [] },
    });
    // First launch: the sample project in Simplified Chinese is there.
    await wd.waitFor("return document.querySelector('[data-testid=project-item]')?.textContent", "the sample project");
    const projects = await wd.script<string>(
      "return [...document.querySelectorAll('[data-testid=project-item]')].map(p => p.textContent).join(' ')",
    );
    expect(projects).toContain("示例：网店客户旅程");
    // The page knows it is in the desktop window (its board then keeps cells out of layers of their
    // own: WebKit would hold each one's pixels, lanes.css).
    expect(await wd.script<string>("return document.documentElement.dataset.shell")).toBe("desktop");
    // Its Chinese is drawn with the shipped fonts, which the app serves to its own window.
    await wd.waitFor(
      "return document.fonts.check('16px \"Noto Sans SC\"', '示例网店') && [...document.fonts].some(f => f.status === 'loaded' && f.family.replaceAll('\"', '') === 'Noto Sans SC')",
      "the Chinese font",
    );
    // WebKit takes the placeholder font made in the page (fonts/placeholderFont.ts), as Chromium does.
    expect(
      await wd.script<string>(
        "return [...document.fonts].find(f => f.family.replaceAll('\"', '') === 'Wayline Placeholder')?.status",
      ),
    ).toBe("loaded");
    // A fresh data folder is a first launch: the window asks for a display name.
    await wd.waitFor("return document.querySelector('[data-testid=name-prompt] button')", "the name prompt");
    await wd.click("[data-testid=name-prompt] button");

    // A new project and a map from the lifecycle template in Simplified Chinese.
    await wd.click("[data-testid=new-project]");
    await wd.type("[data-testid=project-name]", "桌面工作坊");
    await wd.click("[data-testid=create-project]");
    await wd.waitFor(
      "return [...document.querySelectorAll('[data-testid=project-item]')].some(p => p.textContent.includes('桌面工作坊'))",
      "the new project",
    );
    await wd.script(
      "[...document.querySelectorAll('[data-testid=project-item]')].find(p => p.textContent.includes('桌面工作坊')).querySelector('[data-testid=new-map]').click()",
    );
    await wd.waitFor("return document.querySelector('[data-testid=map-locale]')", "the new-map dialog");
    await wd.script(`
      const select = document.querySelector('[data-testid=map-locale]');
      const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
      setter.call(select, 'zh-CN');
      select.dispatchEvent(new Event('change', { bubbles: true }));`);
    await wd.click("[data-testid=create-map]");
    await wd.waitFor(
      "const p = [...document.querySelectorAll('[data-testid=project-item]')].find(p => p.textContent.includes('桌面工作坊')); return p && p.querySelector('[data-testid=map-item]')",
      "the new map",
    );
    await wd.script(
      "[...document.querySelectorAll('[data-testid=project-item]')].find(p => p.textContent.includes('桌面工作坊')).querySelector('[data-testid=map-item]').click()",
    );
    await wd.waitFor("return document.querySelector('[data-testid=board]')?.dataset.ready === 'true'", "the board");
    const stages = await wd.script<string[]>(
      "return [...document.querySelectorAll('[data-testid=stage-header]')].map(h => h.textContent.trim())",
    );
    expect(stages.join(" ")).toContain("触达");

    // Add a card in the first cell and type Chinese into it.
    await wd.click("[data-testid=cell] [data-testid=add-card]");
    await wd.waitFor("return document.activeElement?.dataset.testid === 'card-editor'", "the card editor");
    await wd.type("[data-testid=card-editor]", "桌面应用里添加的卡片");
    await wd.type("[data-testid=card-editor]", KEY_ESCAPE);
    await wd.waitFor(
      "return [...document.querySelectorAll('[data-testid=card]')].some(c => c.textContent.includes('桌面应用里添加的卡片'))",
      "the card on the board",
    );
    await wd.waitFor("return document.querySelector('[data-testid=save-state]')?.dataset.state === 'saved'", "saved");
    const png = await wd.screenshot();
    expect(png.length).toBeGreaterThan(10_000);
    const shot = info.outputPath("desktop-window.png");
    writeFileSync(shot, png);
    writeFileSync(join(repoRoot, "tests/e2e/test-results/desktop-window.png"), png);

    // Wall mode in the window (WebKit may refuse full screen: the mode stands without it). The
    // chrome goes, the board stays and edits nothing on a double click, its exit button brings all back.
    const chromeShown = "return ['.board-toolbar', '.left-rail', '.map-header'].map(s => !!document.querySelector(s)?.getClientRects().length)";
    expect(await wd.script<boolean[]>(chromeShown)).toEqual([true, true, true]);
    await wd.click("[data-testid=wall-enter]");
    await wd.waitFor("return document.documentElement.dataset.wall === 'on'", "wall mode");
    await wd.waitFor("return document.querySelector('[data-testid=wall-exit]')?.getClientRects().length", "the wall's exit");
    expect(await wd.script<boolean[]>(chromeShown)).toEqual([false, false, false]);
    await wd.script(
      "const c = [...document.querySelectorAll('[data-testid=card]')].find(c => c.textContent.includes('桌面应用里添加的卡片')); c.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));",
    );
    expect(await wd.script<boolean>("return !!document.querySelector('[data-testid=card-editor]')")).toBe(false);
    writeFileSync(join(repoRoot, "tests/e2e/test-results/desktop-wall.png"), await wd.screenshot());
    // The exit fades (and takes no click) once the pointer has rested: a move brings it back.
    await wd.script("window.dispatchEvent(new PointerEvent('pointermove'))");
    await wd.waitFor("return !document.querySelector('[data-testid=wall-exit]').classList.contains('idle')", "the exit shown");
    await wd.click("[data-testid=wall-exit]");
    await wd.waitFor("return document.documentElement.dataset.wall === undefined", "wall mode left");
    await wd.waitFor(`${chromeShown}.every(Boolean)`, "the chrome back");

    // The desktop export command is wired to the host's exports (its errors arrive as
    // {code, message}); a real export would open the native save dialog.
    const refused = await wd.scriptAsync<{ code?: string; message?: string }>(`
      const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__
        .invoke("export_map", { mapId: "no-such-map", format: "pdf", paper: "a4-landscape" })
        .then(() => done({ code: "unexpected success" }), (e) => done(e));`);
    expect(refused.code).toBe("not_found");
    expect(refused.message).toContain("no-such-map");

    // A browser on the window's host sees the card, and the window sees the browser's card.
    const host = await wd.script<{ url: string; token: string }>("return window.__WAYLINE_HOST__");
    const page = await browser.newPage();
    await page.goto(`${host.url}/?token=${host.token}`);
    await page.getByTestId("name-prompt").getByRole("button").click();
    await page.getByTestId("project-item").filter({ hasText: "桌面工作坊" }).getByTestId("map-item").click();
    await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
    await expect(page.getByTestId("card").filter({ hasText: "桌面应用里添加的卡片" })).toBeVisible();
    const target = await cell(page, "获客", "痛点");
    await target.getByTestId("add-card").click();
    await page.keyboard.type("浏览器里添加的卡片");
    await page.keyboard.press("Escape");
    await expectSaved(page);
    await wd.waitFor(
      "return [...document.querySelectorAll('[data-testid=card]')].some(c => c.textContent.includes('浏览器里添加的卡片'))",
      "the browser's card in the window",
      5_000,
    );
  } finally {
    await wd?.quit();
    const exited = new Promise((r) => driverProc.once("exit", r));
    driverProc.kill("SIGTERM");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
