// Zero-setup launcher: `node scripts/embedded.mjs [command…]` (default: `next start`).
// Without DATABASE_URL it runs an embedded PostgreSQL (PGlite, persisted under .data/pglite) behind
// the Postgres wire protocol on 127.0.0.1, so the same schema, migrations and SQL run unchanged.
// Either way it applies the migrations (`prisma migrate deploy`), seeds when EMBEDDED_SEED=1,
// supplies a persisted AUTH_SECRET / CRON_SECRET when none is set, then runs the command with
// DATABASE_URL set, and stops it (its whole process group) and the database on exit.
// While the embedded database runs, its URL is kept in <data folder's parent>/database-url
// (.data/database-url by default, with this process's pid), where lib/env.ts, prisma.config.ts and
// the seed look when DATABASE_URL is unset: `npm run ops`, `npm run db:*` work beside it as written.
// The default command (`next start`) runs the jobs in-process (JOBS_SCHEDULE=in-process) unless set.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const t0 = performance.now();
const ms = () => `${Math.round(performance.now() - t0)} ms`;
const log = (msg) => console.log(`[embedded] ${msg}`);
const fail = (msg) => {
  console.error(`[embedded] ${msg}`);
  process.exit(1);
};

// Next.js reads .env files itself; read them here too, so a DATABASE_URL there means "no PGlite".
for (const file of [".env.local", ".env"]) {
  if (existsSync(file)) process.loadEnvFile(file); // never overrides variables already set
}

const env = { ...process.env };
const embedded = !env.DATABASE_URL;
const dataDir = path.resolve(env.PGLITE_DATA_DIR ?? ".data/pglite");
const stateDir = embedded ? path.dirname(dataDir) : path.resolve(".data");
const appPort = Number(env.PORT ?? 3000);

/** A secret read from stateDir/<file>, created (random, owner-only) on first use. */
function persistedSecret(file) {
  const p = path.join(stateDir, file);
  if (existsSync(p)) {
    const s = readFileSync(p, "utf8").trim();
    if (s.length >= 32) return s;
  }
  mkdirSync(stateDir, { recursive: true });
  const s = randomBytes(32).toString("base64url");
  writeFileSync(p, `${s}\n`, { mode: 0o600 });
  return s;
}

if (!env.AUTH_SECRET) {
  env.AUTH_SECRET = persistedSecret("auth-secret");
  log(`AUTH_SECRET not set: using the one kept in ${path.relative(process.cwd(), path.join(stateDir, "auth-secret"))}`);
}
let cronSecretNote = "";
if (!env.CRON_SECRET) {
  env.CRON_SECRET = persistedSecret("cron-secret");
  cronSecretNote = `CRON_SECRET not set: using the one kept in ${path.relative(process.cwd(), path.join(stateDir, "cron-secret"))}`;
}
// A local run: let Auth.js accept the host the browser uses (APP_URL stays unset, so links follow
// whichever host the browser used: localhost and 127.0.0.1 keep separate cookies).
env.AUTH_TRUST_HOST ??= "true";
// …and tell a production build so (lib/http/origin.ts): without APP_URL it would refuse to start.
env.APP_URL_FROM_HOST ??= "1";

let db;
let server;
let lockFile;
let urlFile; // stateDir/database-url while the database runs
let dbStarting; // PGlite's start-up (a first start creates the data directory: let it finish)
let stepDone; // the migrate / seed step while one runs (let it finish: a half-applied migration would block the next start)
let child; // the app
let stopping = false;

function killGroup(signal) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

// Signals may arrive at any point: while the database starts, during a step, or with the app up.
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  if (child) {
    killGroup(signal === "SIGHUP" ? "SIGTERM" : signal);
    setTimeout(() => killGroup("SIGKILL"), 10_000).unref();
    return; // the app's exit handler stops the database
  }
  await stepDone?.catch(() => {});
  await dbStarting?.catch(() => {});
  await stopDatabase();
  process.exit(0);
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => void shutdown(sig));
// npm does not pass a SIGTERM sent to it on to its script: when whoever started us goes away
// (`kill <npm pid>`, a closed terminal), stop as if signalled, so nothing is left running.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void shutdown("SIGTERM");
}, 500).unref();
// Whatever happens to this process, never leave the app running without its database.
process.on("exit", () => killGroup("SIGKILL"));

async function stopDatabase() {
  const s = server;
  const d = db;
  server = undefined;
  db = undefined;
  try {
    await s?.stop();
  } catch {
    /* already stopped */
  }
  try {
    await d?.close();
  } catch {
    /* already closed */
  }
  if (urlFile) rmSync(urlFile, { force: true });
  urlFile = undefined;
  if (lockFile) rmSync(lockFile, { force: true });
  lockFile = undefined;
}

