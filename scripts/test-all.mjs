// `npm test`: every check, in order, stopping at the first failure: types, lint and unit tests side
// by side, then the database tests, the production build, any further Vitest project, the Playwright suite against that build,
// then the fault tests against the same build (tests/faults: a private PostgreSQL cluster restarted
// and crashed under load, the app and the jobs SIGKILLed, pool exhaustion, webhook floods). Ends
// with one plain line `N passed, N failed` (tests counted from the runners' JSON reports;
// typecheck, lint and build count as one check each) for CI to read.
// Last, the database and HTTP race, checkout/payment and job tests run a second time through a
// transaction-mode PgBouncer (TEST_POOLER_URL; .ci/run starts one with .ci/pgbouncer.sh), as on a
// managed database's pooled connection string.
// Options: --skip=lint,build,... (step names below) for local runs. Env: TEST_DATABASE_URL (the
// PostgreSQL server tests create their databases on; default the local server), NEXT_DIST_DIR,
// TEST_POOLER_URL (default: a PgBouncer on 127.0.0.1:6432 when one answers there).
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const skip = new Set(
  process.argv
    .filter((a) => a.startsWith("--skip="))
    .flatMap((a) => a.slice("--skip=".length).split(","))
    .filter(Boolean),
);
const reports = mkdtempSync(path.join(os.tmpdir(), "test-all-"));
const bin = (pkg, file) => path.join("node_modules", pkg, file);

