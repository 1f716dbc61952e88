// Performance run of the board at workshop scale and beyond (`make bench`; not part of `make test`
// except the short run): maps of 12 stages with N cards (crates/model/src/large_map.rs, put into a
// data folder by the bench_maps example) opened in headless Chromium at 1366×768, measuring
//
// - first render: navigation → the board ready and its visible cards painted, in a new browser
//   context (a first visit: nothing cached) and again in the same one (a returning tab: the
//   script, Loro's compiled WebAssembly and the font slices in the browser's caches);
// - opening the map from the project list: click → its visible cards painted (the app loaded);
// - typing into a card: input event → the next frame, per character (Chinese and Latin), and the
//   main-thread time each keystroke costs (the key's task, the frame that paints it and anything
//   after it: what the app controls; the latency also holds the wait for the display's next frame,
//   so the run also counts the keys painted in the first frame after them and those a frame later);
// - a remote participant's edit: main-thread time of the watching tab per edit;
// - dragging a card: frame intervals while the pointer moves, and drop → the next frame.
//
// Figures are printed and written to target/bench/ui-<cards>.json; nothing here asserts a time.
// With WAYLINE_BENCH_PROFILE=1 the watching tab's JavaScript is sampled during the remote edits
// and the typing (and a first visit's, the third), and the profiles go to target/bench/<what>-<cards>.cpuprofile (open them in
// Chromium's DevTools, Performance panel, or summarise them with scripts/cpuprofile-summary.py);
// with WAYLINE_BENCH_PROFILE=trace a whole trace (style, layout, paint, scripts) goes to
// target/bench/<what>-<cards>.trace.json (scripts/trace-summary.py sums it by event).
// Sizes: WAYLINE_BENCH_SIZES (default 600,2000,10000); first renders per size: WAYLINE_BENCH_RUNS
// (default 3); binaries: WAYLINE_BIN and BENCH_MAPS_BIN.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type Page, test } from "@playwright/test";
import { type Host, repoRoot, startHost } from "../support/host";

const sizes = (process.env.WAYLINE_BENCH_SIZES ?? "600,2000,10000").split(",").map(Number);
const benchMapsBin = process.env.BENCH_MAPS_BIN ?? join(repoRoot, "target/release/examples/bench_maps");
const outDir = join(repoRoot, "target/bench");
/** How many first visits, returning tabs and openings from the list each size measures. */
const firstRenderRuns = Number(process.env.WAYLINE_BENCH_RUNS ?? 3);

interface Figures {
  cards: number;
  firstRenderMs: number[];
  returningRenderMs: number[];
  openFromListMs: number[];
  typingMs?: Summary;
  /** Of the keystrokes, how many were painted in the first frame after them, one frame later, … */
  typingFramesLate?: number[];
  typingMainThreadMs?: Summary;
  remoteEditMainThreadMs?: Summary;
  dragFrameMs?: Summary;
  dropMs?: number[];
}

interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

function summary(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  const round = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(s.at(-1) ?? Number.NaN) };
}

let host: Host;
let dataDir: string;
const mapIds = new Map<number, string>();
let projectId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "wayline-bench-"));
  const out = execFileSync(benchMapsBin, [dataDir, ...sizes.map(String)], { encoding: "utf8" });
  for (const line of out.trim().split("\n")) {
    const [cards, id] = line.split(" ");
    if (cards && id) mapIds.set(Number(cards), id);
  }
  host = await startHost(["--no-sample"], dataDir);
  const api = new URL(host.url);
  const token = api.searchParams.get("token") ?? "";
  const res = await fetch(`${api.origin}/api/projects`, { headers: { authorization: `Bearer ${token}` } });
  const projects = (await res.json()) as { id: string }[];
  projectId = projects[0]?.id ?? "";
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * A page that opens straight onto the map with `cards` cards, as a tab that had it open would
 * (or, with `cards` null, onto the project list), in a new browser context.
 */
async function boardPage(browser: Browser, cards: number | null, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const open = cards === null ? "" : JSON.stringify({ projectId, mapId: mapIds.get(cards) });
  await context.addInitScript(
    ([who, openMap]) => {
      localStorage.setItem("wayline.displayName", who);
      if (openMap) sessionStorage.setItem("wayline.openMap", openMap);
    },
    [name, open],
  );
  await context.addInitScript(paintedProbe);
  return context.newPage();
}

/** In the page: the board ready with a card on screen, after the frame that paints it. */
type Painted = { __painted: () => Promise<number> };

/** Defines `__painted` in every page of the context: resolves performance.now() at that frame. */
function paintedProbe() {
  (window as unknown as Painted).__painted = () =>
    new Promise<number>((resolve) => {
      const check = () => {
        const board = document.querySelector("[data-testid='board'][data-ready='true']");
        if (!board?.querySelector("[data-testid='card']")) {
          requestAnimationFrame(check);
          return;
        }
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
      };
      check();
    });
}

