// `npm run soak [-- --minutes 10 --shoppers 10]`: ten minutes of mixed traffic against the
// production build — shoppers holding and buying, admins reading and adjusting, the cron jobs
// every 20 s — on a private PostgreSQL cluster. Then checks the books (counters = holds = ledger,
// orders = holds, nothing acknowledged lost) and prints the error rate. Exit 1 if the books do not
// balance, anything acknowledged is missing, any request got a 5xx other than 503 or no answer at
// all, or memory grows across the second half of the run.
// Memory: the app runs with a probe (tests/faults/support/memory-probe.cjs) that forces a full
// garbage collection every 10 s and records what is left: the JS heap and the RSS after GC. The
// first half of the run is warm-up (caches, JIT, pools fill up); across the second half, the
// median of its last third minus the median of its first third must stay under
// --max-heap-growth-mib and --max-rss-growth-mib (a leak grows what survives a full GC; garbage
// not yet collected, which moved the old first-vs-last RSS figure, does not count). The trends
// (least squares, MiB/min) are printed too.
// `npm run soak -- --minutes 2` is the short check that the script works.
// Needs a build (`next build`; NEXT_DIST_DIR / FAULTS_DIST_DIR pick its folder).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createCluster } from "../tests/faults/support/cluster";
import { FAULTS_CRON_SECRET, freePort, startApp } from "../tests/faults/support/app";
import { findDrift, findLostHolds, findLostOrders, findLostSales, findOrderDrift, seedStore, newId } from "../tests/faults/support/books";
import { runLoad, statusCounts, type Sample } from "../tests/faults/support/load";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    shoppers: { type: "string", default: "10" },
    "pg-port": { type: "string", default: process.env.SOAK_PG_PORT },
    "max-heap-growth-mib": { type: "string", default: "16" },
    "max-rss-growth-mib": { type: "string", default: "48" },
    /** Default: 10 s, less in a short run (at least a dozen samples in the second half). */
    "probe-interval-s": { type: "string" },
  },
});
const minutes = Number(values.minutes);
const durationMs = Math.round(minutes * 60_000);
const log = (s: string) => console.log(`[soak] ${new Date().toISOString().slice(11, 19)} ${s}`);
const MiB = 1024 * 1024;
const probeIntervalMs = values["probe-interval-s"] ? Number(values["probe-interval-s"]) * 1000 : Math.max(2_000, Math.min(10_000, Math.round(durationMs / 24)));

