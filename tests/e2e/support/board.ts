// Page helpers shared by the browser tests: what a user does, in a few named steps.
import { expect, type Page } from "@playwright/test";

/** Opens the app and answers the first-run name prompt. */
export async function openApp(page: Page, url: string, name = "Tester"): Promise<void> {
  await page.goto(url);
  const prompt = page.getByTestId("name-prompt");
  await expect(prompt).toBeVisible();
  // The web fonts swap in after the first paint and move text; act on the settled page.
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  await prompt.getByRole("textbox").fill(name);
  await prompt.getByRole("button").click();
  await expect(prompt).toBeHidden();
}

export async function createProject(page: Page, name: string): Promise<void> {
  await page.getByTestId("new-project").click();
  await page.getByTestId("project-name").fill(name);
  await page.getByTestId("create-project").click();
  await expect(page.getByTestId("project-item").filter({ hasText: name })).toBeVisible();
}

export type TemplateId = "lifecycle" | "pre_post_sale" | "service_blueprint" | "self_service" | "saas_onboarding";

/** Creates a map from `template` (lifecycle unless told) in `locale` inside the named project and opens it. */
export async function createMap(
  page: Page,
  project: string,
  locale: string,
  template: TemplateId = "lifecycle",
): Promise<void> {
  const item = page.getByTestId("project-item").filter({ hasText: project });
  const maps = item.getByTestId("map-item");
  const before = await maps.count();
  await item.getByTestId("new-map").click();
  const dialog = page.getByTestId("new-map-dialog");
  await dialog.getByTestId(`template-option-${template}`).click();
  await expect(dialog.getByTestId(`template-option-${template}`).getByRole("radio")).toBeChecked();
  await dialog.getByTestId("map-locale").selectOption(locale);
  await dialog.getByTestId("create-map").click();
  await expect(dialog).toBeHidden();
  // The new map opens by itself and is listed last once the rail has refreshed.
  await expect(maps).toHaveCount(before + 1);
  await expect(maps.last()).toHaveAttribute("aria-current", "page");
  await maps.last().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
}

/** Opens the map with this title from the left rail. */
export async function openMap(page: Page, title: string): Promise<void> {
  await page.getByTestId("map-item").filter({ hasText: title }).first().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
}

/** Reloads the page; the tab remembers its open map, which must load again. */
export async function reloadBoard(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
}

/** The stage titles as shown, left to right. */
export function stageTitles(page: Page) {
  return page.getByTestId("stage-header").locator(".stage-title");
}

export function stageHeader(page: Page, title: string) {
  return page.getByTestId("stage-header").filter({ has: page.locator(".stage-title", { hasText: title }) });
}

export function laneTitle(page: Page, title: string) {
  return page.getByTestId("lane-title").filter({ has: page.locator(".lane-name", { hasText: title }) });
}

/** Picks the UI language from the top bar (a setting kept by the host). */
export async function setUiLanguage(page: Page, language: "en" | "zh-CN" | "zh-TW"): Promise<void> {
  await page.getByTestId("language-select").selectOption(language);
  await expect(page.locator("html")).toHaveAttribute("lang", language);
}

/** The cell at the given stage and lane titles. */
export async function cell(page: Page, stageTitle: string, laneTitle: string) {
  const stageId = await page.getByTestId("stage-header").filter({ hasText: stageTitle }).first().getAttribute("data-stage-id");
  const laneId = await page.getByTestId("lane-title").filter({ hasText: laneTitle }).first().getAttribute("data-lane-id");
  return page.locator(`[data-testid="cell"][data-stage-id="${stageId}"][data-lane-id="${laneId}"]`);
}

/** Adds a card with `text` to a cell by its "+" button, typing it and leaving the editor. */
export async function addCard(page: Page, stageTitle: string, laneTitle: string, text: string): Promise<void> {
  const target = await cell(page, stageTitle, laneTitle);
  await target.getByTestId("add-card").click();
  await page.keyboard.type(text);
  await page.keyboard.press("Escape");
  await expect(target.getByTestId("card").filter({ hasText: text })).toBeVisible();
}

export async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved");
}

/**
 * The top bar keeps one line at 1366 px: nothing wraps, everything is inside the window, and no
 * control covers another (the stacked presence avatars overlap on purpose and are left out).
 */
export async function expectTopBarOnOneLine(page: Page): Promise<void> {
  const problems = await page.locator(".top-bar").evaluate((bar) => {
    const out: string[] = [];
    const right = window.innerWidth;
    const shown = [...bar.querySelectorAll<HTMLElement>("button, select, .save-state, .breadcrumb, .browser-url, [role='timer']")]
      .filter((el) => !el.closest(".presence-bar, .popover, .dialog-backdrop") && el.getBoundingClientRect().width > 0);
    for (const el of shown) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 0.5) out.push(`${el.textContent} ends at ${r.right}`);
      const line = Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
      if (el.matches(".save-state, .breadcrumb") && r.height > line * 1.5) out.push(`${el.textContent} wraps`);
    }
    // Controls side by side must not cover each other (one inside another is fine).
    for (const [i, a] of shown.entries()) {
      for (const b of shown.slice(i + 1)) {
        if (a.contains(b) || b.contains(a)) continue;
        const [ra, rb] = [a.getBoundingClientRect(), b.getBoundingClientRect()];
        const overlap = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const vertical = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (overlap > 1 && vertical > 1) out.push(`${a.textContent} and ${b.textContent} overlap by ${overlap}px`);
      }
    }
    return out;
  });
  expect(problems).toEqual([]);
}

/** The id of the first lane whose title matches. */
export async function laneId(page: Page, title: RegExp): Promise<string> {
  const id = await page.getByTestId("lane-title").filter({ hasText: title }).first().getAttribute("data-lane-id");
  if (!id) throw new Error(`no lane ${title}`);
  return id;
}

/** The cards drawn in a lane's cells. */
export const cardsIn = (page: Page, lane: string) => page.locator(`[data-testid="cell"][data-lane-id="${lane}"] [data-testid="card"]`);
