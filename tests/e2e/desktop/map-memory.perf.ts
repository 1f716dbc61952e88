// Desktop memory with a large map open (`make bench-desktop`): the release window under Xvfb,
// driven through WebKitWebDriver, on a data folder holding one map of 600 and one of 2,000 cards
// made by `bench_maps`. For each map: the PSS of the app's process tree (the app and WebKit's web
// and network processes) with the project list shown, then the time from the click on the map
// to the board ready and the PSS three seconds later. Prints the figures; asserts nothing timed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "@playwright/test";
import { repoRoot } from "../support/host";
import { startDriver, WebDriver } from "../support/webdriver";

const desktopBin = process.env.WAYLINE_DESKTOP_BIN ?? join(repoRoot, "target/release/wayline-desktop");
const benchMaps = process.env.WAYLINE_BENCH_MAPS ?? join(repoRoot, "target/release/examples/bench_maps");
const SIZES = [600, 2000];
const RUNS = Number(process.env.RUNS ?? 2);

/** Every process under `pid`, by /proc's parent links. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

/** PSS in MiB of each process of the app's tree (the driver's child named wayline-desktop and
 * everything under it), by name. */
function appPss(driverPid: number): { name: string; mib: number }[] {
  const app = descendants(driverPid).find((p) => comm(p).startsWith("wayline-deskto"));
  if (app === undefined) throw new Error("the app process is not running");
  return [app, ...descendants(app)].flatMap((p) => {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, "utf8"));
      return [{ name: comm(p), mib: Number(m?.[1] ?? 0) / 1024 }];
    } catch {
      return []; // gone meanwhile
    }
  });
}

const totalMiB = (procs: { mib: number }[]) => Math.round(procs.reduce((sum, p) => sum + p.mib, 0));

/** Scrolls the board diagonally one step per animation frame (three rounds of 120 frames, there
 * and back) and resolves to the frame intervals' p50 and p95: what a memory saving in the
 * renderer costs in smoothness shows here. */
const SCROLL_FRAMES = `
  const board = document.querySelector('[data-testid=board]');
  const done = arguments[arguments.length - 1];
  const intervals = [];
  {
    let frame = 0;
    let last = performance.now();
    const step = (now) => {
      if (frame > 0) intervals.push(now - last);
      last = now;
      const forward = Math.floor(frame / 120) % 2 === 0;
      board.scrollBy(forward ? 24 : -24, forward ? 12 : -12);
      if (++frame < 360) requestAnimationFrame(step);
      else {
        const sorted = intervals.sort((a, b) => a - b);
        const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        done({ p50: at(0.5), p95: at(0.95) });
      }
    };
    requestAnimationFrame(step);
  }
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("desktop memory with a 600- and a 2,000-card map open", async () => {
  test.skip(!process.env.DISPLAY, "needs a display (make bench-desktop runs this under Xvfb)");
  const dataDir = mkdtempSync(join(tmpdir(), "wayline-desktop-bench-"));
  execFileSync(benchMaps, [dataDir, ...SIZES.map(String)]);
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (const cards of SIZES) {
        const { proc: driver, url: driverUrl } = await startDriver({ WAYLINE_DATA_DIR: dataDir });
        let wd: WebDriver | undefined;
        try {
          wd = await WebDriver.start(driverUrl, {
            "webkitgtk:browserOptions": { binary: desktopBin, args: [] },
          });
          await wd.waitFor("return document.querySelector('[data-testid=map-item]')", "the project list");
          await wd.script("document.querySelector('[data-testid=name-prompt] button')?.click()");
          await sleep(3000);
          const idle = totalMiB(appPss(driver.pid ?? -1));
          const started = Date.now();
          await wd.script(
            `[...document.querySelectorAll('[data-testid=map-item]')].find(m => m.textContent.includes(${JSON.stringify(`${cards} cards`)})).click()`,
          );
          await wd.waitFor(
            "return document.querySelector('[data-testid=board]')?.dataset.ready === 'true' && document.querySelectorAll('[data-testid=card]').length > 0",
            "the board",
            60_000,
          );
          const ready = Date.now() - started;
          await sleep(3000);
          const procs = appPss(driver.pid ?? -1);
          const open = totalMiB(procs);
          const scroll = (await wd.scriptAsync(SCROLL_FRAMES)) as { p50: number; p95: number };
          console.log(
            `run ${run}, ${cards} cards: PSS with the project list ${idle} MiB; click → board ready ${ready} ms; PSS with the map open ${open} MiB (${procs.map((p) => `${p.name} ${Math.round(p.mib)}`).join(", ")}); scrolling, frame interval p50 ${scroll.p50.toFixed(1)} ms, p95 ${scroll.p95.toFixed(1)} ms`,
          );
        } finally {
          await wd?.quit();
          // The next run starts once this app and its WebKit processes are gone: pages still shared
          // with them would count half in the next run's PSS.
          const exited = new Promise((r) => driver.once("exit", r));
          driver.kill("SIGTERM");
          await exited;
          while (readdirSync("/proc").some((p) => /^\d+$/.test(p) && comm(Number(p)).startsWith("wayline-deskto")))
            await sleep(200);
        }
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
