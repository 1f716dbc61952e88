// A teammate's Wi-Fi drops while they type into a card; the facilitator deletes that card
// meanwhile. When the teammate is back, their words are not gone without a trace: the board shows
// the card as they left it and puts it back — on every board, under its id, in its cell.
import { expect, type Page, test } from "@playwright/test";
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

test("a card deleted while a teammate typed into it offline is offered back to them, with their text (zh-CN)", async ({ browser }) => {
  host = await startWorkshopHost();
  const fc = await browser.newContext();
  const pc = await browser.newContext();
  try {
    const fac = await facilitatorPage(host, fc);
    const part = await joinByLink(host, pc, "安妮");
    await setUiLanguage(part, "zh-CN");

    const target = await cell(fac, "触达", "痛点");
    await target.getByTestId("add-card").click();
    await fac.keyboard.type("优惠码输入框找不到");
    await fac.keyboard.press("Escape");
    await expect(cardIn(part, "优惠码输入框找不到")).toBeVisible();
    await expectSaved(part);

    // Offline, 安妮 adds to the card; the facilitator, who cannot see that, deletes it.
    await pc.setOffline(true);
    await expect(part.getByTestId("save-state")).toHaveAttribute("data-state", "offline", { timeout: 20_000 });
    await cardIn(part, "优惠码输入框找不到").dblclick();
    await expect(part.getByTestId("card-editor")).toBeFocused();
    await part.keyboard.press("End");
    await part.keyboard.insertText("，在结账第二步");
    await part.keyboard.press("Escape");
    await expect(cardIn(part, "优惠码输入框找不到，在结账第二步")).toBeVisible();
    await cardIn(fac, "优惠码输入框找不到").locator(".card-body").click();
    await fac.keyboard.press("Delete");
    await expect(cardIn(fac, "优惠码输入框找不到")).toHaveCount(0);
    await expectSaved(fac);

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
