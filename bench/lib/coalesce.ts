// Issue 23's scenarios (`--only=coalesce`, part of the default run): coalesced holds against
// HOLD_COALESCING=off, side by side. Two production servers on the same build and database, one
// with coalescing on and one with it off, measured ALTERNATELY (the order flips every repetition)
// so that a shared host's drift lands on both; /api/health at the same concurrency in the same
// minutes as the reference for what the app can answer at all.
import type pg from "pg";
import { auditItem, BENCH_DB, createSellables, type Sellable, type Store } from "./database";
import { startCpuMeter } from "./cpu";
import { createAgent, request } from "./http-client";
import { runBurst, runHotItemOverHttp, runSpreadOverHttp, type BurstResult } from "./http-scenarios";
import { runClosedLoop, type LoadResult } from "./load";
import { startApp, type RunningApp } from "./server";
import { medianOf, ratio, type Stat } from "./stats";

export const COALESCE_CONCURRENCY = [64, 256] as const;
export const BURST_UNITS = 37;
export const BURST_REQUESTS = 1000;

type Mode = "on" | "off";

export type CoalesceResults = {
  config: { ports: Record<Mode, number>; stock: number; reps: number; windowMs: number };
  /** Holds/s, p50, p99, CPU per hold, oversold: by mode, then shoppers. */
  hot: Record<Mode, Record<string, Stat | undefined>>;
  /** GET /api/health on the coalescing server, requests/s and latency, by shoppers (clients). */
  health: Record<string, Stat | undefined>;
  /** Per repetition: on ÷ off (holds/s), on ÷ health (rate), on p99 ÷ health p99; medians. */
  ratios: Record<string, { onVsOff: number; onVsHealth: number; p99VsHealth: number }>;
  /** 64 shoppers over 64 items: holds/s by mode; on ÷ off per repetition, median. */
  spread: Record<Mode, Stat | undefined> & { onVsOff: number };
  /** 1,000 adds at once on 37 units, by mode: the worst run, exactly 37 held. */
  burst: Record<Mode, { worst: BurstResult; held: number; oversold: number; runs: number } | undefined>;
  serverErrorLines: Record<Mode, number>;
};

export type CoalesceOptions = { port: number; port2: number; poolSize: number; stock: number; reps: number; windowMs: number; maxDurationMs: number };

function healthLoad(baseUrl: string, clients: number, durationMs: number): Promise<LoadResult> {
  const agent = createAgent(clients);
  return runClosedLoop({
    clients,
    maxDurationMs: durationMs,
    op: async () => {
      const res = await request(agent, baseUrl, { method: "GET", path: "/api/health" });
      return res.status === 200 ? { kind: "ok" } : { kind: "error", label: String(res.status) };
    },
  }).finally(() => agent.destroy());
}

