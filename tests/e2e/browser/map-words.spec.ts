// What goes onto the map is in the map's language, whatever the interface's: with the interface in
// English on a 繁體 map, a new stage is 新階段, the add-lane dialog suggests 顧客行為, and the
// metric pickers list the metrics as their tiles name them; a first visitor in a Chinese
// interface is offered a Chinese guest name.
import { expect, test } from "@playwright/test";
import { createMap, createProject, openApp, setUiLanguage } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.afterEach(async () => {
  await host?.stop();
});

test("a 繁體 map gets its new stage, lane title and metric names in 繁體 from an English interface", async ({ page }) => {
  host = await startHost([]);
  await openApp(page, host.url);
  await setUiLanguage(page, "en");
  await createProject(page, "Words");
  await createMap(page, "Words", "zh-TW");

  await page.getByTestId("add-stage").click();
  await expect(page.getByTestId("stage-title-input")).toHaveValue("新階段");
  await page.keyboard.press("Escape");

  await page.getByTestId("add-lane").click();
  const dialog = page.getByTestId("add-lane-dialog");
  await expect(dialog.getByRole("textbox")).toHaveAttribute("placeholder", "顧客行為");
  // the dialog's own words stay in the interface's language
  await expect(dialog.getByRole("heading")).toHaveText("Add lane");
  await page.keyboard.press("Escape");

  const picker = page.getByTestId("add-metric-kind").first();
  await expect(picker.locator("option").first()).toHaveText(/[\u4e00-\u9fff]/);
  await expect(picker.locator("option", { hasText: "NPS 淨推薦值" })).toHaveCount(1);
});

test("a first visitor in a Chinese interface is offered a Chinese guest name", async ({ browser }) => {
  host = await startHost([]);
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(host.url);
  const prompt = page.getByTestId("name-prompt");
  await expect(prompt.getByRole("textbox")).toHaveValue("访客");
  await context.close();
});
