// What a workshop participant does in a browser against `wayline serve`: create a map from a
// template in Chinese, add and edit cards (input-method typing included), and find every saved
// edit again after a reload or a crash of the host.
import { expect, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test("a map from the lifecycle template in Simplified Chinese keeps an IME-typed card across a reload", async ({
  page,
}) => {
  await openApp(page, host.url);
  await createProject(page, "客户旅程工作坊");
  await createMap(page, "客户旅程工作坊", "zh-CN");
  await expect(page.getByTestId("stage-header")).toHaveText(["触达", "获客", "转化", "留存", "忠诚"].map((t) => new RegExp(t)));
  await expect(page.getByTestId("lane-title").first()).toContainText("客户行为");

  const target = await cell(page, "转化", "客户行为");
  await target.getByTestId("add-card").click();
  const editor = page.getByTestId("card-editor");
  await expect(editor).toBeFocused();
  // Type through an input method: Latin intermediates, then the committed Chinese text.
  const cdp = await page.context().newCDPSession(page);
  for (const step of ["k", "ke", "kehu", "客户"]) {
    await cdp.send("Input.imeSetComposition", { text: step, selectionStart: step.length, selectionEnd: step.length });
  }
  await cdp.send("Input.insertText", { text: "客户" });
  await page.keyboard.type("放弃了购物车");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("second line");
  await expect(editor).toHaveText("客户放弃了购物车\nsecond line", { useInnerText: true });
  await page.keyboard.press("Escape");
  const card = target.getByTestId("card").filter({ hasText: "客户放弃了购物车" });
  await expect(card).toBeVisible();
  await expect(card).toContainText("second line");
  await expect(card).not.toContainText("ke");
  await expectSaved(page);

  await page.reload();
  await page.getByTestId("map-item").first().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  const again = (await cell(page, "转化", "客户行为")).getByTestId("card").filter({ hasText: "客户放弃了购物车" });
  await expect(again).toHaveCount(1);
  await expect(again).toContainText("second line");
});

test("edit, recolour, delete, undo and redo a card", async ({ page }) => {
  await openApp(page, host.url);
  await createProject(page, "Workshop");
  await createMap(page, "Workshop", "en");
  const target = await cell(page, "Reach", "Opportunities");
  await target.getByTestId("add-card").click();
  await page.keyboard.type("Show prices in ads");
  await page.keyboard.press("Escape");
  const card = target.getByTestId("card").filter({ hasText: "Show prices in ads" });
  await expect(card).toBeVisible();
  // A new opportunity is green like the template's opportunities.
  await expect(card).toHaveClass(/green/);

  // Edit: double-click, append, leave.
  await card.dblclick();
  await page.keyboard.press("End");
  await page.keyboard.type(" and on the website");
  await page.keyboard.press("Escape");
  await expect(card).toContainText("Show prices in ads and on the website");

  await card.click();
  await page.getByTestId("color-swatch-pink").click();
  await expect(card).toHaveClass(/pink/);
  await expectSaved(page);

  await page.getByTestId("delete-card").click();
  await expect(target.getByTestId("card")).toHaveCount(0);
  // Each gesture is one undo step, however quickly they followed each other.
  const restored = target.getByTestId("card");
  await page.keyboard.press("Control+z");
  await expect(restored).toHaveCount(1);
  await expect(restored).toHaveClass(/pink/);
  await page.keyboard.press("Control+z");
  await expect(restored).toHaveClass(/green/);
  await expect(restored).toContainText("and on the website");
  await page.getByTestId("undo").click();
  await expect(restored).not.toContainText("and on the website");
  await expect(restored).toContainText("Show prices in ads");
  await page.keyboard.press("Control+Shift+z");
  await expect(restored).toContainText("and on the website");
  await page.getByTestId("redo").click();
  await page.keyboard.press("Control+y");
  await expect(target.getByTestId("card")).toHaveCount(0);
  await expectSaved(page);
});

test("every edit shown as saved survives the host being killed", async ({ page }) => {
  const ownDir = host.dataDir;
  await openApp(page, host.url);
  await createProject(page, "崩潰測試");
  await createMap(page, "崩潰測試", "zh-TW");
  const target = await cell(page, "留存", "痛點");
  await target.getByTestId("add-card").click();
  await page.keyboard.type("退貨流程太複雜");
  await page.keyboard.press("Escape");
  await expectSaved(page);

  await host.kill();
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "offline");
  const restarted = await startHost(["--no-sample"], ownDir);
  try {
    await page.goto(restarted.url);
    await page.getByTestId("map-item").first().click();
    await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
    await expect((await cell(page, "留存", "痛點")).getByTestId("card").filter({ hasText: "退貨流程太複雜" })).toHaveCount(1);
  } finally {
    await restarted.stop();
  }
});

test("the app refuses a visit without its token and explains what to open", async ({ page }) => {
  const bare = new URL(host.url);
  bare.search = "";
  const response = await page.goto(bare.toString());
  expect(response?.status()).toBe(401);
  await expect(page.locator("body")).toContainText("?token=");
});

test("an emoji-only card is kept and a 100,000-character paste is cut to 10,000 with a message", async ({ page }) => {
  await openApp(page, host.url);
  await createProject(page, "Limits");
  await createMap(page, "Limits", "en");
  const target = await cell(page, "Reach", "Pain points");
  await target.getByTestId("add-card").click();
  await page.keyboard.insertText("😡🛒⏳");
  await page.keyboard.press("Escape");
  await expect(target.getByTestId("card").filter({ hasText: "😡🛒⏳" })).toBeVisible();

  const other = await cell(page, "Acquisition", "Pain points");
  await other.getByTestId("add-card").click();
  await page.keyboard.insertText("长".repeat(100_000));
  const editor = page.getByTestId("card-editor");
  await expect(editor).toHaveText("长".repeat(10_000));
  await expect(page.getByRole("status").filter({ hasText: "10,000" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expectSaved(page);

  await page.reload();
  await page.getByTestId("map-item").first().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect((await cell(page, "Reach", "Pain points")).getByTestId("card").filter({ hasText: "😡🛒⏳" })).toHaveCount(1);
  const long = (await cell(page, "Acquisition", "Pain points")).getByTestId("card").filter({ hasText: "长长长" });
  await expect(long).toHaveCount(1);
});