/** On the project list: click on the map with `cards` cards → its cards painted (ms). */
async function openFromList(page: Page, cards: number): Promise<number> {
  await page.goto(host.url);
  const item = page.getByTestId("map-item").filter({ hasText: `${cards} cards` }).first();
  await item.waitFor();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(1_000); // the list settled, Loro's WebAssembly warmed up
  const handle = await item.elementHandle();
  return page.evaluate((el) => {
    const start = performance.now();
    (el as HTMLElement).click();
    return (window as unknown as Painted).__painted().then((end) => end - start);
  }, handle);
}

/** Navigation → board ready with cards on screen, after the frame that paints them (ms). */
async function firstRender(page: Page): Promise<number> {
  await page.goto(host.url);
  return page.evaluate(() => (window as unknown as Painted).__painted());
}

/**
 * Main-thread time of `page` so far (ms): CDP `TaskDuration`, every task of the renderer's main
 * thread. One session per page, kept for the page's life (closing the context closes it).
 */
const clocks = new WeakMap<Page, () => Promise<number>>();
async function mainThreadClock(page: Page): Promise<() => Promise<number>> {
  const known = clocks.get(page);
  if (known) return known;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const read = async () => {
    const { metrics } = (await cdp.send("Performance.getMetrics")) as {
      metrics: { name: string; value: number }[];
    };
    return (metrics.find((m) => m.name === "TaskDuration")?.value ?? 0) * 1000;
  };
  clocks.set(page, read);
  return read;
}

/**
 * What one sample of `ms` costs `page`'s main thread with nothing done in it (its own timers, the
 * clock's two reads): the median of ten, subtracted from each measured sample.
 */
async function emptySample(page: Page, busy: () => Promise<number>, ms: number): Promise<number> {
  await page.waitForTimeout(1000);
  const empty: number[] = [];
  for (let i = 0; i < 10; i++) {
    const before = await busy();
    await page.waitForTimeout(ms);
    empty.push((await busy()) - before);
  }
  return summary(empty).p50;
}

/** Main-thread time `action` costs, less an empty sample of the same length. */
async function costOf(busy: () => Promise<number>, empty: number, action: () => Promise<void>) {
  const before = await busy();
  await action();
  return Math.max(0, (await busy()) - before - empty);
}

/** A display frame at 60 Hz, the rate headless Chromium draws at. */
const FRAME_MS = 1000 / 60;

/**
 * For each character typed into the card editor: input event → the next frame, in which frame
 * after the key it was painted, and the main-thread time from the key until the next one (less an
 * empty sample's).
 */
async function typingCost(
  page: Page,
  keys: number,
): Promise<{ latency: number[]; framesLate: number[]; work: number[] }> {
  const card = page.locator("[data-testid='card']").first();
  await card.scrollIntoViewIfNeeded();
  await card.dblclick();
  await page.getByTestId("card-editor").waitFor();
  await page.keyboard.press("End");
  await page.evaluate((frameMs) => {
    const w = window as unknown as { __lat: number[]; __late: number[] };
    w.__lat = [];
    w.__late = [];
    // `beforeinput`, not `keydown`: Chinese text arrives as inserted text without a key event.
    document.addEventListener(
      "beforeinput",
      (e) => {
        const start = e.timeStamp;
        requestAnimationFrame((frameStart) => {
          // The latency holds the wait for the display's next frame; this says whether the key
          // was painted in that frame or its work made it wait for a later one.
          w.__late.push(Math.max(0, Math.floor((frameStart - start) / frameMs)));
          setTimeout(() => w.__lat.push(performance.now() - start), 0);
        });
      },
      true,
    );
  }, FRAME_MS);
  const busy = await mainThreadClock(page);
  const empty = await emptySample(page, busy, 60);
  const text = Array.from("客户说等待太久 slow ");
  const work: number[] = [];
  for (let i = 0; i < keys; i++) {
    work.push(
      await costOf(busy, empty, async () => {
        await page.keyboard.type(text[i % text.length] ?? "x");
        await page.waitForTimeout(60);
      }),
    );
  }
  await page.waitForTimeout(500);
  const { latency, framesLate } = await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __late: number[] };
    return { latency: w.__lat, framesLate: w.__late };
  });
  await page.keyboard.press("Escape");
  return { latency, framesLate, work };
}

/** How many keystrokes were painted 0, 1, 2, … frames after the first frame that followed them. */
function framesLateCounts(late: number[]): number[] {
  const counts: number[] = [];
  for (const n of late) {
    while (counts.length <= n) counts.push(0);
    counts[n] = (counts[n] ?? 0) + 1;
  }
  return counts;
}

/**
 * Runs `action` with `page`'s JavaScript sampled when WAYLINE_BENCH_PROFILE is set, and writes the
 * profile to target/bench/<name>.cpuprofile; otherwise just runs it.
 */
