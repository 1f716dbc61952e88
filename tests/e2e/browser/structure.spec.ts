// Shaping the board in a Chinese workshop: stages (add, rename, refuse an empty title, recolour,
// delete with its cards and undo, reorder by drag) and lanes (a role lane, a custom team lane,
// rename, collapse, blueprint line, delete).
import { expect, type Page, test } from "@playwright/test";
import {
  cell,
  createMap,
  createProject,
  expectSaved,
  laneTitle,
  openApp,
  reloadBoard,
  stageHeader,
  stageTitles,
} from "../support/board";
import { type Host, startHost } from "../support/host";

test.use({ locale: "zh-CN" });

let host: Host;
test.beforeEach(async ({ page }) => {
  host = await startHost();
  await openApp(page, host.url, "小李");
  await createProject(page, "结构工作坊");
  await createMap(page, "结构工作坊", "zh-CN");
});
test.afterEach(async () => {
  await host.stop();
});

/** Closes an open board menu the way that works: a click on an empty spot of the board. */
async function clickAway(page: Page): Promise<void> {
  await page.locator(".board-grid > .corner").click();
}

test("stages: add with a Chinese title, rename, refuse an empty title, recolour, delete with undo, drag to reorder", async ({
  page,
}) => {
  const titles = stageTitles(page);
  await expect(titles).toHaveText(["触达", "获客", "转化", "留存", "忠诚"]);

  // Add: the new stage opens for naming straight away.
  await page.getByTestId("add-stage").click();
  const input = page.getByTestId("stage-title-input");
  await expect(input).toBeFocused();
  await expect(input).toHaveValue("新阶段");
  await page.keyboard.type("复盘");
  await page.keyboard.press("Enter");
  await expect(titles).toHaveText(["触达", "获客", "转化", "留存", "忠诚", "复盘"]);

  // Rename by double-clicking the title.
  await stageHeader(page, "复盘").locator(".stage-title").dblclick();
  await expect(input).toBeFocused();
  await input.fill("复盘与改进");
  await page.keyboard.press("Enter");
  await expect(titles.last()).toHaveText("复盘与改进");

  // An empty title is refused with a message and the old title stays.
  await stageHeader(page, "复盘与改进").locator(".stage-title").dblclick();
  await input.fill("   ");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("title-error")).toHaveText("标题不能为空");
  await expect(input).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(input).toBeHidden();
  await expect(titles.last()).toHaveText("复盘与改进");

  // Recolour from the stage menu.
  const added = stageHeader(page, "复盘与改进");
  await added.getByTestId("stage-menu").click();
  await page.getByTestId("stage-color-pink").click();
  await expect(page.getByTestId("stage-color-pink")).toHaveAttribute("aria-pressed", "true");
  await expect(added).toHaveAttribute("style", /--band-pink/);
  // (Escape closes it too: see "Escape closes the stage menu" below.)
  await clickAway(page);
  await expect(page.getByTestId("stage-color-pink")).toBeHidden();

  // Delete a stage that holds cards: the confirmation names the count; undo brings all back.
  const conversionCards = [
    ["客户行为", "加入购物车并用移动支付付款"],
    ["痛点", "结账前必须先注册账号"],
    ["机会点", "提供免注册结账"],
    ["销售部", "一天内跟进放弃的购物车"],
  ];
  await stageHeader(page, "转化").getByTestId("stage-menu").click();
  await page.getByTestId("delete-stage").click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText("转化");
  await expect(confirm).toContainText("4 张卡片");
  await confirm.getByTestId("confirm-ok").click();
  await expect(confirm).toBeHidden();
  await expect(titles).toHaveText(["触达", "获客", "留存", "忠诚", "复盘与改进"]);
  await expect(page.getByTestId("card").filter({ hasText: "结账前必须先注册账号" })).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(titles).toHaveText(["触达", "获客", "转化", "留存", "忠诚", "复盘与改进"]);
  for (const [lane, text] of conversionCards) {
    await expect((await cell(page, "转化", lane)).getByTestId("card").filter({ hasText: text })).toHaveCount(1);
  }
  await expectSaved(page);

  // Reorder: fit the board so both ends are on screen, then drag the first header onto the last.
  await page.getByTestId("zoom-fit").click();
  await expect(page.getByTestId("zoom-reset")).not.toHaveText("100%");
  await stageHeader(page, "触达").dragTo(stageHeader(page, "复盘与改进"));
  await expect(titles).toHaveText(["获客", "转化", "留存", "忠诚", "复盘与改进", "触达"]);
  // The cards travel with their stage.
  await expect((await cell(page, "触达", "客户行为")).getByTestId("card")).toContainText(["在社交媒体上看到跑鞋广告"]);
  await expectSaved(page);
  await reloadBoard(page);
  await expect(titles).toHaveText(["获客", "转化", "留存", "忠诚", "复盘与改进", "触达"]);
  await expect(stageHeader(page, "复盘与改进")).toHaveAttribute("style", /--band-pink/);
});

