// A teammate's Wi-Fi drops while they type into a card; the facilitator deletes that card
// meanwhile. When the teammate is back, their words are not gone without a trace: the board shows
// the card as they left it and puts it back — on every board, under its id, in its cell — also
// when the page was reloaded before the Wi-Fi came back.
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { cell, expectSaved, setUiLanguage } from "../support/board";
import { facilitatorPage, joinByLink, participantBrowser, startWorkshopHost, type WorkshopHost } from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

function cardIn(page: Page, text: string) {
  return page.getByTestId("card").filter({ hasText: text });
}

/**
 * The facilitator writes a card in 触达 × 痛点 that the participant sees; the participant's Wi-Fi
 * drops, they add `added` to it, and the facilitator, who cannot see that, deletes the card.
 */
async function deletedWhileTypedOffline(
  fac: Page,
  part: Page,
  pc: BrowserContext,
  text: string,
  added: string,
): Promise<void> {
  const target = await cell(fac, "触达", "痛点");
  await target.getByTestId("add-card").click();
  await fac.keyboard.type(text);
  await fac.keyboard.press("Escape");
  await expect(cardIn(part, text)).toBeVisible();
  await expectSaved(part);
  await pc.setOffline(true);
  await expect(part.getByTestId("save-state")).toHaveAttribute("data-state", "offline", { timeout: 20_000 });
  await cardIn(part, text).dblclick();
  await expect(part.getByTestId("card-editor")).toBeFocused();
  await part.keyboard.press("End");
  await part.keyboard.insertText(added);
  await part.keyboard.press("Escape");
  await expect(cardIn(part, text + added)).toBeVisible();
  await cardIn(fac, text).locator(".card-body").click();
  await fac.keyboard.press("Delete");
  await expect(cardIn(fac, text)).toHaveCount(0);
  await expectSaved(fac);
}

test("a card deleted while a teammate typed into it offline is offered back to them, with their text (zh-CN)", async ({ browser }) => {
  host = await startWorkshopHost();
  const fc = await browser.newContext();
  const pc = await browser.newContext();
  try {
    const fac = await facilitatorPage(host, fc);
    const part = await joinByLink(host, pc, "安妮");
    await setUiLanguage(part, "zh-CN");

    // Offline, 安妮 adds to the card; the facilitator, who cannot see that, deletes it.
    await deletedWhileTypedOffline(fac, part, pc, "优惠码输入框找不到", "，在结账第二步");

    // Back online: the card goes, and its text as 安妮 left it stays on her screen to put back.
    await pc.setOffline(false);
    const notice = part.getByTestId("lost-cards");
    await expect(notice).toBeVisible({ timeout: 20_000 });
    await expect(notice.getByRole("heading")).toHaveText("有 1 张你正在修改的卡片被删除了");
    await expect(notice.getByTestId("lost-card")).toHaveCount(1);
    await expect(notice.getByTestId("lost-card")).toContainText("优惠码输入框找不到，在结账第二步");
    await expect(cardIn(part, "优惠码输入框找不到")).toHaveCount(0);
    await expect(fac.getByTestId("lost-cards")).toHaveCount(0);
    await part.screenshot({ path: test.info().outputPath("lost-card.png") });

    await notice.getByTestId("lost-card-put-back").click();
    await expect(notice).toHaveCount(0);
    for (const page of [part, fac]) {
      const back = (await cell(page, "触达", "痛点")).getByTestId("card").filter({ hasText: "优惠码输入框找不到，在结账第二步" });
      await expect(back).toHaveCount(1);
    }
    await expectSaved(part);
    // One undo step on 安妮's screen takes it away again.
    await part.getByTestId("undo").click();
    await expect(cardIn(fac, "优惠码输入框找不到")).toHaveCount(0);
  } finally {
    await pc.close();
    await fc.close();
  }
});

test("the card is offered back too when the teammate reloaded the page before the Wi-Fi came back", async ({ browser }) => {
  host = await startWorkshopHost();
  const fc = await browser.newContext();
  const pc = await browser.newContext();
  try {
    const fac = await facilitatorPage(host, fc);
    const part = await joinByLink(host, pc, "小林");
    await setUiLanguage(part, "zh-CN");
    // Offline, 小林 adds to the card, the facilitator deletes it, and 小林's page is reloaded
    // (the browser keeps the edit) before the Wi-Fi comes back.
    await deletedWhileTypedOffline(fac, part, pc, "客服电话打不通", "，晚上九点后");
    await part.reload().catch(() => undefined);
    await pc.setOffline(false);
    await part.goto(host.participantUrl());

    // The reloaded page's document is new; the kept edit is still 小林's, and its card is offered.
    const notice = part.getByTestId("lost-cards");
    await expect(notice).toBeVisible({ timeout: 20_000 });
    await expect(notice.getByTestId("lost-card")).toHaveCount(1);
    await expect(notice.getByTestId("lost-card")).toContainText("客服电话打不通，晚上九点后");
    await expect(cardIn(part, "客服电话打不通")).toHaveCount(0);
    await notice.getByTestId("lost-card-put-back").click();
    await expect(notice).toHaveCount(0);
    for (const page of [part, fac]) {
      await expect(cardIn(page, "客服电话打不通，晚上九点后")).toHaveCount(1);
    }
    await expectSaved(part);
  } finally {
    await pc.close();
    await fc.close();
  }
});

test("a card deleted while its editor holds a pinyin composition is offered back with the composed words", async ({
  browser,
}) => {
  host = await startWorkshopHost();
  const fc = await browser.newContext();
  const pc = await browser.newContext();
  try {
    const fac = await facilitatorPage(host, fc);
    const part = await joinByLink(host, pc, "阿俊");
    await setUiLanguage(part, "zh-CN");
    const target = await cell(fac, "触达", "痛点");
    await target.getByTestId("add-card").click();
    await fac.keyboard.type("退货流程");
    await fac.keyboard.press("Escape");
    await expect(cardIn(part, "退货流程")).toBeVisible();
    await expectSaved(part);

    // 阿俊 composes "kehu" → 客户 at the end of the card; before he confirms it, the card goes.
    await cardIn(part, "退货流程").dblclick();
    await expect(part.getByTestId("card-editor")).toBeFocused();
    await part.keyboard.press("End");
    const cdp = await pc.newCDPSession(part);
    for (const step of ["k", "ke", "keh", "kehu", "客户"]) {
      await cdp.send("Input.imeSetComposition", { text: step, selectionStart: step.length, selectionEnd: step.length });
    }
    await expect(part.getByTestId("card-editor")).toHaveText("退货流程客户");
    await cardIn(fac, "退货流程").locator(".card-body").click();
    await fac.keyboard.press("Delete");
    await expect(cardIn(fac, "退货流程")).toHaveCount(0);

    const notice = part.getByTestId("lost-cards");
    await expect(notice).toBeVisible({ timeout: 20_000 });
    await expect(notice.getByTestId("lost-card")).toContainText("退货流程客户");
    await expect(part.getByTestId("card-gone")).toHaveCount(0);
    await notice.getByTestId("lost-card-put-back").click();
    for (const page of [part, fac]) await expect(cardIn(page, "退货流程客户")).toHaveCount(1);
    await expectSaved(part);
  } finally {
    await pc.close();
    await fc.close();
  }
});
