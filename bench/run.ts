// `npm run bench`: builds and starts the production app against a fresh `shop_bench` database,
// seeds its own data, runs the scenarios of issue 6 (each point repeated, medians reported, ratios
// to baselines measured in the same run), prints a table, writes bench/results.json and the chart.
//
//   npm run bench                      the full run (≈ 40-60 min on 2 busy cores; results.json is rewritten after each phase)
//   npm run bench -- --quick           a harness check: one repetition, small stocks (≈ 2-3 min)
//   npm run bench -- --skip-build      reuse .next-bench from an earlier build
//   npm run bench -- --only=db,http    phases: db, http, pages
//   npm run bench -- --reps=5 --pool=10 --port=3170 --stock=1000 --keep-db
import { execSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { auditItem, BENCH_DB, createBenchDatabase, createPool, createSellables, dropBenchDatabase, seedStore, serverSetting, type Sellable, type Store } from "./lib/database";
import {
  countLapsed,
  detectHoldFunction,
  loadScratchSql,
  runBucketedHotItem,
  runCommonDesign,
  runHotItemAtDb,
  runSoldOutStormAtDb,
  runSpreadAtDb,
  seedLapsedHolds,
  sweepWithJob,
  sweepWithSql,
  selectHoldFunction,
  type HoldCall,
} from "./lib/db-scenarios";
import { createDb } from "@/lib/db";
import { SWEEP_SHARES } from "@/lib/inventory/sweep-lapsed-holds";
import { startCpuMeter } from "./lib/cpu";
import { applyCommitMode, readFunctionDef, settingSeenAtCommit, type CommitMode } from "./lib/engine-variants";
import { runBurst, runHotItemOverHttp, runSoldOutStormOverHttp, runSpreadOverHttp, runStockRoute, type BurstResult } from "./lib/http-scenarios";
import { windowStats, type LoadResult } from "./lib/load";
import { runPages, type PagesResult } from "./lib/pages";
import { evaluateTargets, renderChart, renderTable, type Results } from "./lib/report";
import { DIST_DIR, ensureBuild, startApp, type RunningApp } from "./lib/server";
import { medianOf, nowMs, ratio, round, sleep, type Stat } from "./lib/stats";

type Phase = "db" | "http" | "pages";

function parseOptions(argv: string[]) {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const quick = flag("quick");
  return {
    quick,
    reps: Number(value("reps") ?? (quick ? 1 : 3)),
    skipBuild: flag("skip-build"),
    keepDb: flag("keep-db"),
    phases: new Set<Phase>((value("only") ?? "db,http,pages").split(",") as Phase[]),
    poolSize: Number(value("pool") ?? 10),
    port: Number(value("port") ?? 3170),
    stock: Number(value("stock") ?? (quick ? 300 : 1000)),
    sweepHolds: Number(value("sweep-holds") ?? (quick ? 20_000 : 100_000)),
    windowMs: quick ? 1500 : 3000,
  };
}

type Options = ReturnType<typeof parseOptions>;

const CONCURRENCY = [8, 64, 256] as const;
/** The two ways a hold can commit that the headline compares (see bench/lib/engine-variants.ts). */
const MODES: CommitMode[] = ["as-migrated", "set-local"];
const HOT_CAP_MS = 60_000;

/** Every repeated measurement, by key; medians are taken at the end. */
const runs = new Map<string, Array<Record<string, number>>>();
function record(key: string, r: Record<string, number>) {
  const list = runs.get(key) ?? [];
  list.push(r);
  runs.set(key, list);
}
function summary(key: string): Stat | undefined {
  const list = runs.get(key);
  return list ? medianOf(list) : undefined;
}

/**
 * What autovacuum does on a live database (it is switched off on this machine's server): dead rows
 * vacuumed, statistics fresh. Never analyzed, PL/pgSQL's generic plan for cart_write_line's `held`
 * lookup scans every active hold (see the notes in results.json).
 */
async function analyze(admin: pg.Pool) {
  for (const t of ["Hold", "Cart", "CartLine", "InventoryItem", "StockMovement", "Variant", "Product", "RateLimitBucket"]) {
    await admin.query(`VACUUM (ANALYZE) "${t}"`);
  }
}

function log(msg: string) {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function loadRecord(r: LoadResult, extra: Record<string, number> = {}): Record<string, number> {
  return {
    holdsPerSec: r.okPerSec,
    p50: r.p50,
    p99: r.p99,
    errors: r.errors,
    requests: r.requests,
    timedOut: r.timedOut ? 1 : 0,
    ...extra,
  };
}

async function hotAtDb(pool: pg.Pool, admin: pg.Pool, store: Store, o: Options, clients: number, extra: { gate?: number; call?: HoldCall } = {}) {
  const [item] = await createSellables(admin, store, 1, o.stock, "hot");
  if (!item) throw new Error("no item");
  const meter = await startCpuMeter(admin, BENCH_DB);
  const { result } = await runHotItemAtDb(pool, store, { clients, stock: o.stock, maxDurationMs: HOT_CAP_MS, item, ...extra });
  const cpu = await meter.stop(result.ok);
  const audit = await auditItem(admin, item.itemId);
  return loadRecord(result, { oversold: audit.oversold, inconsistent: audit.consistent ? 0 : 1, held: audit.activeHeld, clientCpuMsPerHold: cpu.appCpuMsPerHold, dbCpuMsPerHold: cpu.dbCpuMsPerHold });
}

/** Runs `fn` (a load of `units` holds) under a CPU meter: client (this process) and database. */
async function metered<T>(admin: pg.Pool, fn: () => Promise<T>, units: (r: T) => number): Promise<{ r: T; cpu: Record<string, number> }> {
  const meter = await startCpuMeter(admin, BENCH_DB);
  const r = await fn();
  const cpu = await meter.stop(units(r));
  return { r, cpu: { clientCpuMsPerHold: cpu.appCpuMsPerHold, dbCpuMsPerHold: cpu.dbCpuMsPerHold } };
}

// ---------------------------------------------------------------------------------------------
// Phase: database level (needs only the SQL)

async function phaseDb(url: string, admin: pg.Pool, store: Store, o: Options, originalDef: string) {
  const pool = createPool(url, o.poolSize);
  const extraPools = new Map<number, pg.Pool>();
  const poolOf = (size: number) => {
    if (size === o.poolSize) return pool;
    let p = extraPools.get(size);
    if (!p) extraPools.set(size, (p = createPool(url, size)));
    return p;
  };
  const leverPools = o.quick ? [4, 32] : [4, 20, 40];
  const gates = [1, 2, 4];
  const buckets = [1, 4, 16];
  const spreadItems = await createSellables(admin, store, 64, 1_000_000, "spread");

  log("db: warm-up");
  await hotAtDb(pool, admin, store, { ...o, stock: Math.min(o.stock, 300) }, 64);

  for (let rep = 1; rep <= o.reps; rep++) {
    log(`db: repetition ${rep}/${o.reps}`);
    await analyze(admin);
    for (const mode of MODES) {
      await applyCommitMode(admin, originalDef, mode);
      for (const c of CONCURRENCY) record(`hot.db.${mode}.${c}`, await hotAtDb(pool, admin, store, o, c));
      const spread = await metered(admin, () => runSpreadAtDb(pool, store, spreadItems, { clients: 64, durationMs: o.windowMs }), (r) => r.ok);
      record(`spread.db.${mode}`, loadRecord(spread.r, spread.cpu));
      // Lever: the pool size, same 64 shoppers.
      for (const size of leverPools) record(`lever.pool.${mode}.${size}`, await hotAtDb(poolOf(size), admin, store, o, 64));
    }
    await applyCommitMode(admin, originalDef, "as-migrated");
    for (const c of CONCURRENCY) {
      const { r: common, cpu } = await metered(admin, () => runCommonDesign(pool, { clients: c, stock: o.stock, maxDurationMs: HOT_CAP_MS }), (r) => r.result.ok);
      record(`hot.common.${c}`, loadRecord(common.result, { oversold: common.oversold, held: common.held, ...cpu }));
    }
    // Sold out: 64 shoppers keep adding an item whose units are all held (live holds).
    record("storm.db", await stormAtDb(pool, admin, store, o));
    // Lever: synchronous_commit off for holds, the two other ways to say it.
    await applyCommitMode(admin, originalDef, "alter-function");
    record(`lever.sync.alter-function`, await hotAtDb(pool, admin, store, o, 64));
    await applyCommitMode(admin, originalDef, "as-migrated");
    record(`lever.sync.call-site`, await hotAtDb(pool, admin, store, o, 64, { call: "asyncCommit" }));
    // Lever: a per-item gate in front of the hold call (what lib/inventory/hot-item-gate.ts would do).
    await applyCommitMode(admin, originalDef, "set-local");
    for (const g of gates) record(`lever.gate.${g}`, await hotAtDb(pool, admin, store, o, 64, { gate: g }));
    // Lever: the gate when a hot item and 64 other shoppers share the pool.
    for (const g of [0, 2]) record(`lever.mixed.${g}`, await runMixed(pool, admin, store, o, spreadItems, g));
    // Lever: bucketed hot item (scratch schema), against one row, same statements.
    for (const call of ["plain", "asyncCommit"] as const) {
      for (const n of buckets) {
        const { r: b, cpu } = await metered(admin, () => runBucketedHotItem(pool, { clients: 64, stock: o.stock, buckets: n, maxDurationMs: HOT_CAP_MS, call }), (r) => r.result.ok);
        record(`lever.buckets.${call}.${n}`, loadRecord(b.result, { oversold: b.oversold, held: b.held, ...cpu }));
      }
    }
    await applyCommitMode(admin, originalDef, "as-migrated");
  }
  await pool.end();
  for (const p of extraPools.values()) await p.end();
  return { leverPools, gates, buckets };
}

async function soldOutItem(admin: pg.Pool, store: Store, o: Options): Promise<Sellable> {
  const [item] = await seedLapsedHolds(admin, store, { holds: o.stock, items: 1, soldOut: true });
  if (!item) throw new Error("no item");
  await admin.query(`ANALYZE "Hold"; ANALYZE "Cart"`);
  return item;
}

async function stormAtDb(pool: pg.Pool, admin: pg.Pool, store: Store, o: Options) {
  const item = await soldOutItem(admin, store, o);
  const meter = await startCpuMeter(admin, BENCH_DB);
  const r = await runSoldOutStormAtDb(pool, store, item, { clients: 64, durationMs: o.windowMs });
  const cpu = await meter.stop(r.ok);
  const audit = await auditItem(admin, item.itemId);
  return loadRecord(r, { oversold: audit.oversold, clientCpuMsPerHold: cpu.appCpuMsPerHold, dbCpuMsPerHold: cpu.dbCpuMsPerHold, timedOut: 0 });
}

/** 64 shoppers on one hot item and 64 on 64 other items at once, through one pool. */
async function runMixed(pool: pg.Pool, admin: pg.Pool, store: Store, o: Options, spreadItems: Sellable[], gate: number) {
  const stop = { stop: false };
  const spreadRun = runSpreadAtDb(pool, store, spreadItems, { clients: 64, durationMs: HOT_CAP_MS, stopSignal: stop });
  const hot = await runHotItemAtDb(pool, store, { clients: 64, stock: o.stock, maxDurationMs: HOT_CAP_MS, gate: gate || undefined });
  stop.stop = true;
  const spread = await spreadRun;
  const audit = await auditItem(admin, hot.item.itemId);
  const during = windowStats(spread.samples, 0, hot.result.okElapsedMs);
  return {
    hotHoldsPerSec: hot.result.okPerSec,
    hotP99: hot.result.p99,
    otherHoldsPerSec: round((during.n / hot.result.okElapsedMs) * 1000, 1),
    otherP50: during.p50,
    otherP99: during.p99,
    oversold: audit.oversold,
    errors: hot.result.errors + spread.errors,
  };
}

// ---------------------------------------------------------------------------------------------
// Scenario 4: the sweep of lapsed holds, with 64 shoppers holding other items while it runs

type Shoppers = (stop: { stop: boolean }) => Promise<LoadResult>;

/** job: sweepLapsedHolds as the cleanup job runs it; per-item: the prototype with one ledger row per item. */
type SweepVariant = "job" | "per-item";

async function runSweepOnce(
  admin: pg.Pool,
  url: string,
  store: Store,
  o: Options,
  batch: number,
  shoppers: Shoppers | null,
  variant: SweepVariant = "job",
): Promise<Record<string, number>> {
  await analyze(admin);
  const seedStart = nowMs();
  await seedLapsedHolds(admin, store, { holds: o.sweepHolds, items: 1000 });
  const seeded = await countLapsed(admin);
  const seedMs = nowMs() - seedStart;
  const sweeper = createDb({ url, poolSize: SWEEP_SHARES, statementTimeoutMs: 120_000 });
  await sweeper.db.$queryRaw`SELECT 1`;
  await sweeper.pool.query("SELECT 1");
  const stop = { stop: false };
  const t0 = nowMs();
  const load = shoppers?.(stop);
  const warm = 500;
  if (load) await sleep(warm + o.windowMs);
  const sweepStart = nowMs() - t0;
  const swept = variant === "job" ? await sweepWithJob(sweeper.db, batch) : await sweepWithSql(sweeper.pool, batch, "bench_scratch.sweep_lapsed_per_item");
  const sweepEnd = nowMs() - t0;
  await sleep(200);
  stop.stop = true;
  const result = await load;
  await sweeper.db.$disconnect();
  await sweeper.pool.end();
  const left = await countLapsed(admin);
  const seconds = round((sweepEnd - sweepStart) / 1000, 3);
  if (!result) return { holds: swept.holds, seeded, left, batches: swept.batches, seconds, seedSeconds: round(seedMs / 1000, 1) };
  const before = windowStats(result.samples, warm, warm + o.windowMs);
  const during = windowStats(result.samples, sweepStart, sweepEnd);
  return {
    holds: swept.holds,
    seeded,
    left,
    batches: swept.batches,
    seconds,
    seedSeconds: round(seedMs / 1000, 1),
    p99Without: before.p99,
    p99During: during.p99,
    p99Ratio: ratio(during.p99, before.p99),
    p50Without: before.p50,
    p50During: during.p50,
    samplesDuring: during.n,
    shopperErrors: result.errors,
  };
}

/** The cleanup job's sweep with 64 shoppers holding other items meanwhile, per batch size. */
async function phaseSweep(url: string, admin: pg.Pool, store: Store, o: Options, label: string, shoppers: Shoppers, batches: number[]) {
  for (let rep = 1; rep <= o.reps; rep++) {
    for (const batch of batches) {
      log(`sweep (${label}): batch ${batch}, repetition ${rep}/${o.reps}`);
      record(`sweep.${label}.${batch}`, await runSweepOnce(admin, url, store, o, batch, shoppers));
    }
  }
}

/**
 * The sweep alone (no other load), as the job runs it and as prototypes that would change the
 * engine's schema: run last, on the bench database only, each change kept for the next step
 * (cumulative), then undone.
 */
async function phaseSweepPrototypes(url: string, admin: pg.Pool, store: Store, o: Options) {
  const steps: Array<{ name: string; apply?: string; undo?: string }> = [
    { name: "as migrated" },
    {
      name: "+ Hold status indexes partial",
      apply: `DROP INDEX "Hold_status_expiresAt_idx"; DROP INDEX "Hold_storeId_status_idx";
              CREATE INDEX "bench_Hold_active_by_store" ON "Hold" ("storeId", "expiresAt") WHERE status = 'ACTIVE'`,
      undo: `DROP INDEX "bench_Hold_active_by_store";
             CREATE INDEX "Hold_status_expiresAt_idx" ON "Hold"("status", "expiresAt");
             CREATE INDEX "Hold_storeId_status_idx" ON "Hold"("storeId", "status")`,
    },
    {
      name: "+ no StockMovement.storeId FK",
      apply: `ALTER TABLE "StockMovement" DROP CONSTRAINT "StockMovement_storeId_fkey"`,
      undo: `ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE RESTRICT ON UPDATE CASCADE`,
    },
  ];
  const applied: string[] = [];
  try {
    for (const step of steps) {
      if (step.apply) {
        await admin.query(step.apply);
        if (step.undo) applied.unshift(step.undo);
      }
      for (let rep = 1; rep <= o.reps; rep++) {
        for (const variant of ["job", "per-item"] as const) {
          log(`sweep prototypes: ${step.name}, ${variant}, repetition ${rep}/${o.reps}`);
          record(`sweepProto.${step.name}.${variant}`, await runSweepOnce(admin, url, store, o, SWEEP_BATCH, null, variant));
        }
      }
    }
  } finally {
    for (const undo of applied) await admin.query(undo);
  }
  return steps.map((s) => s.name);
}

// ---------------------------------------------------------------------------------------------
// Phase: HTTP (needs the cart and stock routes)

const ROUTES = {
  cartItems: "app/api/stores/[store]/cart/items/route.ts",
  stock: "app/api/stores/[store]/stock/route.ts",
};

type StockMeta = { bytes: number; cacheControl: string | undefined; firstStatus: number };
type HttpOutcome = { skipped: string } | { httpLevers: string[]; burst: BurstResult[]; burstOversold: number; stockMeta: StockMeta | undefined };

type HttpLever = { name: string; poolSize: number; env?: Record<string, string>; prepare?: () => Promise<void>; restore?: () => Promise<void> };

/** What is varied over HTTP; the baseline is the headline run (pool o.poolSize, everything as shipped). */
function httpLevers(o: Options, admin: pg.Pool): HttpLever[] {
  const unlogged = (on: boolean) => async () => {
    await admin.query(`ALTER TABLE "RateLimitBucket" SET ${on ? "UNLOGGED" : "LOGGED"}`);
  };
  const levers: HttpLever[] = [
    { name: "DATABASE_POOL_SIZE=5", poolSize: 5 },
    { name: "DATABASE_POOL_SIZE=20", poolSize: 20 },
    { name: "rate limiter off", poolSize: o.poolSize, env: { RATE_LIMIT_CART_PER_IP: "0", RATE_LIMIT_CART_PER_CART: "0" } },
    { name: "RateLimitBucket UNLOGGED", poolSize: o.poolSize, prepare: unlogged(true), restore: unlogged(false) },
    { name: "LOG_LEVEL=warn", poolSize: o.poolSize, env: { LOG_LEVEL: "warn" } },
  ];
  return levers.filter((l) => !o.quick || l.name !== "DATABASE_POOL_SIZE=5");
}

async function phaseHttp(url: string, admin: pg.Pool, store: Store, o: Options, originalDef: string, notes: string[]): Promise<HttpOutcome> {
  const missing = Object.values(ROUTES).filter((f) => !existsSync(f));
  if (missing.length) return { skipped: `routes missing: ${missing.join(", ")}` };
  log(`http: building the app into ${DIST_DIR}`);
  const b = ensureBuild(url, o.skipBuild);
  if (!b.ok) return { skipped: `build failed: ${b.output.slice(-1500)}` };
  if (b.reused) notes.push(`HTTP scenarios ran on an existing ${DIST_DIR} build (--skip-build).`);
  else log(`http: built in ${b.seconds.toFixed(0)} s`);

  let app: RunningApp | undefined;
  let serverErrorLines = 0;
  const start = async (poolSize: number, env?: Record<string, string>) => {
    if (app) serverErrorLines += app.errorLines();
    await app?.stop();
    app = await startApp(url, { port: o.port, poolSize, env });
    return app;
  };
  const stockItems = await createSellables(admin, store, 100, 50, "stock");
  const spreadItems = await createSellables(admin, store, 64, 1_000_000, "hspread");
  const burst: BurstResult[] = [];
  let burstOversold = 0;
  let stockMeta: StockMeta | undefined;
  try {
    let running = await start(o.poolSize);
    log(`http: server up at ${running.baseUrl} (pool ${o.poolSize})`);
    // Warm-up: compile the route, fill the pool.
    const [warm] = await createSellables(admin, store, 1, 300, "warm");
    if (warm) await runHotItemOverHttp(running.baseUrl, store, warm, { clients: 16, maxDurationMs: 20_000 });
    await runStockRoute(running.baseUrl, store, stockItems.map((i) => i.variantId), { clients: 4, durationMs: 500 });

    for (let rep = 1; rep <= o.reps; rep++) {
      log(`http: repetition ${rep}/${o.reps}`);
      await analyze(admin);
      for (const mode of MODES) {
        await applyCommitMode(admin, originalDef, mode);
        for (const c of CONCURRENCY) {
          const [item] = await createSellables(admin, store, 1, o.stock, "hhot");
          if (!item) throw new Error("no item");
          const meter = await startCpuMeter(admin, BENCH_DB, running.child.pid);
          const r = await runHotItemOverHttp(running.baseUrl, store, item, { clients: c, maxDurationMs: HOT_CAP_MS });
          const cpu = await meter.stop(r.ok);
          const audit = await auditItem(admin, item.itemId);
          record(
            `hot.http.${mode}.${c}`,
            loadRecord(r, { oversold: audit.oversold, inconsistent: audit.consistent ? 0 : 1, held: audit.activeHeld, okResponses: r.ok, ...cpu }),
          );
        }
        const meter = await startCpuMeter(admin, BENCH_DB, running.child.pid);
        const spread = await runSpreadOverHttp(running.baseUrl, store, spreadItems, { clients: 64, durationMs: o.windowMs });
        record(`spread.http.${mode}`, loadRecord(spread, await meter.stop(spread.ok)));
      }
      // Sold out, over HTTP.
      {
        const item = await soldOutItem(admin, store, o);
        const meter = await startCpuMeter(admin, BENCH_DB, running.child.pid);
        const r = await runSoldOutStormOverHttp(running.baseUrl, store, item, { clients: 64, durationMs: o.windowMs });
        const cpu = await meter.stop(r.ok);
        const audit = await auditItem(admin, item.itemId);
        record("storm.http", loadRecord(r, { oversold: audit.oversold, ...cpu, timedOut: 0 }));
      }
      // Scenario 2: the burst, in the recommended configuration.
      await applyCommitMode(admin, originalDef, "set-local");
      const [burstItem] = await createSellables(admin, store, 1, 500, "burst");
      if (!burstItem) throw new Error("no item");
      burst.push(await runBurst(running.baseUrl, store, burstItem, 1000));
      burstOversold = Math.max(burstOversold, (await auditItem(admin, burstItem.itemId)).oversold);
      // Scenario 5: the stock route, 100 variants a call.
      const ids = stockItems.map((i) => i.variantId);
      const one = await runStockRoute(running.baseUrl, store, ids, { clients: 1, durationMs: o.windowMs });
      const many = await runStockRoute(running.baseUrl, store, ids, { clients: 16, durationMs: o.windowMs });
      stockMeta = { bytes: one.bytes, cacheControl: one.cacheControl, firstStatus: one.firstStatus };
      record(`stock.c1`, { requestsPerSec: one.okPerSec, p50: one.p50, p99: one.p99, errors: one.errors });
      record(`stock.c16`, { requestsPerSec: many.okPerSec, p50: many.p50, p99: many.p99, errors: many.errors });
    }
    // Levers over HTTP, 64 shoppers, recommended configuration: each is one server restart.
    for (const config of httpLevers(o, admin)) {
      await config.prepare?.();
      try {
        running = await start(config.poolSize, config.env);
        const [w] = await createSellables(admin, store, 1, 200, "warm");
        if (w) await runHotItemOverHttp(running.baseUrl, store, w, { clients: 16, maxDurationMs: 20_000 });
        for (let rep = 1; rep <= o.reps; rep++) {
          const [item] = await createSellables(admin, store, 1, o.stock, "hlever");
          if (!item) throw new Error("no item");
          const r = await runHotItemOverHttp(running.baseUrl, store, item, { clients: 64, maxDurationMs: HOT_CAP_MS });
          const audit = await auditItem(admin, item.itemId);
          record(`lever.http.${config.name}`, loadRecord(r, { oversold: audit.oversold }));
        }
      } finally {
        await config.restore?.();
      }
    }
    running = await start(o.poolSize);
    // Scenario 4 with HTTP shoppers.
    const base = running.baseUrl;
    await phaseSweep(url, admin, store, o, "http", (stop) => runSpreadOverHttp(base, store, spreadItems, { clients: 64, durationMs: HOT_CAP_MS, stopSignal: stop }), [SWEEP_BATCH]);
    await applyCommitMode(admin, originalDef, "as-migrated");
    serverErrorLines += running.errorLines();
    notes.push(`The server logged ${serverErrorLines} error lines during the HTTP phase.`);
  } finally {
    await app?.stop();
    await applyCommitMode(admin, originalDef, "as-migrated").catch(() => {});
  }
  return { httpLevers: httpLevers(o, admin).map((c) => c.name), burst, burstOversold, stockMeta };
}

const SWEEP_BATCHES = (o: Options) => [1000, SWEEP_BATCH, o.sweepHolds];
/** The cleanup job's default batch (lib/jobs/run-cleanup.ts). */
const SWEEP_BATCH = 5000;

// ---------------------------------------------------------------------------------------------

function gitCommit(): string {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const t0 = nowMs();
  const notes: string[] = [];
  log(`options: ${JSON.stringify({ ...o, phases: [...o.phases] })}`);
  const url = await createBenchDatabase();
  log(`database shop_bench created and migrated`);
  const admin = createPool(url, 4);
  await admin.query(loadScratchSql());
  const store = await seedStore(admin);
  const holdFn = await detectHoldFunction(admin);
  selectHoldFunction(holdFn);
  const originalDef = await readFunctionDef(admin, "cart_set_line");
  const commitSeen: Record<string, string> = {};
  for (const mode of ["as-migrated", "alter-function", "set-local"] as const) {
    await applyCommitMode(admin, originalDef, mode);
    commitSeen[mode] = await settingSeenAtCommit(admin);
  }
  await applyCommitMode(admin, originalDef, "as-migrated");
  notes.push(
    `synchronous_commit as COMMIT sees it after a cart_set_line call: ${Object.entries(commitSeen).map(([k, v]) => `${k} → ${v}`).join(", ")} ` +
      "(a function's SET clause is undone when the function returns, before COMMIT).",
  );
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres: (await serverSetting(admin, "server_version")).split(" ")[0] ?? "",
    synchronousCommit: await serverSetting(admin, "synchronous_commit"),
    sharedBuffers: await serverSetting(admin, "shared_buffers"),
    maxConnections: await serverSetting(admin, "max_connections"),
    autovacuum: await serverSetting(admin, "autovacuum"),
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
  };

  let dbMeta: Awaited<ReturnType<typeof phaseDb>> | undefined;
  let http: HttpOutcome = { skipped: "not run (--only)" };
  let pages: PagesResult = { skipped: "not run (--only)" };
  let sweepSteps: string[] = [];
  /** Written after every phase, so that a run cut short still leaves what it measured. */
  const save = (final: boolean) => {
    const results = assemble(o, machine, holdFn, dbMeta, http, pages, notes, sweepSteps);
    results.meta.durationSeconds = round((nowMs() - t0) / 1000, 0);
    results.meta.loadAverageAtEnd = os.loadavg().map((v) => round(v, 2));
    if (!final) results.meta.notes = [...results.meta.notes, "PARTIAL: the run did not finish."];
    results.targets = evaluateTargets(results);
    writeFileSync(path.join(import.meta.dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(import.meta.dirname, "chart.svg"), renderChart(results));
    return results;
  };

  if (o.phases.has("db")) {
    dbMeta = await phaseDb(url, admin, store, o, originalDef);
    save(false);
    const spreadItems = await createSellables(admin, store, 64, 1_000_000, "sspread");
    const pool = createPool(url, o.poolSize);
    await applyCommitMode(admin, originalDef, "set-local");
    await phaseSweep(url, admin, store, o, "db", (stop) => runSpreadAtDb(pool, store, spreadItems, { clients: 64, durationMs: HOT_CAP_MS, stopSignal: stop }), o.quick ? [SWEEP_BATCH] : SWEEP_BATCHES(o));
    await applyCommitMode(admin, originalDef, "as-migrated");
    await pool.end();
    save(false);
  }

  if (o.phases.has("http")) http = await phaseHttp(url, admin, store, o, originalDef, notes);
  if ("skipped" in http) log(`http: skipped: ${http.skipped.slice(0, 200)}`);
  else save(false);

  if (o.phases.has("pages")) pages = await runPages(url, admin, store, o);
  if ("skipped" in pages) log(`pages: skipped: ${pages.skipped}`);
  else save(false);

  if (o.phases.has("db")) sweepSteps = await phaseSweepPrototypes(url, admin, store, o);

  const results = save(true);
  process.stdout.write(`\n${renderTable(results)}\n`);
  log(`wrote bench/results.json and bench/chart.svg in ${results.meta.durationSeconds} s`);
  await admin.end();
  if (!o.keepDb) await dropBenchDatabase();
}

function assemble(
  o: Options,
  machine: Record<string, unknown>,
  holdFn: string,
  dbMeta: Awaited<ReturnType<typeof phaseDb>> | undefined,
  http: HttpOutcome,
  pages: PagesResult,
  notes: string[],
  sweepSteps: string[],
): Results {
  const byConcurrency = (prefix: string) => Object.fromEntries(CONCURRENCY.map((c) => [String(c), summary(`${prefix}.${c}`)]).filter(([, v]) => v));
  const hot: Results["hotItem"] = { modes: {}, commonDesign: byConcurrency("hot.common") };
  for (const mode of MODES) {
    const db = byConcurrency(`hot.db.${mode}`);
    const httpRuns = byConcurrency(`hot.http.${mode}`);
    const ratios: Record<string, { httpVsCeiling: number; oursVsCommon: number }> = {};
    for (const c of CONCURRENCY) {
      const k = String(c);
      ratios[k] = {
        httpVsCeiling: ratio(httpRuns[k]?.median.holdsPerSec ?? Number.NaN, db[k]?.median.holdsPerSec ?? Number.NaN),
        oursVsCommon: ratio(db[k]?.median.holdsPerSec ?? Number.NaN, hot.commonDesign[k]?.median.holdsPerSec ?? Number.NaN),
      };
    }
    hot.modes[mode] = { http: httpRuns, dbCeiling: db, ratios };
  }
  const burst = "skipped" in http ? [] : http.burst;
  const worstBurst = burst.reduce<BurstResult | undefined>((a, b) => (!a || b.disallowed > a.disallowed ? b : a), undefined);
  const sweepBatches = dbMeta ? SWEEP_BATCHES(o) : [];
  const levers: Results["levers"] = {
    syncCommit: {
      "as-migrated": summary("hot.db.as-migrated.64"),
      "alter-function": summary("lever.sync.alter-function"),
      "call-site": summary("lever.sync.call-site"),
      "set-local": summary("hot.db.set-local.64"),
    },
    poolSize: Object.fromEntries(
      MODES.map((mode) => [
        mode,
        Object.fromEntries([...(dbMeta?.leverPools ?? []), o.poolSize].sort((a, b) => a - b).map((s) => [String(s), summary(s === o.poolSize ? `hot.db.${mode}.64` : `lever.pool.${mode}.${s}`)])),
      ]),
    ),
    http: Object.fromEntries([
      ["as shipped (DATABASE_POOL_SIZE=" + o.poolSize + ")", summary("hot.http.set-local.64")],
      ...("skipped" in http ? [] : http.httpLevers).map((name) => [name, summary(`lever.http.${name}`)]),
    ]),
    gate: Object.fromEntries([["none", summary("hot.db.set-local.64")], ...(dbMeta?.gates ?? []).map((g) => [String(g), summary(`lever.gate.${g}`)])]),
    mixed: { none: summary("lever.mixed.0"), gate2: summary("lever.mixed.2") },
    buckets: Object.fromEntries(
      (["plain", "asyncCommit"] as const).map((call) => [call, Object.fromEntries((dbMeta?.buckets ?? []).map((n) => [String(n), summary(`lever.buckets.${call}.${n}`)]))]),
    ),
    sweepBatch: Object.fromEntries(sweepBatches.map((b) => [String(b), summary(`sweep.db.${b}`)]).filter(([, v]) => v)),
    sweepAlone: Object.fromEntries(
      sweepSteps.map((step) => [step, { job: summary(`sweepProto.${step}.job`), "per-item ledger": summary(`sweepProto.${step}.per-item`) }]),
    ),
  };
  return {
    meta: {
      generatedAt: new Date().toISOString(),
      commit: gitCommit(),
      machine,
      config: {
        poolSize: o.poolSize,
        reps: o.reps,
        stockPerHotRun: o.stock,
        quick: o.quick,
        holdFunction: holdFn,
        sweepHolds: o.sweepHolds,
        sweepBatch: SWEEP_BATCH,
        windowMs: o.windowMs,
        headlineMode: "set-local",
      },
      durationSeconds: 0,
      loadAverageAtEnd: [],
      notes,
    },
    hotItem: hot,
    burst: "skipped" in http ? { skipped: http.skipped } : worstBurst ? { worst: worstBurst, runs: burst.length, oversold: http.burstOversold } : { skipped: "no runs" },
    soldOut: { db: summary("storm.db"), http: summary("storm.http") },
    spread: {
      db: Object.fromEntries(MODES.map((m) => [m, summary(`spread.db.${m}`)])),
      http: Object.fromEntries(MODES.map((m) => [m, summary(`spread.http.${m}`)])),
    },
    sweep: {
      db: summary(`sweep.db.${SWEEP_BATCH}`),
      http: summary(`sweep.http.${SWEEP_BATCH}`),
    },
    stockRoute:
      "skipped" in http
        ? { skipped: http.skipped }
        : http.stockMeta
          ? { concurrency1: summary("stock.c1"), concurrency16: summary("stock.c16"), ...http.stockMeta }
          : { skipped: "no runs" },
    pages,
    levers,
    targets: [],
  };
}

main().catch(async (e) => {
  console.error(e);
  process.exitCode = 1;
});
