// Undo in a live workshop: one Ctrl+Z takes back a whole card written while a teammate adds and
// types their own, and an undo that removes a card a teammate wrote in says so, with a button that
// puts the card back — their words too — on every screen.
import { expect, type Page, test } from "@playwright/test";
import { cell, createMap, createProject, openApp } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function twoPeople(browser: import("@playwright/test").Browser): Promise<[Page, Page]> {
  const facilitator = await (await browser.newContext()).newPage();
  const teammate = await (await browser.newContext()).newPage();
  await openApp(facilitator, host.url, "主持人");
  await createProject(facilitator, "撤销");
  await createMap(facilitator, "撤销", "zh-CN");
  await openApp(teammate, host.url, "陈小明");
  await teammate.getByTestId("map-item").first().click();
  await expect(teammate.getByTestId("board")).toHaveAttribute("data-ready", "true");
  return [facilitator, teammate];
}

const cardWith = (page: Page, text: string) => page.getByTestId("card").filter({ hasText: text });

test("one undo takes back a whole card written while a teammate writes one of their own", async ({ browser }) => {
  const [facilitator, teammate] = await twoPeople(browser);
  await (await cell(facilitator, "忠诚", "客户行为")).getByTestId("add-card").click();
  await (await cell(teammate, "获客", "客户行为")).getByTestId("add-card").click();
  const mine = Array.from("撤销测试甲乙丙");
  const theirs = Array.from("同时输入另一张卡片");
  for (let i = 0; i < theirs.length; i++) {
    if (mine[i]) await facilitator.keyboard.type(mine[i]);
    await teammate.keyboard.type(theirs[i]);
    await sleep(80);
  }
  await facilitator.keyboard.press("Escape");
  await teammate.keyboard.press("Escape");
  await expect(cardWith(facilitator, "同时输入另一张卡片")).toHaveCount(1);
  await expect(cardWith(facilitator, "撤销测试甲乙丙")).toHaveCount(1);

  await facilitator.keyboard.press("Control+z");
  for (const page of [facilitator, teammate]) {
    await expect(cardWith(page, "撤销测试")).toHaveCount(0);
    await expect(cardWith(page, "同时输入另一张卡片")).toHaveCount(1);
  }
  // and redo brings the whole card back in one step
  await facilitator.keyboard.press("Control+Shift+z");
  for (const page of [facilitator, teammate]) await expect(cardWith(page, "撤销测试甲乙丙")).toHaveCount(1);
});

test("an undo that removes a card a teammate wrote in says so and can put it back", async ({ browser }) => {
  const [facilitator, teammate] = await twoPeople(browser);
  await (await cell(facilitator, "留存", "客户行为")).getByTestId("add-card").click();
  await facilitator.keyboard.type("主持人新卡");
  await facilitator.keyboard.press("Escape");
  const onTeammate = cardWith(teammate, "主持人新卡");
  await expect(onTeammate).toHaveCount(1);
  await onTeammate.locator(".card-body").dblclick();
  await expect(teammate.locator("[data-testid=card-editor]:focus")).toHaveCount(1);
  await teammate.keyboard.press("Control+End");
  await teammate.keyboard.type("——陈小明补充的重要内容");
  await teammate.keyboard.press("Escape");
  await expect(cardWith(facilitator, "陈小明补充的重要内容")).toHaveCount(1);

  await facilitator.getByTestId("board").click({ position: { x: 5, y: 5 } });
  await facilitator.keyboard.press("Control+z");
  await expect(cardWith(teammate, "主持人新卡")).toHaveCount(0);
  const notice = facilitator.getByTestId("undo-removed");
  await expect(notice).toContainText("主持人新卡");
  await notice.getByTestId("undo-removed-action").click();
  for (const page of [facilitator, teammate]) {
    await expect(cardWith(page, "主持人新卡——陈小明补充的重要内容")).toHaveCount(1);
  }
});