export async function runCoalesceScenarios(
  url: string,
  admin: pg.Pool,
  store: Store,
  o: CoalesceOptions,
  log: (msg: string) => void,
): Promise<CoalesceResults> {
  const ports: Record<Mode, number> = { on: o.port, off: o.port2 };
  const runs = new Map<string, Array<Record<string, number>>>();
  const rec = (key: string, r: Record<string, number>) => runs.set(key, [...(runs.get(key) ?? []), r]);
  const stat = (key: string) => (runs.has(key) ? medianOf(runs.get(key)!) : undefined);
  const burstRuns: Record<Mode, Array<{ r: BurstResult; held: number; oversold: number }>> = { on: [], off: [] };
  const apps: Partial<Record<Mode, RunningApp>> = {};
  const spreadItems = await createSellables(admin, store, 64, 1_000_000, "cspread");
  try {
    for (const mode of ["on", "off"] as const) {
      apps[mode] = await startApp(url, { port: ports[mode], poolSize: o.poolSize, env: { HOLD_COALESCING: mode } });
      const [w] = await createSellables(admin, store, 1, 300, `cwarm${mode}`);
      if (w) await runHotItemOverHttp(apps[mode].baseUrl, store, w, { clients: 16, maxDurationMs: 20_000 });
      log(`coalesce: server HOLD_COALESCING=${mode} up at ${apps[mode].baseUrl}`);
    }
    const app = (mode: Mode) => apps[mode]!;
    for (let rep = 1; rep <= o.reps; rep++) {
      log(`coalesce: repetition ${rep}/${o.reps}`);
      // Alternate: on first in odd repetitions, off first in even ones.
      const order: Mode[] = rep % 2 ? ["on", "off"] : ["off", "on"];
      for (const c of COALESCE_CONCURRENCY) {
        const perRep: Partial<Record<Mode, Record<string, number>>> = {};
        for (const mode of order) {
          const [item] = await createSellables(admin, store, 1, o.stock, `c${mode}${c}`);
          if (!item) throw new Error("no item");
          const meter = await startCpuMeter(admin, BENCH_DB, app(mode).child.pid);
          const r = await runHotItemOverHttp(app(mode).baseUrl, store, item, { clients: c, maxDurationMs: o.maxDurationMs });
          const cpu = await meter.stop(r.ok);
          const audit = await auditItem(admin, item.itemId);
          perRep[mode] = {
            holdsPerSec: r.okPerSec,
            p50: r.p50,
            p99: r.p99,
            errors: r.errors,
            oversold: audit.oversold,
            inconsistent: audit.consistent ? 0 : 1,
            held: audit.activeHeld,
            ...cpu,
          };
          rec(`hot.${mode}.${c}`, perRep[mode]);
        }
        const health = await healthLoad(app("on").baseUrl, c, o.windowMs);
        rec(`health.${c}`, { requestsPerSec: health.okPerSec, p50: health.p50, p99: health.p99, errors: health.errors });
        rec(`ratio.${c}`, {
          onVsOff: ratio(perRep.on!.holdsPerSec!, perRep.off!.holdsPerSec!),
          onVsHealth: ratio(perRep.on!.holdsPerSec!, health.okPerSec),
          p99VsHealth: ratio(perRep.on!.p99!, health.p99),
        });
      }
      // No hot item: 64 shoppers over 64 items.
      const spread: Partial<Record<Mode, number>> = {};
      for (const mode of order) {
        const r = await runSpreadOverHttp(app(mode).baseUrl, store, spreadItems, { clients: 64, durationMs: o.windowMs });
        spread[mode] = r.okPerSec;
        rec(`spread.${mode}`, { holdsPerSec: r.okPerSec, p50: r.p50, p99: r.p99, errors: r.errors });
      }
      rec("spread.ratio", { onVsOff: ratio(spread.on!, spread.off!) });
      // The burst: 1,000 adds at once on 37 units.
      for (const mode of order) {
        const [item] = await createSellables(admin, store, 1, BURST_UNITS, `cburst${mode}`);
        if (!item) throw new Error("no item");
        const r = await runBurst(app(mode).baseUrl, store, item as Sellable, BURST_REQUESTS);
        const audit = await auditItem(admin, item.itemId);
        burstRuns[mode].push({ r, held: audit.activeHeld, oversold: audit.oversold });
      }
    }
  } finally {
    for (const a of Object.values(apps)) await a?.stop();
  }
  const ratios: CoalesceResults["ratios"] = {};
  for (const c of COALESCE_CONCURRENCY) {
    const s = stat(`ratio.${c}`);
    if (s) ratios[String(c)] = { onVsOff: s.median.onVsOff ?? Number.NaN, onVsHealth: s.median.onVsHealth ?? Number.NaN, p99VsHealth: s.median.p99VsHealth ?? Number.NaN };
  }
  const worstBurst = (mode: Mode) => {
    const list = burstRuns[mode];
    if (list.length === 0) return undefined;
    const worst = list.reduce((a, b) => (b.r.disallowed > a.r.disallowed || b.held !== BURST_UNITS ? b : a));
    return { worst: worst.r, held: worst.held, oversold: Math.max(...list.map((x) => x.oversold)), runs: list.length };
  };
  const byC = (prefix: string) => Object.fromEntries(COALESCE_CONCURRENCY.map((c) => [String(c), stat(`${prefix}.${c}`)]));
  return {
    config: { ports, stock: o.stock, reps: o.reps, windowMs: o.windowMs },
    hot: { on: byC("hot.on"), off: byC("hot.off") },
    health: byC("health"),
    ratios,
    spread: { on: stat("spread.on"), off: stat("spread.off"), onVsOff: stat("spread.ratio")?.median.onVsOff ?? Number.NaN },
    burst: { on: worstBurst("on"), off: worstBurst("off") },
    serverErrorLines: { on: apps.on?.errorLines() ?? 0, off: apps.off?.errorLines() ?? 0 },
  };
}

// ---- report ---------------------------------------------------------------------------------

const f = (v: number | undefined, digits = 0): string => (v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : "—");
const x = (v: number | undefined): string => (v !== undefined && Number.isFinite(v) ? `${v.toFixed(2)}×` : "—");
const med = (s: Stat | undefined, k: string) => s?.median[k];

type TargetLike = { id: string; description: string; target: string; measured: string; met: boolean | null; margin: string };

function check(id: string, description: string, targetText: string, value: number | undefined, goal: number, higherIsBetter: boolean, show: (v: number) => string): TargetLike {
  if (value === undefined || !Number.isFinite(value)) return { id, description, target: targetText, measured: "not measured", met: null, margin: "—" };
  const met = higherIsBetter ? value >= goal : value <= goal;
  const by = higherIsBetter ? value / goal : goal / value;
  return { id, description, target: targetText, measured: show(value), met, margin: `${met ? "met" : "missed"} by ${f(Math.abs(by - 1) * 100)}% (${f(by, 2)}×)` };
}

