// `npm run soak [-- --minutes 10 --shoppers 10]`: ten minutes of mixed traffic against the
// production build — shoppers holding and buying, admins reading and adjusting, the cron jobs
// every 20 s — on a private PostgreSQL cluster. Samples the app's memory, then checks the books
// (counters = holds = ledger, orders = holds) and prints the error rate. Exit 1 if the books do not
// balance, any answer is a 5xx other than 503, or memory keeps growing after the warm-up.
// Needs a build (`next build`; NEXT_DIST_DIR / FAULTS_DIST_DIR pick its folder).
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import pg from "pg";
import { createCluster } from "../tests/faults/support/cluster";
import { FAULTS_CRON_SECRET, startApp } from "../tests/faults/support/app";
import { findDrift, findOrderDrift, seedStore, newId } from "../tests/faults/support/books";
import { runLoad, statusCounts, type Sample } from "../tests/faults/support/load";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    shoppers: { type: "string", default: "10" },
    "pg-port": { type: "string", default: process.env.SOAK_PG_PORT ?? "5542" },
    "max-growth-mib": { type: "string", default: "80" },
  },
});
const minutes = Number(values.minutes);
const durationMs = Math.round(minutes * 60_000);
const warmupMs = Math.min(120_000, durationMs / 4);
const log = (s: string) => console.log(`[soak] ${new Date().toISOString().slice(11, 19)} ${s}`);

const cluster = createCluster(Number(values["pg-port"]));
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

  const app = await startApp({ databaseUrl: cluster.url("soak"), env: { LOG_LEVEL: "error" } });
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

  // A last cleanup run, then the books.
  await timed("cron cleanup", "GET", "/api/cron/cleanup", { headers: { authorization: `Bearer ${FAULTS_CRON_SECRET}` } });
  const drift = await findDrift(pool);
  const orderDrift = await findOrderDrift(pool);
  await app.stop();
  await pool.end();

  const samples = [...shoppers.samples, ...extra];
  const counts = statusCounts(samples);
  const bad = samples.filter((s) => s.status === 0 || (s.status >= 500 && s.status !== 503));
  const unavailable = samples.filter((s) => s.status === 503 || s.status === 429).length;
  const afterWarmup = memory.filter((m) => m.at >= warmupMs);
  const base = Math.min(...afterWarmup.slice(0, 3).map((m) => m.rss));
  const end = Math.max(...afterWarmup.slice(-3).map((m) => m.rss));
  const peak = Math.max(...memory.map((m) => m.rss));
  const slope = linearSlopePerMinute(afterWarmup);
  const growth = end - base;
  const latencies = shoppers.samples.filter((s) => s.op === "add" && s.status === 200).map((s) => s.ms).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;

  console.log("");
  log(`requests: ${samples.length} (${(samples.length / (durationMs / 1000)).toFixed(1)}/s): ${JSON.stringify(counts)}`);
  log(`acknowledged: ${shoppers.holds.length} holds, ${shoppers.sales.length} paid orders; add-to-cart p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`);
  log(`error rate: ${((bad.length / samples.length) * 100).toFixed(3)}% (5xx other than 503, or no answer); 503/429 with Retry-After: ${((unavailable / samples.length) * 100).toFixed(3)}%`);
  log(`memory (app RSS): after warm-up ${base} MiB, at the end ${end} MiB, peak ${peak} MiB, trend ${slope.toFixed(2)} MiB/min`);
  log(`books: ${drift.length === 0 ? "counters = holds = ledger" : `DRIFT ${drift.join("; ")}`}; orders: ${orderDrift.length === 0 ? "consistent with their holds" : orderDrift.join("; ")}`);
  const maxGrowth = Number(values["max-growth-mib"]);
  const ok = drift.length === 0 && orderDrift.length === 0 && bad.length === 0 && growth <= maxGrowth;
  log(ok ? "PASS" : `FAIL${growth > maxGrowth ? ` (memory grew ${growth} MiB > ${maxGrowth})` : ""}`);
  exitCode = ok ? 0 : 1;
} finally {
  cluster.destroy();
}
process.exit(exitCode);

function linearSlopePerMinute(points: { at: number; rss: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.at, 0) / n;
  const my = points.reduce((s, p) => s + p.rss, 0) / n;
  const num = points.reduce((s, p) => s + (p.at - mx) * (p.rss - my), 0);
  const den = points.reduce((s, p) => s + (p.at - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}
