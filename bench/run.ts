// `npm run bench`: builds and starts the production app against a fresh `shop_bench` database,
// seeds its own data, runs the scenarios of issue 6 (each point repeated, medians reported, ratios
// to baselines measured in the same run), prints a table, writes bench/results.json and the chart.
//
//   npm run bench                      the full run (≈ 25-35 min on 2 cores; results.json is rewritten after each phase)
//   npm run bench -- --quick           a harness check: one repetition, small stocks (≈ 4 min)
//   npm run bench -- --skip-build      reuse .next-bench from an earlier build
//   npm run bench -- --only=db,http    phases: db, http, pages, coalesce (issue 23: HOLD_COALESCING on vs off),
//                                      events (issue 21: a hold's cost with the event outbox vs without)
//   npm run bench -- --reps=5 --pool=10 --port=3170 --stock=3000 --keep-db
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { auditItem, BENCH_DB, createBenchDatabase, createPool, createSellables, dropBenchDatabase, seedStore, serverSetting, type Sellable, type Store } from "./lib/database";
import {
  countLapsed,
  loadScratchSql,
  runBucketedHotItem,
  runCommonDesign,
  runHotItemAtDb,
  runSoldOutStormAtDb,
  runSpreadAtDb,
  seedLapsedHolds,
  sweepWithJob,
  sweepWithSql,
  type HoldCall,
} from "./lib/db-scenarios";
import { createDb } from "@/lib/db";
import { SWEEP_SHARES } from "@/lib/inventory/sweep-lapsed-holds";
import { eventsTargets, runEventsHoldCost, type EventsHoldCost } from "./lib/events-phase";
import { applyCommitMode, COMMIT_MODES, readFunctionDef, settingSeenAtCommit } from "./lib/engine-variants";
import { runBurst, runHotItemOverHttp, runSoldOutStormOverHttp, runSpreadOverHttp, runStockRoute, type BurstResult } from "./lib/http-scenarios";
import { windowStats, type LoadResult } from "./lib/load";
import { runPages, type PagesResult } from "./lib/pages";
import { startSharedCache } from "./lib/shared-cache";
import { evaluateTargets, renderChart, renderTable } from "./lib/report";
import { coalesceTargets, renderCoalesceTable, runCoalesceScenarios, type CoalesceResults } from "./lib/coalesce";
import { DIST_DIR, ensureBuild, startApp, type RunningApp } from "./lib/server";
import { nowMs, ratio, round, sleep } from "./lib/stats";
import { assemble, type HttpOutcome, type StockMeta } from "./lib/assemble";
import { analyze, CONCURRENCY, HOT_CAP_MS, loadRecord, log, metered, parseOptions, record, SWEEP_BATCH, type Options } from "./lib/measurements";

async function hotAtDb(pool: pg.Pool, admin: pg.Pool, store: Store, o: Options, clients: number, extra: { gate?: number; call?: HoldCall } = {}) {
  const [item] = await createSellables(admin, store, 1, o.stock, "hot");
  if (!item) throw new Error("no item");
  const { r, cpu } = await metered(admin, () => runHotItemAtDb(pool, store, { clients, stock: o.stock, maxDurationMs: HOT_CAP_MS, item, ...extra }), (x) => x.result.ok);
  const audit = await auditItem(admin, item.itemId);
  return loadRecord(r.result, { oversold: audit.oversold, inconsistent: audit.consistent ? 0 : 1, held: audit.activeHeld, ...cpu });
}

async function commonAtDb(pool: pg.Pool, admin: pg.Pool, store: Store, o: Options, clients: number, commit: "sync" | "async") {
  const { r, cpu } = await metered(admin, () => runCommonDesign(pool, store, { clients, stock: o.stock, maxDurationMs: HOT_CAP_MS, commit }), (x) => x.result.ok);
  return loadRecord(r.result, { oversold: r.oversold, held: r.held, ...cpu });
}

// ---------------------------------------------------------------------------------------------
// Phase: database level (needs only the SQL)