const probeDir = mkdtempSync(path.join(tmpdir(), "soak-memory-"));
const probeFile = path.join(probeDir, "memory.jsonl");
const cluster = createCluster(values["pg-port"] ? Number(values["pg-port"]) : await freePort());
let exitCode = 1;
try {
  await cluster.query("postgres", "CREATE DATABASE soak");
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: cluster.url("soak") }, stdio: "pipe" });
  const pool = new pg.Pool({ connectionString: cluster.url("soak"), max: 4 });
  pool.on("error", () => {});
  const catalog = await seedStore(pool, { slug: "soak", stocks: [...Array.from({ length: 12 }, () => 50_000), 200, 30] });
  // An admin API token for the store (stored hashed, as the admin API issues them).
  const { createHash, randomBytes } = await import("node:crypto");
  const token = `shop_${randomBytes(24).toString("base64url")}`;
  await pool.query(`INSERT INTO "ApiToken" (id, "storeId", name, "tokenHash", prefix) VALUES ($1, $2, 'soak admin', $3, $4)`, [
    newId(),
    catalog.storeId,
    createHash("sha256").update(token).digest("hex"),
    token.slice(0, 10),
  ]);

  const probe = path.resolve("tests/faults/support/memory-probe.cjs");
  const app = await startApp({
    databaseUrl: cluster.url("soak"),
    env: {
      LOG_LEVEL: "error",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require "${probe}"`.trim(),
      MEMORY_PROBE_FILE: probeFile,
      MEMORY_PROBE_INTERVAL_MS: String(probeIntervalMs),
    },
  });
  log(`app ${app.url} (build ${process.env.FAULTS_DIST_DIR ?? process.env.NEXT_DIST_DIR ?? ".next"}), ${minutes} min, ${values.shoppers} shoppers`);
  const memory: { at: number; rss: number }[] = [];
  const t0 = Date.now();
  const sampler = setInterval(() => memory.push({ at: Date.now() - t0, rss: app.rssMiB() }), 5_000);
  const stop = { stopped: false };

  const extra: Sample[] = [];
  async function timed(op: string, method: string, path: string, init: RequestInit = {}) {
    const at = Date.now();
    try {
      const res = await fetch(`${app.url}${path}`, { ...init, method, signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      extra.push({ at, op, status: res.status, retryAfter: res.headers.get("retry-after"), ms: Date.now() - at });
      return res;
    } catch (e) {
      extra.push({ at, op, status: 0, retryAfter: null, ms: Date.now() - at, error: e instanceof Error ? e.name : "error" });
      return null;
    }
  }

  // Admins: a dashboard's reads every couple of seconds, a stock change now and then.
  const admins = (async () => {
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const S = `/api/stores/${catalog.slug}/admin`;
    let i = 0;
    while (!stop.stopped) {
      i++;
      await timed("admin inventory", "GET", `${S}/inventory?limit=50`, { headers: auth });
      await timed("admin reservations", "GET", `${S}/reservations?status=active`, { headers: auth });
      if (i % 3 === 0) await timed("admin health", "GET", `${S}/health`, { headers: auth });
      if (i % 4 === 0) await timed("admin movements", "GET", `${S}/movements`, { headers: auth });
      if (i % 5 === 0) {
        const v = catalog.variants[i % 12]!;
        await timed("admin adjust", "PATCH", `${S}/inventory/${encodeURIComponent(v.sku)}`, { headers: auth, body: JSON.stringify({ adjust: 5, reason: "soak restock" }) });
      }
      await new Promise((r) => setTimeout(r, 1500));
    }
  })();

  // Jobs: the cron routes every 20 s (Vercel Cron's way in).
  const jobs = (async () => {
    const auth = { authorization: `Bearer ${FAULTS_CRON_SECRET}` };
    while (!stop.stopped) {
      await timed("cron cleanup", "GET", "/api/cron/cleanup", { headers: auth });
      await timed("cron payment-sync", "GET", "/api/cron/payment-sync", { headers: auth });
      for (let s = 0; s < 20 && !stop.stopped; s++) await new Promise((r) => setTimeout(r, 1000));
    }
  })();

  // Shoppers: each request from an address of its own (many people), a fifth of them buying.
  const progress = setInterval(() => {
    const last = memory.at(-1);
    log(`${Math.round((Date.now() - t0) / 1000)} s, app RSS ${last?.rss ?? "?"} MiB`);
  }, 60_000);
  const shoppers = await runLoad({
    baseUrl: app.url,
    store: catalog.slug,
    variantIds: catalog.variants.map((v) => v.variantId),
    durationMs,
    concurrency: Number(values.shoppers),
    saleShare: 0.2,
    headers: () => ({ "x-forwarded-for": `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}` }),
  });
  stop.stopped = true;
  await Promise.all([admins, jobs]);
  clearInterval(sampler);
  clearInterval(progress);
  memory.push({ at: Date.now() - t0, rss: app.rssMiB() });

  // A last cleanup run, then the books: balanced, and everything acknowledged still there (holds
  // from the last 10 minutes only: older ones may have lapsed, at the store's 15-minute TTL, and been swept).
  await timed("cron cleanup", "GET", "/api/cron/cleanup", { headers: { authorization: `Bearer ${FAULTS_CRON_SECRET}` } });
  const drift = await findDrift(pool);
  const orderDrift = await findOrderDrift(pool);
  const lost = [
    ...(await findLostHolds(pool, shoppers.holds.filter((h) => h.at > Date.now() - 10 * 60_000))),
    ...(await findLostOrders(pool, shoppers.orders)),
    ...(await findLostSales(pool, shoppers.sales)),
  ];
  const appExit = app.exitInfo();
  await app.stop();
  await pool.end();

  const samples = [...shoppers.samples, ...extra];
  const counts = statusCounts(samples);
  const bad = samples.filter((s) => s.status === 0 || (s.status >= 500 && s.status !== 503));
  const unavailable = samples.filter((s) => s.status === 503 || s.status === 429).length;
  const peak = Math.max(...memory.map((m) => m.rss));
  // Settled memory (after a full GC) of the app process, across the second half of the run.
  const settled = readFileSync(probeFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { at: number; pid: number; gcMs: number; heapUsed: number; heapTotal: number; external: number; rss: number })
    .filter((p) => p.pid === app.child.pid)
    .map((p) => ({ at: p.at - t0, heap: p.heapUsed / MiB, heapTotal: p.heapTotal / MiB, external: p.external / MiB, rss: p.rss / MiB, gcMs: p.gcMs }));
  const secondHalf = settled.filter((p) => p.at >= durationMs / 2 && p.at <= durationMs);
  const third = Math.max(1, Math.floor(secondHalf.length / 3));
  const growthOf = (key: "heap" | "rss") => median(secondHalf.slice(-third).map((p) => p[key])) - median(secondHalf.slice(0, third).map((p) => p[key]));
  const heapGrowth = growthOf("heap");
  const rssGrowth = growthOf("rss");
  const heapSlope = linearSlopePerMinute(secondHalf.map((p) => ({ at: p.at, value: p.heap })));
  const rssSlope = linearSlopePerMinute(secondHalf.map((p) => ({ at: p.at, value: p.rss })));
  const latencies = shoppers.samples.filter((s) => s.op === "add" && s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;

  console.log("");
  log(`requests: ${samples.length} (${(samples.length / (durationMs / 1000)).toFixed(1)}/s): ${JSON.stringify(counts)}`);
  log(`acknowledged: ${shoppers.holds.length} holds, ${shoppers.sales.length} paid orders; add-to-cart p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`);
  log(`error rate: ${((bad.length / samples.length) * 100).toFixed(3)}% (5xx other than 503, or no answer); 503/429 with Retry-After: ${((unavailable / samples.length) * 100).toFixed(3)}%`);
  if (bad.length > 0) {
    // When they happened: a burst (the app stopped answering) reads differently from a trickle.
    const secs = bad.map((s) => Math.round((s.at - t0) / 1000));
    const byOp: Record<string, number> = {};
    for (const s of bad) byOp[`${s.op} ${s.status || s.error}`] = (byOp[`${s.op} ${s.status || s.error}`] ?? 0) + 1;
    log(`errors sent between ${Math.min(...secs)} s and ${Math.max(...secs)} s into the run: ${JSON.stringify(byOp)}`);
  }
  const f = (x: number) => x.toFixed(1);
  const heapAt = (p: (typeof settled)[number] | undefined) => (p ? `${f(p.heap)}/${f(p.heapTotal)}/${f(p.external)}/${f(p.rss)}` : "?");
  log(
    `memory after a full GC (heap used/heap total/external/RSS MiB): at ${Math.round((secondHalf[0]?.at ?? 0) / 1000)} s ${heapAt(secondHalf[0])}, at the end ${heapAt(secondHalf.at(-1))}; ` +
      `second half (${secondHalf.length} samples): heap ${heapGrowth >= 0 ? "+" : ""}${f(heapGrowth)} MiB (trend ${f(heapSlope)} MiB/min), RSS ${rssGrowth >= 0 ? "+" : ""}${f(rssGrowth)} MiB (trend ${f(rssSlope)} MiB/min); ` +
      `RSS peak (unsettled) ${peak} MiB; GC pauses up to ${Math.max(0, ...settled.map((p) => p.gcMs))} ms`,
  );
  log(`books: ${drift.length === 0 ? "counters = holds = ledger" : `DRIFT ${drift.join("; ")}`}; orders: ${orderDrift.length === 0 ? "consistent with their holds" : orderDrift.join("; ")}`);
  log(`acknowledged and missing: ${lost.length === 0 ? "none" : lost.slice(0, 20).join("; ")}`);
  const maxHeap = Number(values["max-heap-growth-mib"]);
  const maxRss = Number(values["max-rss-growth-mib"]);
  const failures = [
    drift.length > 0 || orderDrift.length > 0 ? "the books do not balance" : "",
    lost.length > 0 ? `${lost.length} acknowledged holds/orders/sales missing` : "",
    bad.length > 0 ? `${bad.length} errors` : "",
    shoppers.holds.length === 0 || shoppers.sales.length === 0 ? "no hold or no sale acknowledged" : "",
    appExit ? `the app exited (${appExit.code ?? appExit.signal})` : "",
    secondHalf.length < 6 ? `only ${secondHalf.length} memory samples in the second half` : "",
    heapGrowth > maxHeap ? `settled heap grew ${f(heapGrowth)} MiB > ${maxHeap}` : "",
    rssGrowth > maxRss ? `settled RSS grew ${f(rssGrowth)} MiB > ${maxRss}` : "",
  ].filter(Boolean);
  log(failures.length === 0 ? "PASS" : `FAIL: ${failures.join("; ")}`);
  exitCode = failures.length === 0 ? 0 : 1;
} finally {
  cluster.destroy();
  rmSync(probeDir, { recursive: true, force: true });
}
process.exit(exitCode);

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function linearSlopePerMinute(points: { at: number; value: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.at, 0) / n;
  const my = points.reduce((s, p) => s + p.value, 0) / n;
  const num = points.reduce((s, p) => s + (p.at - mx) * (p.value - my), 0);
  const den = points.reduce((s, p) => s + (p.at - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}