test("lanes: add a role lane and a custom team lane, rename, collapse, blueprint line, delete", async ({ page }) => {
  const lanes = page.getByTestId("lane-title");
  const before = await lanes.count();

  // A cards lane holding physical evidence, titled from the role.
  await page.getByTestId("add-lane").click();
  let dialog = page.getByTestId("add-lane-dialog");
  await dialog.getByTestId("lane-kind-select").selectOption("cards");
  await dialog.getByTestId("lane-role-select").selectOption("evidence");
  await expect(dialog.getByTestId("lane-title-new")).toHaveAttribute("placeholder", "有形展示");
  await dialog.getByTestId("add-lane-ok").click();
  await expect(dialog).toBeHidden();
  await expect(lanes).toHaveCount(before + 1);
  await expect(lanes.last().locator(".lane-name")).toHaveText("有形展示");

  // A department lane for a team that is not built in.
  await page.getByTestId("add-lane").click();
  dialog = page.getByTestId("add-lane-dialog");
  await dialog.getByTestId("lane-kind-select").selectOption("department");
  await dialog.getByTestId("lane-team-select").selectOption("custom");
  await dialog.getByTestId("lane-team-input").fill("物流部");
  await dialog.getByTestId("lane-title-new").fill("物流配送");
  await dialog.getByTestId("add-lane-ok").click();
  await expect(dialog).toBeHidden();
  await expect(lanes).toHaveCount(before + 2);
  const logistics = laneTitle(page, "物流配送");
  await expect(logistics.locator(".lane-kind")).toHaveText("物流部");
  // Its cards belong to that team: a card added there shows up with the team in the inspector.
  await (await cell(page, "转化", "物流配送")).getByTestId("add-card").click();
  await page.keyboard.type("次日达配送");
  await page.keyboard.press("Escape");
  const card = page.getByTestId("card").filter({ hasText: "次日达配送" });
  await card.click();
  await expect(page.getByTestId("department-select")).toHaveValue("物流部");

  // Rename by double-click.
  await logistics.locator(".lane-name").dblclick();
  const input = page.getByTestId("lane-title-input");
  await expect(input).toBeFocused();
  await input.fill("物流与配送");
  await page.keyboard.press("Enter");
  const renamed = laneTitle(page, "物流与配送");
  await expect(renamed).toBeVisible();

  // Collapse hides the lane's cards; expand shows them again.
  await renamed.getByTestId("collapse-lane").click();
  await expect(renamed.getByTestId("collapse-lane")).toHaveAttribute("aria-expanded", "false");
  await expect(card).toBeHidden();
  await renamed.getByTestId("collapse-lane").click();
  await expect(renamed.getByTestId("collapse-lane")).toHaveAttribute("aria-expanded", "true");
  await expect(card).toBeVisible();

  // A blueprint line above the evidence lane.
  const evidence = laneTitle(page, "有形展示");
  await evidence.getByTestId("lane-menu").click();
  await page.getByTestId("separator-select").selectOption("interaction");
  await clickAway(page);
  // The template already draws the line of visibility above the marketing lane.
  const line = page.locator('[data-testid="blueprint-line"][data-separator="interaction"]');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText("互动分界线");
  await expect(page.getByTestId("blueprint-line")).toHaveCount(2);
  // drawn directly above the lane
  const lineBox = await line.boundingBox();
  const laneBox = await evidence.boundingBox();
  expect(lineBox && laneBox && Math.abs(lineBox.y + lineBox.height - laneBox.y) < 4).toBeTruthy();

  // Delete the empty evidence lane (no question asked), and the logistics lane with its card.
  await evidence.getByTestId("lane-menu").click();
  await page.getByTestId("delete-lane").click();
  await expect(evidence).toHaveCount(0);
  await expect(line).toHaveCount(0);
  await expect(page.getByTestId("blueprint-line")).toHaveCount(1);
  await renamed.getByTestId("lane-menu").click();
  await page.getByTestId("delete-lane").click();
  await expect(page.getByTestId("confirm-dialog")).toContainText("1 张卡片");
  await page.getByTestId("confirm-ok").click();
  await expect(renamed).toHaveCount(0);
  await expect(lanes).toHaveCount(before);
  await expectSaved(page);
  await reloadBoard(page);
  await expect(lanes).toHaveCount(before);
  await expect(page.getByTestId("blueprint-line")).toHaveCount(1);
  await expect(page.getByTestId("blueprint-line")).toHaveAttribute("data-separator", "visibility");
});

// Escape closes a board popover (stage menu, lane menu, channel picker) while the focus is on a
// button inside the board (the ⋯ button just clicked, a colour swatch, a channel chip): the board's
// own Escape handler leaves it to the open popover, and the popover keeps its listener across
// re-renders.
test("Escape closes the stage menu", async ({ page }) => {
  await stageHeader(page, "触达").getByTestId("stage-menu").click();
  await page.getByTestId("stage-color-teal").click();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("stage-color-teal")).toBeHidden();
});

// Clicking the ⋯ button of an open stage (or lane) menu closes it: a press on the toggle does not
// count as outside the popover, so the button's own click is the only thing that toggles it.
test("clicking ⋯ again closes the stage menu", async ({ page }) => {
  const menu = stageHeader(page, "触达").getByTestId("stage-menu");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});
