// A keyboard user who opens a dialog is in it: the focus moves into the trash, personas, new map,
// export, add lane and confirmation dialogs when they open, Tab and Shift+Tab go round inside them and never reach the
// page behind, and closing gives the focus back to the button that opened them (zh-CN).
import { expect, type Page, test } from "@playwright/test";
import { openApp, setUiLanguage } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.afterEach(async () => {
  await host?.stop();
});

/** Opens the dialog from `opener` with the keyboard and walks it with Tab both ways. */
async function walkDialog(page: Page, opener: string, dialog: string): Promise<void> {
  await page.getByTestId(opener).first().focus();
  await page.keyboard.press("Enter");
  const box = page.getByTestId(dialog);
  await expect(box).toBeVisible();
  const inside = () => box.evaluate((el) => el.contains(document.activeElement));
  expect(await inside()).toBe(true);
  for (const key of ["Tab", "Shift+Tab"]) {
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(key);
      expect(await inside(), `${dialog}: ${key} × ${i + 1} left the dialog`).toBe(true);
    }
  }
  await page.keyboard.press("Escape");
  await expect(box).toHaveCount(0);
  await expect(page.getByTestId(opener).first()).toBeFocused();
}

test("the catalog's and the board's dialogs keep the keyboard inside and give it back", async ({ page }) => {
  host = await startHost([]);
  await openApp(page, host.url);
  await setUiLanguage(page, "zh-CN");
  await walkDialog(page, "trash-open", "trash-dialog");
  await walkDialog(page, "personas-open", "persona-panel");
  await walkDialog(page, "new-map", "new-map-dialog");
  await page.getByTestId("map-item").first().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await walkDialog(page, "export-open", "export-dialog");
  await walkDialog(page, "add-lane", "add-lane-dialog");
});

test("a new project's name is typed at once, and Escape gives the focus back", async ({ page }) => {
  host = await startHost([]);
  await openApp(page, host.url);
  await page.getByTestId("new-project").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("project-name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("project-name")).toHaveCount(0);
  await expect(page.getByTestId("new-project")).toBeFocused();
});
