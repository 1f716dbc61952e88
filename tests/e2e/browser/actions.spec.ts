// The action plan of a zh-TW map, in two browsers: the template's example actions are listed and
// filtered; a pain point becomes an action from the inspector, edited in place (owner, status,
// due date, the metric it should move); the other person sees it at once; the card shows its
// badge; the plan survives a reload and leaves as a CSV in the map's words and as a calendar.
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, reloadBoard, setUiLanguage } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const rows = (page: Page) => page.getByTestId("action-row");
const row = (page: Page, title: string) => page.locator(`[data-testid="action-row"][data-title="${title}"]`);

async function download(page: Page, format: string): Promise<{ name: string; text: string }> {
  await page.getByTestId("export-open").click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.getByTestId("export-format").selectOption(format);
  const [file] = await Promise.all([page.waitForEvent("download"), dialog.getByTestId("export-go").click()]);
  const text = readFileSync(await file.path()).toString("utf8");
  await page.keyboard.press("Escape");
  return { name: file.suggestedFilename(), text };
}

test("a pain point becomes an action both people see, edited in place and exported (zh-TW)", async ({ browser }) => {
  const ana = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  const ben = await (await browser.newContext()).newPage();
  await openApp(ana, host.url, "林怡君");
  await setUiLanguage(ana, "zh-TW");
  await createProject(ana, "行動計畫");
  await createMap(ana, "行動計畫", "zh-TW");
  await openApp(ben, host.url, "陳志明");
  await ben.getByTestId("map-item").first().click();
  await expect(ben.getByTestId("board")).toHaveAttribute("data-ready", "true");

  // The template's example actions, filtered by team and status.
  await ana.getByTestId("pane-actions").click();
  await expect(ana.getByTestId("actions-view")).toBeVisible();
  const examples = await rows(ana).count();
  expect(examples).toBe(3);
  await expect(ana.getByTestId("pane-actions")).toHaveText("行動（3）");
  await ana.getByTestId("actions-filter-team").selectOption("service");
  await expect(rows(ana)).toHaveCount(1);
  await expect(rows(ana).getByTestId("action-owner")).toHaveValue("林怡君");
  await ana.getByTestId("actions-filter-team").selectOption("*");
  await ana.getByTestId("actions-filter-status").selectOption("open");
  await expect(rows(ana)).toHaveCount(2);
  await ana.getByTestId("actions-filter-status").selectOption("*");

  // From the board: a pain point, "轉為行動", the new action's title is ready for typing.
  await ana.getByTestId("pane-board").click();
  const pain = (await cell(ana, "轉換", "痛點")).getByTestId("card").first();
  await pain.click();
  await ana.getByTestId("make-action").click();
  const title = ana.getByTestId("action-title").and(ana.locator(":focus"));
  await expect(title).toHaveValue("結帳前必須先註冊帳號");
  await ana.keyboard.type("提供免註冊結帳 v2");
  await ana.keyboard.press("Enter");
  const mine = row(ana, "提供免註冊結帳 v2");
  await mine.getByTestId("action-owner").fill("王小明");
  await mine.getByTestId("action-owner").press("Enter");
  await mine.getByTestId("action-status").selectOption("in_progress");
  await mine.getByTestId("action-due").fill("2027-01-15");
  await mine.getByTestId("action-metric").selectOption({ index: 1 });
  await mine.getByTestId("action-effect").fill("＋２");
  await mine.getByTestId("action-effect").press("Enter");
  await expect(mine.getByTestId("action-effect")).toHaveValue("+2");
  await expect(mine.getByTestId("action-team")).toHaveValue("");
  await mine.getByTestId("action-team").selectOption("sales");
  await expectSaved(ana);

  // Ben sees it with every field, without reloading.
  await ben.getByTestId("pane-actions").click();
  const his = row(ben, "提供免註冊結帳 v2");
  await expect(his).toHaveCount(1);
  await expect(his.getByTestId("action-owner")).toHaveValue("王小明");
  await expect(his.getByTestId("action-status")).toHaveValue("in_progress");
  await expect(his.getByTestId("action-due")).toHaveValue("2027-01-15");
  await expect(his.getByTestId("action-team")).toHaveValue("sales");
  await expect(his.getByTestId("action-card")).toContainText("結帳前必須先註冊帳號");

  // Back to the board through the action's card: selected, with its badge, for both.
  await mine.getByTestId("action-card").click();
  await expect(ana.getByTestId("board")).toBeVisible();
  await expect(pain).toHaveClass(/selected/);
  // the template's own example action answers this pain point too
  await expect(pain.getByTestId("card-action-badge")).toHaveText("2 項行動");
  await expect(ana.getByTestId("card-action")).toHaveCount(2);
  await expect(ana.getByTestId("card-action").filter({ hasText: "提供免註冊結帳 v2" })).toContainText("進行中");
  await ben.getByTestId("pane-board").click();
  await expect((await cell(ben, "轉換", "痛點")).getByTestId("card-action-badge").first()).toBeVisible();

  await ana.screenshot({ path: "test-results/actions-board-zh-TW.png" });
  await ana.getByTestId("pane-actions").click();
  await ana.screenshot({ path: "test-results/actions-view-zh-TW.png" });

  await reloadBoard(ana);
  await ana.getByTestId("pane-actions").click();
  await expect(row(ana, "提供免註冊結帳 v2").getByTestId("action-owner")).toHaveValue("王小明");

  const csv = await download(ana, "actions-csv");
  expect(csv.name).toMatch(/-actions\.csv$/);
  expect(csv.text.charCodeAt(0)).toBe(0xfeff);
  expect(csv.text).toContain("行動,團隊,負責人,狀態,截止日期");
  expect(csv.text).toContain("提供免註冊結帳 v2,銷售,王小明,進行中,2027-01-15");
  const ics = await download(ana, "ics");
  expect(ics.name).toMatch(/-actions\.ics$/);
  expect(ics.text).toContain("DTSTART;VALUE=DATE:20270115");
  expect(ics.text.replace(/\r\n /g, "")).toContain("SUMMARY:提供免註冊結帳 v2");
});

