// The catalog around the maps, in a Chinese UI: rename, duplicate, trash, restore and purge maps;
// personas with a picture as a map's actor; a map from each of the five templates.
import { expect, type Page, test } from "@playwright/test";
import {
  createMap,
  createProject,
  expectSaved,
  openApp,
  reloadBoard,
  stageTitles,
  type TemplateId,
} from "../support/board";
import { type Host, startHost } from "../support/host";
import { tinyPng } from "../support/png";

test.use({ locale: "zh-CN" });

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

/** The left-rail row of the map with exactly this title (its item and its ⋯ menu). */
function mapRow(page: Page, title: string) {
  return page.locator("li.map-row").filter({ has: page.locator(".map-title", { hasText: new RegExp(`^${title}$`) }) });
}

async function mapAction(page: Page, title: string, action: "rename-map" | "duplicate-map" | "delete-map") {
  await mapRow(page, title).getByTestId("map-menu").click();
  await page.getByTestId(action).click();
}

test("rename, duplicate, trash with undo, restore from the trash and purge a map", async ({ page }) => {
  await openApp(page, host.url, "小李");
  await createProject(page, "目录测试");
  await createMap(page, "目录测试", "zh-CN");
  const titles = page.getByTestId("map-item").locator(".map-title");
  await expect(titles).toHaveText(["客户生命周期旅程"]);
  await expect(mapRow(page, "客户生命周期旅程").locator("img[data-testid=map-thumbnail]")).toBeVisible();

  // Rename from the menu; an empty title is refused.
  await mapAction(page, "客户生命周期旅程", "rename-map");
  const rename = page.getByTestId("map-title-rename");
  await expect(rename).toBeFocused();
  await rename.fill("  ");
  await rename.press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "旅程图标题不能为空" })).toBeVisible();
  await rename.fill("跑鞋旅程");
  await rename.press("Enter");
  await expect(titles).toHaveText(["跑鞋旅程"]);
  await expect(page.getByTestId("map-title-input")).toHaveValue("跑鞋旅程");

  // Duplicate: the copy is named after the original.
  await mapAction(page, "跑鞋旅程", "duplicate-map");
  await expect(titles).toHaveText(["跑鞋旅程", "跑鞋旅程（副本）"]);

  // Trash the copy, then undo from the toast.
  await mapAction(page, "跑鞋旅程（副本）", "delete-map");
  const toast = page.getByTestId("undo-toast");
  await expect(toast).toContainText("已移到回收站");
  await expect(titles).toHaveText(["跑鞋旅程"]);
  await toast.getByRole("button", { name: "撤销" }).click();
  await expect(toast).toBeHidden();
  await expect(titles).toHaveText(["跑鞋旅程", "跑鞋旅程（副本）"]);

  // Trash it again; the trash lists it with its project; restore.
  await mapAction(page, "跑鞋旅程（副本）", "delete-map");
  await expect(titles).toHaveText(["跑鞋旅程"]);
  await page.getByTestId("trash-open").click();
  const trash = page.getByTestId("trash-dialog");
  await expect(trash.getByTestId("trash-item")).toHaveCount(1);
  await expect(trash.getByTestId("trash-item")).toContainText("跑鞋旅程（副本）");
  await expect(trash.getByTestId("trash-item")).toContainText("来自 目录测试");
  await trash.getByTestId("restore-map").click();
  await expect(trash.getByTestId("trash-empty")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(trash).toBeHidden();
  await expect(titles).toHaveText(["跑鞋旅程", "跑鞋旅程（副本）"]);

  // Trash it once more and delete it for good, after a confirmation.
  await mapAction(page, "跑鞋旅程（副本）", "delete-map");
  await page.getByTestId("trash-open").click();
  await trash.getByTestId("purge-map").click();
  await expect(trash.getByTestId("trash-item")).toContainText("要彻底删除“跑鞋旅程（副本）”吗？此操作无法撤销。");
  await trash.getByTestId("confirm-purge").click();
  await expect(trash.getByTestId("trash-empty")).toBeVisible();
  await page.keyboard.press("Escape");
  await page.reload();
  await expect(titles).toHaveText(["跑鞋旅程"]);
  await page.getByTestId("trash-open").click();
  await expect(trash.getByTestId("trash-empty")).toBeVisible();
});