if (embedded) {
  // One process per data directory: two PGlite instances on one directory would corrupt it.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  lockFile = `${dataDir}.pid`;
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8"));
    let alive = false;
    try {
      alive = pid > 0 && process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (alive && pid !== process.pid) {
      lockFile = undefined;
      fail(`${dataDir} is in use by process ${pid}. Stop it first, or set PGLITE_DATA_DIR to another folder.`);
    }
  }
  writeFileSync(lockFile, String(process.pid));

  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const { serializeSessions } = await import("./pglite-sessions.mjs");
  const pgPort = Number(env.PGLITE_PORT ?? 5433);
  dbStarting = PGlite.create(dataDir);
  db = await dbStarting;
  if (stopping) await new Promise(() => {}); // shutdown() closes it
  // PGlite is one session shared by every connection: serializeSessions gives it to one connection
  // per query cycle or transaction (scripts/pglite-sessions.mjs), so a small pool is safe.
  server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: pgPort, maxConnections: 20 });
  serializeSessions(server);
  try {
    await server.start();
  } catch (err) {
    await stopDatabase();
    fail(
      err?.code === "EADDRINUSE"
        ? `port ${pgPort} is already in use: set PGLITE_PORT to a free port (or DATABASE_URL to use your PostgreSQL).`
        : `could not start PGlite: ${err?.message ?? err}`,
    );
  }
  env.DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${pgPort}/postgres`;
  urlFile = path.join(stateDir, "database-url");
  writeFileSync(urlFile, `${env.DATABASE_URL}\npid=${process.pid}\n`, { mode: 0o600 });
  // Queries run one at a time anyway; a few connections let a job hold its lock while it works.
  env.DATABASE_POOL_SIZE ??= "4";
  // PGlite is one session shared by every connection (lib/jobs/run-job.ts takes its lock accordingly).
  env.DATABASE_SINGLE_SESSION = "1";
  log(`PGlite (data in ${path.relative(process.cwd(), dataDir) || dataDir}) listening on 127.0.0.1:${pgPort} after ${ms()}`);
  log(`database URL: ${env.DATABASE_URL} (kept in ${path.relative(process.cwd(), urlFile) || urlFile} while it runs: \`npm run ops\` and \`npm run db:*\` find it there)`);
} else {
  log(`DATABASE_URL is set: using that database (no embedded PGlite)`);
}

/** Runs a Node script to completion; stops everything on failure. */
async function runStep(label, args, { quiet }) {
  let out = "";
  stepDone = new Promise((resolve) => {
    const stepChild = spawn(process.execPath, args, { env, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    stepChild.stdout?.on("data", (b) => (out += b));
    stepChild.stderr?.on("data", (b) => (out += b));
    stepChild.on("error", (err) => {
      out += String(err);
      resolve(1);
    });
    stepChild.on("exit", (c, sig) => resolve(c ?? sig));
  });
  const code = await stepDone;
  stepDone = undefined;
  if (stopping) await new Promise(() => {}); // shutdown() is finishing
  if (code !== 0) {
    if (quiet) process.stderr.write(out);
    await stopDatabase();
    fail(`${label} failed (exit ${code})`);
  }
}

// migrate deploy through the offline schema engine shim (prisma.config.ts); the Prisma CLI can exit
// 0 when its engine dies, so check the migrations table afterwards.
await runStep("prisma migrate deploy", ["node_modules/prisma/build/index.js", "migrate", "deploy"], { quiet: true });
{
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  const expected = readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  let applied = -1;
  try {
    await client.connect();
    const r = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    applied = r.rows[0].n;
  } catch (err) {
    log(`could not read the migrations table: ${err.message}`);
  } finally {
    await client.end().catch(() => {});
  }
  if (applied < expected) {
    await stopDatabase();
    fail(`only ${applied} of ${expected} migrations are applied; run with DEBUG="prisma:schemaEngine*" to see why`);
  }
  log(`${applied} migrations applied after ${ms()}`);
}
if (env.EMBEDDED_SEED === "1") await runStep("seed", ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"], { quiet: false });

const argv = process.argv.slice(2);
const isDefaultCommand = argv.length === 0;
// A self-hosted server runs its own jobs (lib/jobs/scheduler.ts); never on Vercel.
if (isDefaultCommand) env.JOBS_SCHEDULE ??= "in-process";
// server.mjs: `next start` through a small server that tells the app each client's socket address.
const [cmd, ...args] = isDefaultCommand ? ["node", "server.mjs"] : argv;
env.PORT ??= String(appPort);

// Its own process group, so that stopping it also stops whatever it spawned (next-server).
if (stopping) await new Promise(() => {});
child = spawn(cmd === "node" ? process.execPath : cmd, args, { stdio: "inherit", env, detached: true });

child.on("error", async (err) => {
  await stopDatabase();
  fail(`could not start ${cmd}: ${err.message}`);
});

child.on("exit", async (code, signal) => {
  killGroup("SIGTERM"); // grandchildren the app may have left behind
  await stopDatabase();
  if (stopping) {
    log("stopped");
    process.exit(0);
  }
  log(`app exited (${signal ?? `code ${code}`})`);
  process.exit(code ?? 1);
});

if (isDefaultCommand) {
  // Tell people where to go once the app answers.
  const deadline = Date.now() + 60_000;
  const url = `http://127.0.0.1:${env.PORT}/api/health`;
  while (!stopping && Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        log(`ready after ${ms()}: http://localhost:${env.PORT}`);
        if (cronSecretNote) log(`${cronSecretNote}\n           curl -H "Authorization: Bearer $(cat ${path.relative(process.cwd(), path.join(stateDir, "cron-secret"))})" http://localhost:${env.PORT}/api/cron/cleanup`);
        if (env.EMBEDDED_SEED === "1") printDemoLogins();
        log("stop with Ctrl-C");
        break;
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function printDemoLogins() {
  try {
    const users = JSON.parse(readFileSync("prisma/seed/demo-users.json", "utf8"));
    log("demo logins (development only):");
    for (const u of users) console.log(`           ${u.email.padEnd(24)} ${u.password.padEnd(20)} ${u.store ? `${(u.role ?? "OWNER").toLowerCase()} of http://localhost:${env.PORT}/${u.store}/admin` : "shopper"}`);
  } catch {
    /* no demo users file */
  }
}
