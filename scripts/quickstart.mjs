// `npm run quickstart`: install, build, then start on the embedded database (migrate + seed +
// `next start`, see scripts/embedded.mjs) and print the URL and the demo logins. Node built-ins only,
// so it runs before `npm install`. A second start skips the install when package-lock.json is
// unchanged and the build when no source changed (scripts/quickstart-stamps.mjs).
// QUICKSTART_SKIP_INSTALL=1 / QUICKSTART_SKIP_BUILD=1 skip a step regardless (node_modules / a build
// must exist). SIGINT/SIGTERM/SIGHUP stop the app and the embedded database before this exits.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildStamp, installStamp, readStamp, stampFiles, writeStamp } from "./quickstart-stamps.mjs";

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

const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const stamps = stampFiles(process.cwd(), distDir);

if (process.env.QUICKSTART_SKIP_INSTALL === "1" && existsSync("node_modules/.package-lock.json")) {
  log("install skipped (QUICKSTART_SKIP_INSTALL=1 and node_modules exists)");
} else {
  const want = installStamp();
  if (existsSync("node_modules/.package-lock.json") && readStamp(stamps.install) === want) {
    log("install skipped (package-lock.json unchanged since the last install)");
  } else {
    step("installing dependencies (npm install)", npm[0], [...npm[1], "install", "--no-audit", "--no-fund"]);
    writeStamp(stamps.install, want);
  }
}

if (process.env.QUICKSTART_SKIP_BUILD === "1" && existsSync(path.join(distDir, "BUILD_ID"))) {
  log(`build skipped (QUICKSTART_SKIP_BUILD=1 and ${distDir}/BUILD_ID exists)`);
} else {
  const want = buildStamp();
  if (existsSync(path.join(distDir, "BUILD_ID")) && readStamp(stamps.build) === want) {
    log("build skipped (sources unchanged since the last build)");
  } else {
    step("building the app (next build)", process.execPath, ["node_modules/next/dist/bin/next", "build"]);
    writeStamp(stamps.build, want);
  }
}

log(`installed and built after ${elapsed()}; starting on ${process.env.DATABASE_URL ? "DATABASE_URL" : "the embedded database"}…`);
const child = spawn(process.execPath, ["scripts/embedded.mjs"], { stdio: "inherit", env: { ...process.env, EMBEDDED_SEED: "1" } });
// The launcher stops the app and the database; pass our signals on and exit when it does.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
// npm exits on SIGTERM without passing it on: when our parent goes, stop the launcher too.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) child.kill("SIGTERM");
}, 500).unref();
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