test("a persona with a Chinese name and a picture becomes the map's actor; an IME-typed scenario survives a reload", async ({
  page,
}) => {
  await openApp(page, host.url, "小李");
  await createProject(page, "画像测试");
  await createMap(page, "画像测试", "zh-CN");

  await page.getByTestId("project-item").filter({ hasText: "画像测试" }).getByTestId("personas-open").click();
  const panel = page.getByTestId("persona-panel");
  await panel.getByTestId("new-persona").click();
  await panel.getByTestId("persona-name").fill("王小明");
  await panel.getByTestId("persona-role").fill("跑步爱好者");
  await panel.getByTestId("persona-picture-input").setInputFiles({
    name: "头像.png",
    mimeType: "image/png",
    buffer: tinyPng(),
  });
  await panel.getByTestId("save-persona").click();
  const item = panel.getByTestId("persona-item").filter({ hasText: "王小明" });
  await expect(item).toContainText("跑步爱好者");
  const avatar = item.locator("img.persona-avatar");
  await expect(avatar).toBeVisible();
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(16);
  await panel.getByRole("button", { name: "关闭" }).last().click();
  await expect(panel).toBeHidden();

  // Pick the persona as the actor in the map header.
  const header = page.getByTestId("map-header");
  await header.getByTestId("persona-select").selectOption({ label: "王小明 · 跑步爱好者" });
  await expect(header.locator("img.persona-avatar")).toBeVisible();

  // Rewrite the scenario through an input method.
  const scenario = header.getByTestId("scenario-input");
  await scenario.click();
  await page.keyboard.press("Control+a");
  const cdp = await page.context().newCDPSession(page);
  for (const step of ["w", "wang", "王小明", "王小明 z", "王小明周末"]) {
    await cdp.send("Input.imeSetComposition", { text: step, selectionStart: step.length, selectionEnd: step.length });
  }
  await cdp.send("Input.insertText", { text: "王小明周末" });
  await page.keyboard.type("在网店买了第二双跑鞋");
  await expect(scenario).toHaveValue("王小明周末在网店买了第二双跑鞋");
  await header.getByTestId("expectations-input").click();
  await expectSaved(page);

  await reloadBoard(page);
  await expect(header.getByTestId("scenario-input")).toHaveValue("王小明周末在网店买了第二双跑鞋");
  await expect(header.getByTestId("persona-select").locator("option:checked")).toHaveText("王小明 · 跑步爱好者");
  const headerAvatar = header.locator("img.persona-avatar");
  await expect(headerAvatar).toBeVisible();
  await expect.poll(() => headerAvatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(16);
});

test("a map from each of the five templates in Traditional Chinese shows its stages", async ({ page }) => {
  const templates: [TemplateId, string, string[]][] = [
    ["lifecycle", "顧客生命週期旅程", ["觸達", "獲客", "轉換", "留存", "忠誠"]],
    ["pre_post_sale", "售前售後顧客旅程", ["廣告觸及", "官網瀏覽", "下單購買", "開箱上手", "售後服務", "回饋與口碑"]],
    ["service_blueprint", "服務藍圖", ["下載 App", "線上申請", "身分驗證", "收到金融卡", "首次使用"]],
    ["self_service", "自助服務顧客旅程", ["搜尋", "知識庫與常見問題", "教學影片", "聊天機器人與語音選單", "社群論壇", "轉接真人客服", "問題解決"]],
    ["saas_onboarding", "SaaS 顧客導入與流失風險", ["註冊試用", "設定導入", "初次見效", "深度使用", "續約"]],
  ];
  await openApp(page, host.url, "小林");
  await createProject(page, "範本");
  for (const [id, title, stages] of templates) {
    await createMap(page, "範本", "zh-TW", id);
    await expect(page.getByTestId("map-title-input")).toHaveValue(title);
    await expect(stageTitles(page)).toHaveText(stages);
    await expect(page.getByTestId("card").first()).toBeVisible();
  }
  // The service blueprint draws its three lines.
  await page.getByTestId("map-item").filter({ hasText: "服務藍圖" }).click();
  await expect(page.getByTestId("blueprint-line")).toHaveCount(3);
  await expect(page.getByTestId("map-item")).toHaveCount(5);
});
