// Browser and HTTP journeys against the BUILT app (`next build` first; NEXT_DIST_DIR picks the
// build folder) on a freshly migrated and seeded database `shop_e2e` on the test server.
import { defineConfig, devices } from "@playwright/test";
import { APP_URL, E2E_APP_ENV, E2E_PORT } from "./e2e/support/e2e-env.mjs";
import { E2E_LOG_FILE } from "./e2e/observability/log-file.mjs";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: "list",
  // Playwright empties its output folder at start: a second suite run alongside (E2E_DB_NAME set, see
  // e2e/support/e2e-env.mjs) gets its own, or it would delete the first run's traces mid-test.
  outputDir: process.env.E2E_DB_NAME ? `tmp/test-results-${process.env.E2E_DB_NAME}` : "test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // globalSetup runs AFTER the web server is up (Playwright starts webServer first), so it only
  // checks the prepared database; the preparation itself is the first half of the webServer command.
  globalSetup: "./e2e/support/global-setup.ts",
  use: { baseURL: APP_URL, trace: "retain-on-failure" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node e2e/support/prepare-db.mjs && node server.mjs -H 127.0.0.1 -p ${E2E_PORT}`,
    // The app's JSON log lines (debug: the engine's too) go to a file the observability specs read.
    env: { ...E2E_APP_ENV, LOG_FILE: E2E_LOG_FILE, LOG_LEVEL: "debug", ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}) },
    url: `${APP_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