/** Vitest projects beyond unit and db (e.g. an http project), read from the config, run after the build. */
function extraVitestProjects() {
  const config = readFileSync("vitest.config.ts", "utf8");
  return [...config.matchAll(/name:\s*["']([\w-]+)["']/g)].map((m) => m[1]).filter((n) => n !== "unit" && n !== "db");
}

/** A Vitest project of vitest.config.ts, or (with `config`) the whole of another config. */
function vitestStep(project, { config, title, env, name, files = [] } = {}) {
  const out = path.join(reports, `vitest-${name ?? project}.json`);
  const select = config ? ["--config", config] : ["--project", project];
  return {
    name: name ?? project,
    title: title ?? `vitest run ${select.join(" ")}`,
    cmd: [bin("vitest", "vitest.mjs"), "run", ...select, ...files, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
    env,
    count: () => {
      const j = JSON.parse(readFileSync(out, "utf8"));
      return { passed: j.numPassedTests, failed: j.numFailedTests };
    },
  };
}

const playwrightReport = path.join(reports, "playwright.json");
const pooledPlaywrightReport = path.join(reports, "playwright-pooled.json");

/** True when something accepts TCP connections at host:port within a second. */
function answers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

const poolerUrl = process.env.TEST_POOLER_URL || ((await answers("127.0.0.1", 6432)) ? "postgresql://postgres@127.0.0.1:6432/postgres" : null);
// Only the pooled steps go through the pooler: .ci/run exports TEST_POOLER_URL for the whole run, and
// the other steps (the db step's own pools with session settings among them) connect directly.
delete process.env.TEST_POOLER_URL;
/** The tests that run a second time through the pooler: races, checkout and payments, the job lock. */
const POOLED_DB_TESTS = ["lib/inventory/races.db.test.ts", "lib/orders/checkout-cart.db.test.ts", "lib/payments/settle-payment.db.test.ts", "lib/jobs/job-lock.db.test.ts"];
const POOLED_E2E_SPECS = ["e2e/api/race.spec.ts", "e2e/api/checkout.spec.ts", "e2e/api/payments.spec.ts", "e2e/api/cron.spec.ts"];
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
// Consecutive steps of one `group` run side by side (their output held and printed whole as each
// ends); any other step alone.
const steps = [
  // typecheck, lint and unit are single-threaded enough to share two cores.
  { name: "typecheck", title: "tsc --noEmit", cmd: [bin("typescript", "bin/tsc"), "--noEmit"], group: "checks" },
  // Other checkouts' build folders (NEXT_DIST_DIR=.next-*) are not source.
  { name: "lint", title: "eslint .", cmd: [bin("eslint", "bin/eslint.js"), ".", "--ignore-pattern", ".next-*/**"], group: "checks" },
  { ...vitestStep("unit"), group: "checks" },
  // The db tests and the build stay one after the other: side by side from a clean clone (no build
  // cache) they took 256 s against 143 s + 102 s.
  vitestStep("db"),
  { name: "build", title: `next build (into ${distDir})`, cmd: [bin("next", "dist/bin/next"), "build"] },
  ...extraVitestProjects().map((project) => vitestStep(project)),
  {
    name: "e2e",
    title: "playwright test",
    cmd: [bin("@playwright/test", "cli.js"), "test", "--reporter=list,json"],
    // In CI nobody looks at the dashboard a11y spec's full-page screenshots (about 25 s of the run).
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport, ...(process.env.CI && process.env.ADMIN_SHOTS_DIR === undefined ? { ADMIN_SHOTS_DIR: "" } : {}) },
    count: () => {
      const { stats } = JSON.parse(readFileSync(playwrightReport, "utf8"));
      return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
    },
  },
  // The build step's folder, whatever FAULTS_DIST_DIR says.
  vitestStep("faults", { config: "tests/faults/vitest.config.ts", title: `vitest run --config tests/faults/vitest.config.ts (build in ${distDir})`, env: { FAULTS_DIST_DIR: distDir } }),
  ...(poolerUrl
    ? [
        vitestStep("db", { name: "pooled-db", files: POOLED_DB_TESTS, title: `vitest run --project db (races, checkout, payments, job lock) through PgBouncer at ${new URL(poolerUrl).host}`, env: { TEST_POOLER_URL: poolerUrl } }),
        {
          name: "pooled-e2e",
          title: `playwright test (race, checkout, payments, cron) with the app's DATABASE_URL through PgBouncer`,
          cmd: [bin("@playwright/test", "cli.js"), "test", ...POOLED_E2E_SPECS, "--reporter=list,json"],
          env: { PLAYWRIGHT_JSON_OUTPUT_NAME: pooledPlaywrightReport, E2E_POOLER_URL: poolerUrl },
          count: () => {
            const { stats } = JSON.parse(readFileSync(pooledPlaywrightReport, "utf8"));
            return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
          },
        },
      ]
    : [{ name: "pooled", title: "no PgBouncer (TEST_POOLER_URL unset, nothing on 127.0.0.1:6432): start one with .ci/pgbouncer.sh", cmd: ["-e", `process.exit(${process.env.CI ? 1 : 0})`] }]),
];

function run(step, { hold = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, step.cmd, { stdio: hold ? ["ignore", "pipe", "pipe"] : "inherit", env: { ...process.env, ...step.env } });
    const held = [];
    if (hold) {
      child.stdout.on("data", (chunk) => held.push(chunk));
      child.stderr.on("data", (chunk) => held.push(chunk));
    }
    const forward = (sig) => child.kill(sig);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      if (hold) {
        console.log(`\n=== ${step.name}: ${step.title}`);
        process.stdout.write(Buffer.concat(held));
      }
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const results = [];
let passed = 0;
let failed = 0;
let stopped = false;
const t0 = Date.now();
/** Runs one step (held output when it runs beside others) and records its result. */
async function runAndRecord(step, hold) {
  if (!hold) console.log(`\n=== ${step.name}: ${step.title}`);
  const start = Date.now();
  const code = await run(step, { hold });
  const seconds = (Date.now() - start) / 1000;
  let counts = code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  if (step.count) {
    try {
      counts = step.count();
      if (code !== 0 && counts.failed === 0) counts.failed = 1; // the runner failed outside any test
    } catch {
      /* no report (the runner failed before writing it): count the step */
    }
  }
  passed += counts.passed;
  failed += counts.failed;
  results.push({ step, status: code === 0 ? "ok" : `FAILED (exit ${code})`, seconds, counts });
  if (code !== 0) stopped = true;
}

for (let i = 0; i < steps.length; ) {
  let j = i + 1;
  if (steps[i].group) while (j < steps.length && steps[j].group === steps[i].group) j++;
  const group = steps.slice(i, j);
  i = j;
  const todo = [];
  for (const step of group) {
    if (stopped || skip.has(step.name)) results.push({ step, status: stopped ? "not run" : "skipped" });
    else todo.push(step);
  }
  if (todo.length > 0) await Promise.all(todo.map((step) => runAndRecord(step, todo.length > 1)));
}
rmSync(reports, { recursive: true, force: true });

console.log(`\n=== summary (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
for (const r of results) {
  const detail = r.counts && r.step.count ? ` — ${r.counts.passed} passed, ${r.counts.failed} failed` : "";
  const time = r.seconds === undefined ? "" : ` in ${r.seconds.toFixed(1)} s`;
  console.log(`  ${r.step.name.padEnd(10)} ${r.status}${time}${detail}`);
}
if (!existsSync("node_modules")) console.log("  (node_modules is missing: run `npm install` first)");
console.log(`${passed} passed, ${failed} failed`);
process.exit(stopped ? 1 : 0);
