// Saved versions of a map, in two browsers: the template's own version ("第一次工作坊") compared
// with now (its new opportunities highlighted, the NPS 31 → 34, the actions a step further);
// a version saved by the facilitator, then a card the other person adds shows as new in the
// comparison; the saved version viewed read-only without that card; two versions compared; a
// version restored as a new map; "Clear examples" takes the example version with it.
import { expect, type Page, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, setUiLanguage } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

async function openVersions(page: Page) {
  await page.getByTestId("open-versions").click();
  const dialog = page.getByTestId("versions-dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

function versionRow(page: Page, name: string) {
  return page.getByTestId("version-row").filter({ hasText: name });
}

test("versions are saved, compared with now and with each other, viewed and restored (zh-CN)", async ({ browser }) => {
  const ana = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  const ben = await (await browser.newContext()).newPage();
  await openApp(ana, host.url, "林怡君");
  await setUiLanguage(ana, "zh-CN");
  await createProject(ana, "版本");
  await createMap(ana, "版本", "zh-CN");
  const board = ana.getByTestId("board");

  // The template's own version, compared with now.
  let dialog = await openVersions(ana);
  await expect(dialog.getByTestId("version-row")).toHaveCount(1);
  await expect(versionRow(ana, "第一次工作坊")).toContainText("示例");
  await versionRow(ana, "第一次工作坊").getByTestId("compare-version").click();
  const panel = ana.getByTestId("changes-panel");
  await expect(panel).toHaveAttribute("aria-label", "自“第一次工作坊”以来的变化");
  await expect(ana.getByTestId("version-bar")).toContainText("自“第一次工作坊”以来的变化");
  await expect(panel.getByTestId("changes-counts")).toHaveText("新增 3 · 修改 1 · 移动 0 · 删除 0");
  await expect(board.getByTestId("card-change").filter({ hasText: "新增" })).toHaveCount(3);
  await expect(board.getByTestId("card-change").filter({ hasText: "已修改" })).toHaveCount(1);
  await expect(panel.getByTestId("changes-edited")).toContainText("电话排队等了很久");
  await expect(panel.getByTestId("changes-metrics")).toContainText("31 分 → 34 分");
  await expect(panel.getByTestId("changes-actions")).toContainText("进行中 → 已完成");
  await ana.screenshot({ path: test.info().outputPath("compare.png") });
  await expect(ana.getByTestId("version-bar")).toBeVisible();
  await ana.getByTestId("back-to-live").click();
  await expect(panel).toBeHidden();
  await expect(board.getByTestId("card-change")).toHaveCount(0);

  // A version saved now; the other person then adds a card.
  dialog = await openVersions(ana);
  await dialog.getByTestId("save-version").click();
  await expect(dialog).toContainText("版本需要名称。");
  await dialog.getByTestId("version-name").fill("第二次工作坊 𠮷");
  await dialog.getByTestId("save-version").click();
  await expect(dialog).toContainText("已保存“第二次工作坊 𠮷”。");
  await expect(dialog.getByTestId("version-row")).toHaveCount(2);
  await expect(dialog.getByTestId("version-row").first()).toContainText("第二次工作坊 𠮷");
  await ana.screenshot({ path: test.info().outputPath("dialog.png") });
  await ana.keyboard.press("Escape");
  await expect(ana.getByTestId("open-versions")).toHaveText("版本（2）");
  await expectSaved(ana);

  await openApp(ben, host.url, "陈志明");
  await ben.getByTestId("map-item").first().click();
  await expect(ben.getByTestId("board")).toHaveAttribute("data-ready", "true");
  const target = await cell(ben, "触达", "客户行为");
  await target.getByTestId("add-card").click();
  await ben.keyboard.type("看到朋友的推荐 👍");
  await ben.keyboard.press("Enter");
  await expectSaved(ben);
  await expect(board.getByTestId("card").filter({ hasText: "看到朋友的推荐 👍" })).toHaveCount(1);

  dialog = await openVersions(ana);
  await versionRow(ana, "第二次工作坊").getByTestId("compare-version").click();
  await expect(panel.getByTestId("changes-counts")).toHaveText("新增 1 · 修改 0 · 移动 0 · 删除 0");
  await expect(panel.getByTestId("changes-added")).toContainText("看到朋友的推荐 👍");
  const added = board.getByTestId("card").filter({ hasText: "看到朋友的推荐 👍" });
  await expect(added.getByTestId("card-change")).toHaveText("新增");
  // Following the live map: an edit made while comparing joins the list.
  const more = await cell(ben, "获客", "客户行为");
  await more.getByTestId("add-card").click();
  await ben.keyboard.type("比较了三家店");
  await ben.keyboard.press("Enter");
  await expect(panel.getByTestId("changes-counts")).toHaveText("新增 2 · 修改 0 · 移动 0 · 删除 0");
  await ana.getByTestId("back-to-live").click();

  // Two versions compared with each other: the second one is shown, read-only, with the highlights.
  dialog = await openVersions(ana);
  await dialog.getByTestId("compare-from").selectOption({ label: "第一次工作坊" });
  await dialog.getByTestId("compare-to").selectOption({ label: "第二次工作坊 𠮷" });
  await dialog.getByTestId("compare-two").click();
  await expect(ana.getByTestId("version-bar")).toContainText("从“第一次工作坊”到“第二次工作坊 𠮷”的变化");
  await expect(panel.getByTestId("changes-counts")).toHaveText("新增 3 · 修改 1 · 移动 0 · 删除 0");
  await expect(board.getByTestId("card").filter({ hasText: "看到朋友的推荐" })).toHaveCount(0);
  await ana.getByTestId("back-to-live").click();

  // The saved version, read-only: Ben's cards are not in it and nothing can be added.
  dialog = await openVersions(ana);
  await versionRow(ana, "第二次工作坊").getByTestId("view-version").click();
  await expect(ana.getByTestId("version-bar")).toContainText("版本“第二次工作坊 𠮷”");
  await expect(ana.getByTestId("version-bar")).toContainText("只读");
  await expect(board.getByTestId("card").filter({ hasText: "看到朋友的推荐" })).toHaveCount(0);
  await expect(board.getByTestId("add-card")).toHaveCount(0);
  await ana.screenshot({ path: test.info().outputPath("view.png") });
  await ana.getByTestId("back-to-live").click();
  await expect(board.getByTestId("card").filter({ hasText: "看到朋友的推荐" })).toHaveCount(1);

  // The template's version restored as a new map: without the opportunities that came later.
  dialog = await openVersions(ana);
  await versionRow(ana, "第一次工作坊").getByTestId("restore-version").click();
  await expect(ana.getByTestId("version-restored")).toContainText("客户生命周期旅程（第一次工作坊）");
  const maps = ana.getByTestId("project-item").filter({ hasText: "版本" }).getByTestId("map-item");
  await expect(maps).toHaveCount(2);
  await expect(maps.last()).toHaveAttribute("aria-current", "page");
  await expect(board).toHaveAttribute("data-ready", "true");
  await expect((await cell(ana, "获客", "机会点")).getByTestId("card")).toHaveCount(0);
  await expect(board.getByTestId("card").filter({ hasText: "电话排队等了很久" })).toHaveCount(1);
  await ana.screenshot({ path: test.info().outputPath("restored.png") });
});

test("Clear examples takes the example version with it (zh-TW)", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, host.url, "林");
  await setUiLanguage(page, "zh-TW");
  await createProject(page, "範例");
  await createMap(page, "範例", "zh-TW", "service_blueprint");
  await expect(page.getByTestId("open-versions")).toHaveText("版本（1）");
  await page.getByTestId("clear-examples").click();
  await page.getByTestId("confirm-dialog").getByTestId("confirm-ok").click();
  await expect(page.getByTestId("open-versions")).toHaveText("版本");
  const dialog = await openVersions(page);
  await expect(dialog).toContainText("還沒有儲存的版本");
});
