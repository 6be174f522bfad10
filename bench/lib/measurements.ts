// The bench's options and its measurement store: every repeated run is recorded by key and the
// medians are taken at the end (bench/run.ts runs the phases, bench/lib/assemble.ts builds the results).
import type pg from "pg";
import { startCpuMeter } from "./cpu";
import { BENCH_DB } from "./database";
import type { LoadResult } from "./load";
import { medianOf, type Stat } from "./stats";

/** sweep: only scenario 4 (alone, under database load, under HTTP load). */
export type Phase = "db" | "http" | "pages" | "sweep" | "coalesce" | "events";

export function parseOptions(argv: string[]) {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const quick = flag("quick");
  return {
    quick,
    reps: Number(value("reps") ?? (quick ? 1 : 3)),
    skipBuild: flag("skip-build"),
    keepDb: flag("keep-db"),
    phases: new Set<Phase>((value("only") ?? "db,http,pages,coalesce,events").split(",") as Phase[]),
    poolSize: Number(value("pool") ?? 10),
    port: Number(value("port") ?? 3170),
    /** The second server of the coalesce phase (HOLD_COALESCING=off). */
    port2: Number(value("port2") ?? Number(value("port") ?? 3170) + 1),
    stock: Number(value("stock") ?? (quick ? 300 : 3000)),
    sweepHolds: Number(value("sweep-holds") ?? (quick ? 20_000 : 100_000)),
    windowMs: quick ? 1500 : 3000,
  };
}

export type Options = ReturnType<typeof parseOptions>;

export const CONCURRENCY = [8, 64, 256] as const;
export const HOT_CAP_MS = 60_000;
/** The cleanup job's default batch (lib/jobs/run-cleanup.ts). */
export const SWEEP_BATCH = 5000;

/** Every repeated measurement, by key; medians are taken at the end. */
export const runs = new Map<string, Array<Record<string, number>>>();
export function record(key: string, r: Record<string, number>) {
  const list = runs.get(key) ?? [];
  list.push(r);
  runs.set(key, list);
}
export function summary(key: string): Stat | undefined {
  const list = runs.get(key);
  return list ? medianOf(list) : undefined;
}

/**
 * What autovacuum does on a live database (it is switched off on this machine's server): dead rows
 * vacuumed, statistics fresh, between runs.
 */
export async function analyze(admin: pg.Pool) {
  for (const t of ["Hold", "Cart", "CartLine", "InventoryItem", "StockMovement", "Variant", "Product", "RateLimitBucket"]) {
    await admin.query(`VACUUM (ANALYZE) "${t}"`);
  }
}

export function log(msg: string) {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function loadRecord(r: LoadResult, extra: Record<string, number> = {}): Record<string, number> {
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

/** Runs `fn` (a load of `units(r)` holds) under a CPU meter: client (this process, or `appPid`) and database. */
export async function metered<T>(admin: pg.Pool, fn: () => Promise<T>, units: (r: T) => number, appPid?: number): Promise<{ r: T; cpu: Record<string, number> }> {
  const meter = await startCpuMeter(admin, BENCH_DB, appPid);
  const r = await fn();
  const cpu = await meter.stop(units(r));
  return { r, cpu: appPid ? { appCpuMsPerHold: cpu.appCpuMsPerHold, dbCpuMsPerHold: cpu.dbCpuMsPerHold } : { clientCpuMsPerHold: cpu.appCpuMsPerHold, dbCpuMsPerHold: cpu.dbCpuMsPerHold } };
}
