// Exporting the sample map from the browser: the PDF report on A3 landscape and the CSV of all
// cards, through the Export dialog, as downloads with the map's Chinese title as file name; and the
// CSV of a 繁體 and of a 简体 map speaks the map's language (headings, confidence and colour words
// as the board says them) while the UI is in English.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { createMap, createProject, openApp } from "../support/board";
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

test("export the sample map as a PDF report on A3 landscape, as a CSV of its cards and as a picture", async ({ page }) => {
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

  // The whole map as a picture, from the same dialog.
  await dialog.getByTestId("export-format").selectOption("svg");
  const svg = await exportFile(page);
  expect(svg.name).toBe(`${SAMPLE_TITLE}.svg`);
  expect(svg.bytes.toString("utf8")).toContain("<svg");
  expect(svg.bytes.toString("utf8")).toContain(SAMPLE_CARD.slice(0, 6));
  await dialog.getByTestId("export-format").selectOption("png");
  const png = await exportFile(page);
  expect(png.name).toBe(`${SAMPLE_TITLE}.png`);
  expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  await expect(dialog.getByTestId("export-done")).toContainText(`${SAMPLE_TITLE}.png`);

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

/** The rows of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// The headings are the report's labels (crates/report/src/labels.rs); confidence and colour are the
// board's words (ui/src/i18n/<lang>.json: board.confidence.*, color.*).
for (const w of [
  {
    locale: "zh-TW",
    project: "匯出",
    title: "顧客生命週期旅程",
    header: ["#", "階段", "泳道", "文字", "負責團隊", "標籤", "資料可信度", "票數", "作者", "顏色"],
    card: "在社群媒體上看到跑鞋廣告",
    stage: "觸達",
    lane: "顧客行為",
    assumption: "假設",
    yellow: "黃色",
  },
  {
    locale: "zh-CN",
    project: "导出",
    title: "客户生命周期旅程",
    header: ["#", "阶段", "泳道", "文字", "负责团队", "标签", "数据可信度", "票数", "作者", "颜色"],
    card: "在社交媒体上看到跑鞋广告",
    stage: "触达",
    lane: "客户行为",
    assumption: "假设",
    yellow: "黄色",
  },
] as const) {
  test(`the CSV of a ${w.locale} map has ${w.locale} headings and values, with the UI in English`, async ({
    page,
  }) => {
    await openApp(page, host.url);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await createProject(page, w.project);
    await createMap(page, w.project, w.locale);

    await page.getByTestId("export-open").click();
    const dialog = page.getByTestId("export-dialog");
    await expect(dialog).toBeVisible();
    await dialog.getByTestId("export-format").selectOption("csv");
    const csv = await exportFile(page);
    expect(csv.name).toBe(`${w.title}.csv`);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.bytes.subarray(3).toString("utf8"));
    expect(rows[0]).toEqual(w.header);
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThan(5);
    for (const r of body) expect(r).toHaveLength(w.header.length);
    const row = body.find((r) => r[3] === w.card);
    expect(row, `a row for ${w.card}`).toBeDefined();
    expect(row?.[1]).toBe(w.stage);
    expect(row?.[2]).toBe(w.lane);
    expect(row?.[6]).toBe(w.assumption);
    expect(row?.[9]).toBe(w.yellow);
    // No English word left in a value the app writes (confidence, colour, department).
    const written = body.flatMap((r) => [r[4], r[6], r[9]]).join(" ");
    expect(written).not.toMatch(/[A-Za-z]/);
    await expect(dialog.getByTestId("export-error")).toHaveCount(0);
  });
}
