// Screenshots for a person to look at (not compared automatically): the lifecycle template in
// Simplified and Traditional Chinese at a laptop and a full-HD size, and the dark theme with the
// inspector open. Each is saved in the test's output folder and copied to
// test-results/shot-<name>.png.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { createMap, createProject, openApp } from "../support/board";
import { type Host, repoRoot, startHost } from "../support/host";

const shotDir = join(repoRoot, "tests/e2e/test-results");

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // let the thumbnail and any smooth scroll settle
  await page.waitForTimeout(300);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
  mkdirSync(shotDir, { recursive: true });
  copyFileSync(path, join(shotDir, `shot-${name}.png`));
}

const sizes = [
  { label: "1366x768", viewport: { width: 1366, height: 768 } },
  { label: "1920x1080", viewport: { width: 1920, height: 1080 } },
];

test("lifecycle template in zh-CN and zh-TW at 1366×768 and 1920×1080, and in the dark theme", async ({
  browser,
}, testInfo) => {
  for (const locale of ["zh-CN", "zh-TW"] as const) {
    const setup = await browser.newContext({ locale, viewport: sizes[0]?.viewport });
    const page = await setup.newPage();
    await openApp(page, host.url, locale === "zh-CN" ? "小李" : "小林");
    const project = locale === "zh-CN" ? "网店客户旅程" : "網店顧客旅程";
    await createProject(page, project);
    await createMap(page, project, locale);
    for (const { label, viewport } of sizes) {
      await page.setViewportSize(viewport);
      await expect(page.getByTestId("stage-header")).toHaveCount(5);
      await shoot(page, testInfo, `lifecycle-${locale}-${label}`);
    }
    if (locale === "zh-CN") {
      // Dark theme (system → light → dark), with a card selected so the inspector shows.
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.getByTestId("theme-toggle").click();
      await page.getByTestId("theme-toggle").click();
      await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
      await page.getByTestId("card").filter({ hasText: "广告里看不到价格" }).locator(".card-body").click();
      await expect(page.getByTestId("inspector")).toBeVisible();
      await shoot(page, testInfo, "lifecycle-zh-CN-dark-1366x768");
      // Back to the system theme for the next visitor of this host.
      await page.getByTestId("theme-toggle").click();
    }
    await setup.close();
  }
});