test("delete asks first, and undo brings the action back", async ({ page }) => {
  await openApp(page, host.url);
  await createProject(page, "Plan");
  await createMap(page, "Plan", "en");
  await page.getByTestId("pane-actions").click();
  await page.getByTestId("action-add").click();
  const title = page.getByTestId("action-title").and(page.locator(":focus"));
  await expect(title).toHaveValue("New action");
  await page.keyboard.type("Call back within the hour");
  await page.keyboard.press("Enter");
  await expect(rows(page)).toHaveCount(4);
  await row(page, "Call back within the hour").getByTestId("action-delete").click();
  await page.getByTestId("confirm-ok").click();
  await expect(rows(page)).toHaveCount(3);
  await page.keyboard.press("Control+z");
  await expect(row(page, "Call back within the hour")).toHaveCount(1);
});

test("a due date typed from the keyboard is one change: one Ctrl+Z puts the date before it back", async ({
  browser,
}) => {
  // The segments' order is the browser's locale's: month, day, year in en-US.
  const page = await browser.newPage({ locale: "en-US" });
  await openApp(page, host.url);
  await createProject(page, "Plan");
  await createMap(page, "Plan", "en");
  await page.getByTestId("pane-actions").click();
  await page.getByTestId("action-add").click();
  await page.keyboard.type("Pilot guest checkout");
  await page.keyboard.press("Enter");
  const due = row(page, "Pilot guest checkout").getByTestId("action-due");
  await due.fill("2027-01-15");
  await due.blur();
  await expectSaved(page);
  // Typed again over it from the first segment, digit by digit (Chromium reports 0002, 0020,
  // 0202 and 2027 as the year is typed), and Enter.
  await due.focus();
  await page.keyboard.type("03202027");
  await expect(due).toHaveValue("2027-03-20");
  await page.keyboard.press("Enter");
  await expectSaved(page);
  await page.getByTestId("pane-board").click();
  await page.keyboard.press("Control+z");
  await page.getByTestId("pane-actions").click();
  await expect(due).toHaveValue("2027-01-15");
  await page.close();
});

test("the action plan beside the changes panel shows that it scrolls sideways, and the delete button stays in view", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, host.url, "Ana");
  await createProject(page, "Plan");
  await createMap(page, "Plan", "en");
  await page.getByTestId("pane-actions").click();
  const scroller = page.getByTestId("actions-scroll");
  await expect(scroller).not.toHaveAttribute("data-more-right");
  await page.getByTestId("open-versions").click();
  await page.getByTestId("version-row").first().getByTestId("compare-version").click();
  await expect(page.getByTestId("changes-panel")).toBeVisible();
  // Narrower now: columns pass beneath the delete button, and its edge is shaded.
  await expect(scroller).toHaveAttribute("data-more-right", "");
  const deleteCell = page.locator(".actions-table tbody tr").first().locator("td").last();
  const shadow = await deleteCell.evaluate((td) => getComputedStyle(td).boxShadow);
  expect(shadow).not.toBe("none");
  const box = await scroller.boundingBox();
  const cellBox = await deleteCell.boundingBox();
  expect(box && cellBox && Math.abs(box.x + box.width - (cellBox.x + cellBox.width))).toBeLessThan(2);
  // Scrolled to the end there is nothing more to the right.
  await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect(scroller).not.toHaveAttribute("data-more-right");
  expect(await deleteCell.evaluate((td) => getComputedStyle(td).boxShadow)).toBe("none");
});
