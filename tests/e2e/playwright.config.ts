// End-to-end tests in Debian's Chromium against `wayline serve` (project "browser"), and the
// desktop smoke test of the real window through WebKitWebDriver (project "desktop", needs a
// display: `make test` runs it under Xvfb), and the board's performance run (project "perf",
// `make bench`).
import { defineConfig } from "@playwright/test";

export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    viewport: { width: 1366, height: 768 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: chromiumArgs,
    },
    trace: "off",
  },
  projects: [
    // One retry: a browser or desktop test that passes only on its second run is listed as
    // "flaky" in the output, to be looked into; one that fails twice fails the run.
    { name: "browser", testMatch: /browser\/.*\.spec\.ts/, retries: 1 },
    { name: "desktop", testMatch: /desktop\/.*\.spec\.ts/, workers: 1, timeout: 180_000, retries: 1 },
    { name: "perf", testMatch: /perf\/.*\.perf\.ts/, workers: 1, timeout: 600_000 },
    { name: "desktop-perf", testMatch: /desktop\/.*\.perf\.ts/, workers: 1, timeout: 600_000 },
  ],
});