async function profiled<T>(page: Page, name: string, action: () => Promise<T>): Promise<T> {
  if (!process.env.WAYLINE_BENCH_PROFILE) return action();
  if (process.env.WAYLINE_BENCH_PROFILE === "trace") {
    const browser = page.context().browser();
    if (!browser) return action();
    mkdirSync(outDir, { recursive: true });
    await browser.startTracing(page, {
      path: join(outDir, `${name}.trace.json`),
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink"],
    });
    const result = await action();
    await browser.stopTracing();
    return result;
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const result = await action();
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: unknown };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.cpuprofile`), JSON.stringify(profile));
  await cdp.detach();
  return result;
}

/** Main-thread time of `watcher` per edit that `editor` makes to another card. */
async function remoteEditCost(watcher: Page, editor: Page, edits: number): Promise<number[]> {
  const busy = await mainThreadClock(watcher);
  const card = editor.locator("[data-testid='card']").nth(1);
  await card.scrollIntoViewIfNeeded();
  await card.dblclick();
  await editor.getByTestId("card-editor").waitFor();
  await editor.keyboard.press("End");
  const empty = await emptySample(watcher, busy, 400);
  const costs: number[] = [];
  for (let i = 0; i < edits; i++) {
    costs.push(
      await costOf(busy, empty, async () => {
        await editor.keyboard.type("变");
        await watcher.waitForTimeout(400);
      }),
    );
  }
  await editor.keyboard.press("Escape");
  return costs;
}

/** Frame intervals while a card is dragged across the board, and drop → the next frame. */
async function dragFrames(page: Page): Promise<{ frames: number[]; drop: number }> {
  const cards = page.locator("[data-testid='card']");
  const from = await cards.first().boundingBox();
  const to = await cards.nth(3).boundingBox();
  if (!from || !to) return { frames: [], drop: Number.NaN };
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  const steps = 40;
  for (let i = 1; i <= steps; i++) {
    const x = from.x + from.width / 2 + ((to.x - from.x + 200) * i) / steps;
    const y = from.y + 10 + ((to.y - from.y + 120) * i) / steps;
    await page.mouse.move(x, y);
    await page.waitForTimeout(16);
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
  await page.evaluate(() => {
    const w = window as unknown as { __drop?: number };
    w.__drop = undefined;
    // The board drags with HTML drag and drop: a drop ends in `drop`/`dragend`, not `pointerup`.
    const done = (e: Event) =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          w.__drop ??= performance.now() - e.timeStamp;
        }, 0),
      );
    for (const type of ["drop", "dragend", "pointerup"])
      document.addEventListener(type, done, { once: true, capture: true });
  });
  await page.mouse.up();
  const drop = await page
    .waitForFunction(() => (window as unknown as { __drop?: number }).__drop, undefined, { timeout: 10_000 })
    .then((h) => h.jsonValue() as Promise<number>)
    .catch(() => Number.NaN);
  return { frames, drop };
}

for (const cards of sizes) {
  test(`board with ${cards} cards`, async ({ browser }) => {
    test.setTimeout(600_000);
    const figures: Figures = { cards, firstRenderMs: [], returningRenderMs: [], openFromListMs: [] };
    for (let run = 0; run < firstRenderRuns; run++) {
      const page = await boardPage(browser, cards, "Bench");
      const first = () => firstRender(page);
      figures.firstRenderMs.push(
        Math.round(await (run === firstRenderRuns - 1 ? profiled(page, `first-visit-${cards}`, first) : first())),
      );
      await page.goto("about:blank");
      figures.returningRenderMs.push(Math.round(await firstRender(page)));
      await page.context().close();
      const list = await boardPage(browser, null, "Bench");
      figures.openFromListMs.push(Math.round(await openFromList(list, cards)));
      await list.context().close();
    }
    const watcher = await boardPage(browser, cards, "Watcher");
    await firstRender(watcher);
    const editor = await boardPage(browser, cards, "Editor");
    await firstRender(editor);
    // Enough samples that p95 is not simply the slowest one (the first, running code for the
    // first time): that one is the summary's max.
    const typing = await profiled(watcher, `typing-${cards}`, () => typingCost(watcher, 100));
    figures.typingMs = summary(typing.latency);
    figures.typingFramesLate = framesLateCounts(typing.framesLate);
    figures.typingMainThreadMs = summary(typing.work);
    figures.remoteEditMainThreadMs = summary(
      await profiled(watcher, `remote-edit-${cards}`, () => remoteEditCost(watcher, editor, 60)),
    );
    const drag = await dragFrames(watcher);
    figures.dragFrameMs = summary(drag.frames);
    figures.dropMs = [Math.round(drag.drop)];
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `ui-${cards}.json`), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(JSON.stringify(figures));
    await watcher.context().close();
    await editor.context().close();
  });
}
