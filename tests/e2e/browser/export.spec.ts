// Exporting the sample map from the browser: the PDF report on A3 landscape and the CSV of all
// cards, through the Export dialog, as downloads with the map's Chinese title as file name.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { openApp } from "../support/board";
import { type Host, startHost } from "../support/host";

// The first-launch sample (lifecycle template in Simplified Chinese).
const SAMPLE_TITLE = "客户生命周期旅程";
const SAMPLE_CARD = "在社交媒体上看到跑鞋广告";

let host: Host;
test.beforeEach(async () => {
  host = await startHost([]);
});
test.afterEach(async () => {
  await host.stop();
});

/** Starts the export in the open dialog and waits for the browser's download. */
async function exportFile(page: Page): Promise<{ name: string; bytes: Buffer; path: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-go").click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path), path };
}

test("export the sample map as a PDF report on A3 landscape and as a CSV of its cards", async ({ page }) => {
  await openApp(page, host.url);
  await expect(page.getByTestId("export-open")).toHaveCount(0);
  await page.getByTestId("map-item").first().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");

  await page.getByTestId("export-open").click();
  const dialog = page.getByTestId("export-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("export-format")).toHaveValue("pdf");
  await expect(dialog.getByTestId("export-paper")).toHaveValue("a4-landscape");

  await dialog.getByTestId("export-paper").selectOption("a3-landscape");
  const pdf = await exportFile(page);
  expect(pdf.name).toBe(`${SAMPLE_TITLE}.pdf`);
  expect(pdf.bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
  const text = execFileSync("pdftotext", [pdf.path, "-"]).toString("utf8");
  expect(text).toContain(SAMPLE_CARD);
  const info = execFileSync("pdfinfo", [pdf.path]).toString("utf8");
  expect(info).toMatch(/Page size:\s+1190\.\d+ x 841\.\d+ pts/);
  await expect(dialog.getByTestId("export-done")).toContainText(`${SAMPLE_TITLE}.pdf`);

  await dialog.getByTestId("export-format").selectOption("csv");
  await expect(dialog.getByTestId("export-paper")).toHaveCount(0);
  const csv = await exportFile(page);
  expect(csv.name).toBe(`${SAMPLE_TITLE}.csv`);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.bytes.toString("utf8")).toContain(SAMPLE_CARD);
  await expect(dialog.getByTestId("export-done")).toContainText(`${SAMPLE_TITLE}.csv`);
  await expect(dialog.getByTestId("export-error")).toHaveCount(0);

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});
