// Page helpers shared by the browser tests: what a user does, in a few named steps.
import { expect, type Page } from "@playwright/test";

/** Opens the app and answers the first-run name prompt. */
export async function openApp(page: Page, url: string, name = "Tester"): Promise<void> {
  await page.goto(url);
  const prompt = page.getByTestId("name-prompt");
  await expect(prompt).toBeVisible();
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

/** Creates a map from the lifecycle template in `locale` inside the named project and opens it. */
export async function createMap(page: Page, project: string, locale: string): Promise<void> {
  const item = page.getByTestId("project-item").filter({ hasText: project });
  await item.getByTestId("new-map").click();
  const dialog = page.getByTestId("new-map-dialog");
  await dialog.getByTestId("map-locale").selectOption(locale);
  await dialog.getByTestId("create-map").click();
  await expect(dialog).toBeHidden();
  const maps = item.getByTestId("map-item");
  await expect(maps.first()).toBeVisible();
  await maps.last().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
}

/** The cell at the given stage and lane titles. */
export async function cell(page: Page, stageTitle: string, laneTitle: string) {
  const stageId = await page.getByTestId("stage-header").filter({ hasText: stageTitle }).first().getAttribute("data-stage-id");
  const laneId = await page.getByTestId("lane-title").filter({ hasText: laneTitle }).first().getAttribute("data-lane-id");
  return page.locator(`[data-testid="cell"][data-stage-id="${stageId}"][data-lane-id="${laneId}"]`);
}

export async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved");
}
