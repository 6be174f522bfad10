// bench/results.json from the recorded runs: the medians per scenario, the levers, and the
// ratios between them (targets are evaluated afterwards, in bench/lib/report.ts).
import { execSync } from "node:child_process";
import { SWEEP_SHARES } from "@/lib/inventory/sweep-lapsed-holds";
import { COMMIT_MODES, type CommitMode } from "./engine-variants";
import type { BurstResult } from "./http-scenarios";
import { CONCURRENCY, summary, SWEEP_BATCH, type Options } from "./measurements";
import type { PagesResult } from "./pages";
import type { Results } from "./report";
import { ratio } from "./stats";

export type StockMeta = { bytes: number; cacheControl: string | undefined; firstStatus: number };
export type HttpOutcome = { skipped: string } | { httpLevers: string[]; burst: BurstResult[]; burstOversold: number; stockMeta: StockMeta | undefined };

function gitCommit(): string {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export function assemble(
  o: Options,
  machine: Record<string, unknown>,
  dbMeta: { leverPools: number[]; gates: number[]; buckets: number[] } | undefined,
  http: HttpOutcome,
  pages: PagesResult,
  notes: string[],
): Results {
  const byConcurrency = (prefix: string) => Object.fromEntries(CONCURRENCY.map((c) => [String(c), summary(`${prefix}.${c}`)]).filter(([, v]) => v));
  const modes: Results["hotItem"]["modes"] = {};
  for (const mode of COMMIT_MODES) {
    const dbPhase = byConcurrency(`hot.db.${mode}`);
    const paired = byConcurrency(`hot.pair.${mode}`);
    const httpRuns = byConcurrency(`hot.http.${mode}`);
    // With HTTP runs, each was paired with a ceiling run right before it: the median of those
    // ratios. A database-only run (--only=db) has no pairs: its ceiling stands alone.
    const httpVsCeiling = Object.fromEntries(CONCURRENCY.map((c) => [String(c), httpRuns[String(c)]?.median.vsCeiling ?? Number.NaN]));
    const dbCeiling = Object.keys(paired).length ? paired : dbPhase;
    modes[mode] = { http: httpRuns, dbCeiling, dbCeilingDbPhase: dbPhase, holdAlone64: summary(`hold.db.${mode}.64`), httpVsCeiling };
  }
  const common = { sync: byConcurrency("common.sync"), async: { "64": summary("common.async.64") } };
  const hold = (mode: CommitMode) => modes[mode]?.holdAlone64?.median.holdsPerSec ?? Number.NaN;
  const commonAt64 = (mode: CommitMode) => (mode === "sync" ? common.sync["64"] : common.async["64"])?.median.holdsPerSec ?? Number.NaN;
  const burst = "skipped" in http ? [] : http.burst;
  const worstBurst = burst.reduce<BurstResult | undefined>((a, b) => (!a || b.disallowed > a.disallowed ? b : a), undefined);
  const levers: Results["levers"] = {
    commit: { async: summary("hot.db.async.64"), sync: summary("hot.db.sync.64") },
    poolSize: Object.fromEntries([...(dbMeta?.leverPools ?? []), o.poolSize].sort((a, b) => a - b).map((s) => [String(s), summary(s === o.poolSize ? "hot.db.async.64" : `lever.pool.${s}`)])),
    http: Object.fromEntries([
      [`as shipped (DATABASE_POOL_SIZE=${o.poolSize})`, summary("hot.http.async.64")],
      ...("skipped" in http ? [] : http.httpLevers).map((name) => [name, summary(`lever.http.${name}`)]),
    ]),
    gate: Object.fromEntries([["none", summary("hot.db.async.64")], ...(dbMeta?.gates ?? []).map((g) => [String(g), summary(`lever.gate.${g}`)])]),
    mixed: { none: summary("lever.mixed.0"), gate2: summary("lever.mixed.2") },
    buckets: Object.fromEntries((["sync", "async"] as const).map((commit) => [commit, Object.fromEntries((dbMeta?.buckets ?? []).map((n) => [String(n), summary(`lever.buckets.${commit}.${n}`)]))])),
    sweepShares: { [String(SWEEP_SHARES)]: summary("sweep.alone"), "1": summary("sweep.alone-one-share") },
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
        sweepHolds: o.sweepHolds,
        sweepBatch: SWEEP_BATCH,
        sweepShares: SWEEP_SHARES,
        windowMs: o.windowMs,
      },
      durationSeconds: 0,
      loadAverageAtEnd: [],
      notes,
    },
    hotItem: {
      modes,
      commonDesign: common,
      oursVsCommon64: {
        "both async (as we ship a hold)": ratio(hold("async"), commonAt64("async")),
        "both sync": ratio(hold("sync"), commonAt64("sync")),
        "ours async, theirs sync (each as shipped)": ratio(hold("async"), commonAt64("sync")),
      },
    },
    burst: "skipped" in http ? { skipped: http.skipped } : worstBurst ? { worst: worstBurst, runs: burst.length, oversold: http.burstOversold } : { skipped: "no runs" },
    soldOut: { db: summary("storm.db"), http: summary("storm.http") },
    spread: {
      db: Object.fromEntries(COMMIT_MODES.map((m) => [m, summary(`spread.db.${m}`)])),
      http: Object.fromEntries(COMMIT_MODES.map((m) => [m, summary(`spread.http.${m}`)])),
    },
    sweep: { alone: summary("sweep.alone"), db: summary("sweep.db"), http: summary("sweep.http") },
    stockRoute:
      "skipped" in http
        ? { skipped: http.skipped }
        : http.stockMeta
          ? { concurrency1: summary("stock.c1"), concurrency16: summary("stock.c16"), concurrency16SharedCache: summary("stock.c16.cached"), ...http.stockMeta }
          : { skipped: "no runs" },
    pages,
    levers,
    targets: [],
  };
}