export function coalesceTargets(r: CoalesceResults | undefined): TargetLike[] {
  const out: TargetLike[] = [];
  for (const c of COALESCE_CONCURRENCY.map(String)) {
    const q = r?.ratios[c];
    out.push(check(`coalesce-vs-off-${c}`, `Hot item over HTTP, ${c} shoppers: coalesced holds/s vs HOLD_COALESCING=off (alternating, same run)`, "≥ 2×", q?.onVsOff, 2, true, x));
    out.push(check(`coalesce-vs-health-${c}`, `Hot item over HTTP, ${c} shoppers: coalesced holds/s vs /api/health's request rate at ${c} clients`, "≥ 75%", q?.onVsHealth, 0.75, true, (v) => `${(v * 100).toFixed(0)}%`));
    out.push(check(`coalesce-p99-${c}`, `Hot item over HTTP, ${c} shoppers: coalesced p99 vs /api/health's p99 at ${c} clients`, "≤ 2×", q?.p99VsHealth, 2, false, x));
  }
  out.push(check("coalesce-spread", "64 shoppers over 64 items: coalesced vs off (cost of coalescing without a hot item)", "≥ 0.95×", r?.spread.onVsOff, 0.95, true, x));
  for (const mode of ["on", "off"] as const) {
    const b = r?.burst[mode];
    const good = b ? b.worst.disallowed === 0 && b.oversold === 0 && b.held === BURST_UNITS : null;
    out.push({
      id: `coalesce-burst-${mode}`,
      description: `Burst of ${BURST_REQUESTS} adds on ${BURST_UNITS} units, HOLD_COALESCING=${mode}: exactly ${BURST_UNITS} held; only 200/409 or 429/503 with Retry-After`,
      target: `${BURST_UNITS} held, 0 other answers, 0 oversold`,
      measured: b ? `${b.held} held, ${b.worst.disallowed} other answers, ${b.oversold} oversold (worst of ${b.runs})` : "not measured",
      met: good,
      margin: good === null ? "—" : good ? "met" : "missed",
    });
  }
  return out;
}

export function renderCoalesceTable(r: CoalesceResults | undefined, cpuModel: string): string {
  if (!r) return "";
  const rows: string[][] = [];
  for (const c of COALESCE_CONCURRENCY.map(String)) {
    const on = r.hot.on[c];
    const off = r.hot.off[c];
    const h = r.health[c];
    const q = r.ratios[c];
    rows.push([
      c,
      f(med(on, "holdsPerSec")),
      f(med(off, "holdsPerSec")),
      x(q?.onVsOff),
      f(med(h, "requestsPerSec")),
      q ? `${f((q.onVsHealth ?? Number.NaN) * 100)}%` : "—",
      `${f(med(on, "p99"), 1)}/${f(med(off, "p99"), 1)}/${f(med(h, "p99"), 1)}`,
      `${f(med(on, "appCpuMsPerHold"), 2)}/${f(med(on, "dbCpuMsPerHold"), 2)}`,
      `${f(med(off, "appCpuMsPerHold"), 2)}/${f(med(off, "dbCpuMsPerHold"), 2)}`,
      f(Math.max(0, ...[on, off].flatMap((s) => s?.runs.map((x) => x.oversold ?? 0) ?? []))),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const headers = ["shoppers", "on holds/s", "off holds/s", "on/off", "health req/s", "on/health", "p99 on/off/health ms", "CPU ms on app/db", "CPU ms off app/db", "oversold"];
  const w = headers.map((hd, i) => Math.max(hd.length, widths[i] ?? 0));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(w[i]!) : cell.padStart(w[i]!))).join("  ");
  const burst = (["on", "off"] as const)
    .map((m) => {
      const b = r.burst[m];
      return b ? `${m}: ${b.held} held, statuses ${JSON.stringify(b.worst.statuses)}, ${b.oversold} oversold` : `${m}: not run`;
    })
    .join("; ");
  return [
    `\nCoalesced holds (issue 23; CPU: ${cpuModel}): two servers on one build, HOLD_COALESCING=on and =off, measured alternately; ${r.config.stock} units a run, medians of ${r.config.reps}.`,
    line(headers),
    w.map((n) => "-".repeat(n)).join("  "),
    ...rows.map(line),
    `64 shoppers over 64 items: on ${f(med(r.spread.on, "holdsPerSec"))} holds/s, off ${f(med(r.spread.off, "holdsPerSec"))} holds/s (on/off ${x(r.spread.onVsOff)}).`,
    `Burst of ${BURST_REQUESTS} adds on ${BURST_UNITS} units (worst run): ${burst}.`,
    `Server error lines: on ${r.serverErrorLines.on}, off ${r.serverErrorLines.off}.`,
  ].join("\n");
}