async function phaseDb(url: string, admin: pg.Pool, store: Store, o: Options, shippedDef: string) {
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
    for (const mode of COMMIT_MODES) {
      await applyCommitMode(admin, shippedDef, mode);
      // The ceiling: the route's own statements, through a plain pool of the app's size.
      for (const c of CONCURRENCY) record(`hot.db.${mode}.${c}`, await hotAtDb(pool, admin, store, o, c));
      // The engine's hold function alone: what the common design is compared with.
      record(`hold.db.${mode}.64`, await hotAtDb(pool, admin, store, o, 64, { call: "hold" }));
      const spread = await metered(admin, () => runSpreadAtDb(pool, store, spreadItems, { clients: 64, durationMs: o.windowMs }), (r) => r.ok);
      record(`spread.db.${mode}`, loadRecord(spread.r, spread.cpu));
    }
    await applyCommitMode(admin, shippedDef, "async");
    for (const c of CONCURRENCY) record(`common.sync.${c}`, await commonAtDb(pool, admin, store, o, c, "sync"));
    record(`common.async.64`, await commonAtDb(pool, admin, store, o, 64, "async"));
    // Lever: the pool size, same 64 shoppers.
    for (const size of leverPools) record(`lever.pool.${size}`, await hotAtDb(poolOf(size), admin, store, o, 64));
    // Sold out: 64 shoppers keep adding an item whose units are all held (live holds).
    record("storm.db", await stormAtDb(pool, admin, store, o));
    // Lever: a per-item gate in front of the hold call (a cap on transactions waiting on one row).
    for (const g of gates) record(`lever.gate.${g}`, await hotAtDb(pool, admin, store, o, 64, { gate: g }));
    // Lever: the gate when a hot item and 64 other shoppers share the pool.
    for (const g of [0, 2]) record(`lever.mixed.${g}`, await runMixed(pool, admin, store, o, spreadItems, g));
    // Lever: bucketed hot item (scratch schema), against one row, same statements.
    for (const commit of ["sync", "async"] as const) {
      for (const n of buckets) {
        const { r: b, cpu } = await metered(admin, () => runBucketedHotItem(pool, { clients: 64, stock: o.stock, buckets: n, maxDurationMs: HOT_CAP_MS, commit }), (r) => r.result.ok);
        record(`lever.buckets.${commit}.${n}`, loadRecord(b.result, { oversold: b.oversold, held: b.held, ...cpu }));
      }
    }
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
  const { r, cpu } = await metered(admin, () => runSoldOutStormAtDb(pool, store, item, { clients: 64, durationMs: o.windowMs }), (x) => x.ok);
  const audit = await auditItem(admin, item.itemId);
  return loadRecord(r, { oversold: audit.oversold, ...cpu, timedOut: 0 });
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
// Scenario 4: the sweep of lapsed holds, alone and with 64 shoppers holding other items meanwhile

type Shoppers = (stop: { stop: boolean }) => Promise<LoadResult>;

/** job: sweepLapsedHolds as the cleanup job runs it (SWEEP_SHARES shares); one-share: the same SQL, one share. */
type SweepVariant = "job" | "one-share";

async function runSweepOnce(admin: pg.Pool, url: string, store: Store, o: Options, shoppers: Shoppers | null, variant: SweepVariant = "job"): Promise<Record<string, number>> {
  await analyze(admin);
  const seedStart = nowMs();
  await seedLapsedHolds(admin, store, { holds: o.sweepHolds, items: 1000 });
  const seeded = await countLapsed(admin);
  const seedMs = nowMs() - seedStart;
  const sweeper = createDb({ url, poolSize: SWEEP_SHARES, statementTimeoutMs: 120_000 });
  await Promise.all(Array.from({ length: SWEEP_SHARES }, () => sweeper.pool.query("SELECT 1")));
  await sweeper.db.$queryRaw`SELECT 1`;
  const stop = { stop: false };
  const t0 = nowMs();
  const load = shoppers?.(stop);
  const warm = 500;
  if (load) await sleep(warm + o.windowMs);
  const sweepStart = nowMs() - t0;
  const swept = variant === "job" ? await sweepWithJob(sweeper.db, SWEEP_BATCH) : { ...(await sweepWithSql(sweeper.pool, SWEEP_BATCH, 1)), yieldedBatches: 0 };
  const sweepEnd = nowMs() - t0;
  await sleep(200);
  stop.stop = true;
  const result = await load;
  await sweeper.db.$disconnect();
  await sweeper.pool.end();
  const left = await countLapsed(admin);
  const seconds = round((sweepEnd - sweepStart) / 1000, 3);
  const base = { holds: swept.holds, seeded, left, batches: swept.batches, yieldedBatches: swept.yieldedBatches, seconds, seedSeconds: round(seedMs / 1000, 1) };
  if (!result) return base;
  const before = windowStats(result.samples, warm, warm + o.windowMs);
  const during = windowStats(result.samples, sweepStart, sweepEnd);
  return {
    ...base,
    p99Without: before.p99,
    p99During: during.p99,
    p99Ratio: ratio(during.p99, before.p99),
    p50Without: before.p50,
    p50During: during.p50,
    samplesDuring: during.n,
    shopperErrors: result.errors,
  };
}

async function phaseSweep(url: string, admin: pg.Pool, store: Store, o: Options, label: string, shoppers: Shoppers | null, variant: SweepVariant = "job") {
  for (let rep = 1; rep <= o.reps; rep++) {
    log(`sweep (${label}): repetition ${rep}/${o.reps}`);
    record(`sweep.${label}`, await runSweepOnce(admin, url, store, o, shoppers, variant));
  }
}

// ---------------------------------------------------------------------------------------------
// Phase: HTTP (needs the cart and stock routes)

const ROUTES = {
  cartItems: "app/api/stores/[store]/cart/items/route.ts",
  stock: "app/api/stores/[store]/stock/route.ts",
};


type HttpLever = { name: string; poolSize: number; env?: Record<string, string> };

/** What is varied over HTTP; the baseline is the headline run (pool o.poolSize, everything as shipped). */
function httpLevers(o: Options): HttpLever[] {
  const levers: HttpLever[] = [
    { name: "DATABASE_POOL_SIZE=5", poolSize: 5 },
    { name: "DATABASE_POOL_SIZE=20", poolSize: 20 },
    { name: "rate limiter off", poolSize: o.poolSize, env: { RATE_LIMIT_CART_PER_IP: "0", RATE_LIMIT_CART_PER_CART: "0" } },
    { name: "LOG_LEVEL=warn", poolSize: o.poolSize, env: { LOG_LEVEL: "warn" } },
  ];
  return levers.filter((l) => !o.quick || l.name !== "DATABASE_POOL_SIZE=5");
}

async function phaseHttp(url: string, admin: pg.Pool, store: Store, o: Options, shippedDef: string, notes: string[]): Promise<HttpOutcome> {
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
  const ceilingPool = createPool(url, o.poolSize);
  let stockMeta: StockMeta | undefined;
  const warmUp = async (base: string) => {
    const [w] = await createSellables(admin, store, 1, 300, "warm");
    if (w) await runHotItemOverHttp(base, store, w, { clients: 16, maxDurationMs: 20_000 });
  };
  try {
    let running = await start(o.poolSize);
    log(`http: server up at ${running.baseUrl} (pool ${o.poolSize})`);
    await warmUp(running.baseUrl);
    await runStockRoute(running.baseUrl, store, stockItems.map((i) => i.variantId), { clients: 4, durationMs: 500 });

    const only = !o.phases.has("http");
    if (!only) await hotAtDb(ceilingPool, admin, store, { ...o, stock: Math.min(o.stock, 300) }, 64);
    for (let rep = 1; rep <= (only ? 0 : o.reps); rep++) {
      log(`http: repetition ${rep}/${o.reps}`);
      await analyze(admin);
      for (const mode of COMMIT_MODES) {
        await applyCommitMode(admin, shippedDef, mode);
        for (const c of CONCURRENCY) {
          // The ceiling beside it: the same statement through a plain pool, right before the HTTP
          // run, on the same database and the same minute of this machine (the database phase's
          // ceiling was measured many minutes earlier; a shared host drifts in between).
          const ceiling = await hotAtDb(ceilingPool, admin, store, o, c);
          record(`hot.pair.${mode}.${c}`, ceiling);
          const [item] = await createSellables(admin, store, 1, o.stock, "hhot");
          if (!item) throw new Error("no item");
          const { r, cpu } = await metered(admin, () => runHotItemOverHttp(running.baseUrl, store, item, { clients: c, maxDurationMs: HOT_CAP_MS }), (x) => x.ok, running.child.pid);
          const audit = await auditItem(admin, item.itemId);
          const vsCeiling = ratio(r.okPerSec, ceiling.holdsPerSec ?? Number.NaN);
          record(`hot.http.${mode}.${c}`, loadRecord(r, { oversold: audit.oversold, inconsistent: audit.consistent ? 0 : 1, held: audit.activeHeld, okResponses: r.ok, vsCeiling, ...cpu }));
        }
        const spread = await metered(admin, () => runSpreadOverHttp(running.baseUrl, store, spreadItems, { clients: 64, durationMs: o.windowMs }), (x) => x.ok, running.child.pid);
        record(`spread.http.${mode}`, loadRecord(spread.r, spread.cpu));
      }
      await applyCommitMode(admin, shippedDef, "async");
      // Sold out, over HTTP.
      {
        const item = await soldOutItem(admin, store, o);
        const { r, cpu } = await metered(admin, () => runSoldOutStormOverHttp(running.baseUrl, store, item, { clients: 64, durationMs: o.windowMs }), (x) => x.ok, running.child.pid);
        const audit = await auditItem(admin, item.itemId);
        record("storm.http", loadRecord(r, { oversold: audit.oversold, ...cpu, timedOut: 0 }));
      }
      // Scenario 2: the burst.
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
      // Lever: a shared cache in front honouring the route's s-maxage=1 (what Vercel's CDN does).
      const cache = await startSharedCache(running.baseUrl);
      try {
        const cached = await runStockRoute(cache.url, store, ids, { clients: 16, durationMs: o.windowMs });
        record(`stock.c16.cached`, { requestsPerSec: cached.okPerSec, p50: cached.p50, p99: cached.p99, errors: cached.errors, originRequests: cache.misses() });
      } finally {
        await cache.stop();
      }
    }
    // Levers over HTTP, 64 shoppers, as shipped otherwise: each is one server restart.
    for (const lever of only ? [] : httpLevers(o)) {
      running = await start(lever.poolSize, lever.env);
      await warmUp(running.baseUrl);
      for (let rep = 1; rep <= o.reps; rep++) {
        const [item] = await createSellables(admin, store, 1, o.stock, "hlever");
        if (!item) throw new Error("no item");
        const r = await runHotItemOverHttp(running.baseUrl, store, item, { clients: 64, maxDurationMs: HOT_CAP_MS });
        const audit = await auditItem(admin, item.itemId);
        record(`lever.http.${lever.name}`, loadRecord(r, { oversold: audit.oversold }));
      }
    }
    running = await start(o.poolSize);
    await warmUp(running.baseUrl);
    // Scenario 4 with HTTP shoppers.
    const base = running.baseUrl;
    await phaseSweep(url, admin, store, o, "http", (stop) => runSpreadOverHttp(base, store, spreadItems, { clients: 64, durationMs: HOT_CAP_MS, stopSignal: stop }));
    serverErrorLines += running.errorLines();
    notes.push(`The server logged ${serverErrorLines} error lines during the HTTP phase.`);
  } finally {
    await app?.stop();
    await ceilingPool.end();
    await applyCommitMode(admin, shippedDef, "async").catch(() => {});
  }
  return { httpLevers: httpLevers(o).map((c) => c.name), burst, burstOversold, stockMeta };
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const t0 = nowMs();
  const notes: string[] = [];
  log(`options: ${JSON.stringify({ ...o, phases: [...o.phases] })}`);
  const url = await createBenchDatabase();
  log(`database ${BENCH_DB} created and migrated`);
  const admin = createPool(url, 4);
  await admin.query(loadScratchSql());
  const store = await seedStore(admin);
  const shippedDef = readFunctionDef("cart_write_line");
  const [probe] = await createSellables(admin, store, 1, 10, "probe");
  if (!probe) throw new Error("no item");
  const commitSeen: Record<string, string> = {};
  for (const mode of COMMIT_MODES) {
    await applyCommitMode(admin, shippedDef, mode);
    commitSeen[mode] = await settingSeenAtCommit(admin, { storeId: store.id, variantId: probe.variantId });
  }
  await applyCommitMode(admin, shippedDef, "async");
  notes.push(`synchronous_commit as a hold's COMMIT sees it: ${Object.entries(commitSeen).map(([k, v]) => `${k} → ${v}`).join(", ")}.`);
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
  let coalescedHolds: CoalesceResults | undefined;
  let eventsHoldCost: EventsHoldCost | { skipped: string } | undefined;
  /** Written after every phase, so that a run cut short still leaves what it measured. */
  const save = (final: boolean) => {
    const results = assemble(o, machine, dbMeta, http, pages, notes);
    if (coalescedHolds) results.coalescedHolds = coalescedHolds;
    if (eventsHoldCost) results.eventsHoldCost = eventsHoldCost;
    results.meta.durationSeconds = round((nowMs() - t0) / 1000, 0);
    results.meta.loadAverageAtEnd = os.loadavg().map((v) => round(v, 2));
    if (!final) results.meta.notes = [...results.meta.notes, "PARTIAL: the run did not finish."];
    results.targets = [...evaluateTargets(results), ...coalesceTargets(results.coalescedHolds), ...(o.phases.has("events") ? eventsTargets(eventsHoldCost) : [])];
    writeFileSync(path.join(import.meta.dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(import.meta.dirname, "chart.svg"), renderChart(results));
    return results;
  };

  if (o.phases.has("db") || o.phases.has("sweep")) {
    if (o.phases.has("db")) {
      dbMeta = await phaseDb(url, admin, store, o, shippedDef);
      save(false);
    }
    // Scenario 4 alone: as the job does it, and with one share (the lever).
    await phaseSweep(url, admin, store, o, "alone", null);
    if (o.phases.has("db")) await phaseSweep(url, admin, store, o, "alone-one-share", null, "one-share");
    // With 64 shoppers at the database level holding other items.
    const spreadItems = await createSellables(admin, store, 64, 1_000_000, "sspread");
    const pool = createPool(url, o.poolSize);
    await phaseSweep(url, admin, store, o, "db", (stop) => runSpreadAtDb(pool, store, spreadItems, { clients: 64, durationMs: HOT_CAP_MS, stopSignal: stop }));
    await pool.end();
    save(false);
  }

  if (o.phases.has("http") || o.phases.has("sweep")) http = await phaseHttp(url, admin, store, o, shippedDef, notes);
  if ("skipped" in http) log(`http: skipped: ${http.skipped.slice(0, 200)}`);
  else save(false);

  if (o.phases.has("coalesce")) {
    const b = ensureBuild(url, o.skipBuild);
    if (!b.ok) log(`coalesce: skipped: build failed: ${b.output.slice(-500)}`);
    else {
      coalescedHolds = await runCoalesceScenarios(url, admin, store, { ...o, maxDurationMs: HOT_CAP_MS }, log);
      save(false);
    }
  }

  if (o.phases.has("events")) {
    log("events: a hold with the event outbox vs without (bench/events-hold-cost.ts)");
    eventsHoldCost = runEventsHoldCost({ quick: o.quick });
    if ("skipped" in eventsHoldCost) log(`events: skipped: ${eventsHoldCost.skipped}`);
    save(false);
  }

  if (o.phases.has("pages")) pages = await runPages(url, admin, store, o);
  if ("skipped" in pages) log(`pages: skipped: ${pages.skipped}`);

  const results = save(true);
  process.stdout.write(`\n${renderTable(results)}\n${renderCoalesceTable(results.coalescedHolds, String(machine.cpuModel))}\n`);
  log(`wrote bench/results.json and bench/chart.svg in ${results.meta.durationSeconds} s`);
  await admin.end();
  if (!o.keepDb) await dropBenchDatabase();
}

main().catch(async (e) => {
  console.error(e);
  process.exitCode = 1;
});
