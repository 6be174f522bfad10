// `npm run quickstart`: install, build, then start on the embedded database (migrate + seed +
// `next start`, see scripts/embedded.mjs) and print the URL and the demo logins. Node built-ins only,
// so it runs before `npm install`. QUICKSTART_SKIP_INSTALL=1 / QUICKSTART_SKIP_BUILD=1 skip a step
// that is already done (node_modules present / a build present) — used by the quickstart test.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const log = (msg) => console.log(`[quickstart] ${msg}`);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[quickstart] Node ${process.versions.node} is too old: this project needs Node 20.19 or newer.`);
  process.exit(1);
}

/** Runs one step, inheriting the terminal; stops the quickstart if it fails. */
function step(label, cmd, args, env = process.env) {
  log(`${label}…`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`[quickstart] ${label} failed (exit ${r.status ?? r.signal}) after ${elapsed()}`);
    process.exit(r.status || 1);
  }
}

// npm runs this script with npm_execpath pointing at its own CLI: reuse that npm.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ["npm", []];

if (process.env.QUICKSTART_SKIP_INSTALL === "1" && existsSync("node_modules/.package-lock.json")) {
  log("install skipped (QUICKSTART_SKIP_INSTALL=1 and node_modules exists)");
} else {
  step("installing dependencies (npm install)", npm[0], [...npm[1], "install", "--no-audit", "--no-fund"]);
}

const distDir = process.env.NEXT_DIST_DIR ?? ".next";
if (process.env.QUICKSTART_SKIP_BUILD === "1" && existsSync(path.join(distDir, "BUILD_ID"))) {
  log(`build skipped (QUICKSTART_SKIP_BUILD=1 and ${distDir}/BUILD_ID exists)`);
} else {
  step("building the app (next build)", process.execPath, ["node_modules/next/dist/bin/next", "build"]);
}

log(`installed and built after ${elapsed()}; starting on ${process.env.DATABASE_URL ? "DATABASE_URL" : "the embedded database"}…`);
const child = spawn(process.execPath, ["scripts/embedded.mjs"], { stdio: "inherit", env: { ...process.env, EMBEDDED_SEED: "1" } });
// The launcher stops the app and the database; pass our signals on and exit when it does.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
