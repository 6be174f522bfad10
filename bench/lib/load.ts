// A closed-loop load generator: N concurrent clients, each issuing one request after another until
// its operation says stop or the time budget runs out. Records every request's latency and outcome.
import { nowMs, percentile, round } from "./stats";

/** ok: a unit was held (or the request succeeded); stop: this client is done (e.g. sold out). */
export type Outcome = { kind: "ok" | "stop" | "error"; label?: string };

export type LoadResult = {
  clients: number;
  requests: number;
  ok: number;
  stops: number;
  errors: number;
  errorLabels: Record<string, number>;
  /** ms from the first request's start to the last successful response. */
  okElapsedMs: number;
  /** ms from the first request's start to the last client's end. */
  elapsedMs: number;
  okPerSec: number;
  p50: number;
  p99: number;
  max: number;
  timedOut: boolean;
  /** [startMs, latencyMs] per request, for windowed percentiles (relative to the run's start). */
  samples: Array<[number, number]>;
};

export async function runClosedLoop(options: {
  clients: number;
  maxDurationMs: number;
  /** Stop every client after this many ok outcomes in total (e.g. a fixed-size window). */
  maxOk?: number;
  op: (client: number, seq: number) => Promise<Outcome>;
}): Promise<LoadResult> {
  const { clients, maxDurationMs, op } = options;
  const samples: Array<[number, number]> = [];
  const errorLabels: Record<string, number> = {};
  let ok = 0;
  let stops = 0;
  let errors = 0;
  let lastOk = 0;
  let timedOut = false;
  const t0 = nowMs();
  const deadline = t0 + maxDurationMs;

  async function client(i: number) {
    for (let seq = 0; ; seq++) {
      if (nowMs() > deadline) {
        timedOut = true;
        return;
      }
      if (options.maxOk !== undefined && ok >= options.maxOk) return;
      const start = nowMs();
      let outcome: Outcome;
      try {
        outcome = await op(i, seq);
      } catch (e) {
        outcome = { kind: "error", label: (e as { code?: string }).code ?? (e as Error).message?.slice(0, 80) ?? "thrown" };
      }
      const end = nowMs();
      samples.push([start - t0, end - start]);
      if (outcome.kind === "ok") {
        ok++;
        lastOk = end;
      } else if (outcome.kind === "stop") {
        stops++;
        return;
      } else {
        errors++;
        const label = outcome.label ?? "error";
        errorLabels[label] = (errorLabels[label] ?? 0) + 1;
        if (errors > 50_000) return;
      }
    }
  }

  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const end = nowMs();
  const latencies = samples.map((s) => s[1]);
  const okElapsedMs = lastOk > 0 ? lastOk - t0 : end - t0;
  return {
    clients,
    requests: samples.length,
    ok,
    stops,
    errors,
    errorLabels,
    okElapsedMs: round(okElapsedMs, 1),
    elapsedMs: round(end - t0, 1),
    okPerSec: round((ok / okElapsedMs) * 1000, 1),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    max: round(percentile(latencies, 100), 2),
    timedOut,
    samples,
  };
}

/** p99 (and p50) of the requests that started inside [fromMs, toMs) of a run. */
export function windowStats(samples: ReadonlyArray<[number, number]>, fromMs: number, toMs: number) {
  const lat = samples.filter(([s]) => s >= fromMs && s < toMs).map(([, l]) => l);
  return { n: lat.length, p50: round(percentile(lat, 50), 2), p99: round(percentile(lat, 99), 2) };
}

/** A counting semaphore: at most `limit` holders at once, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiters.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export function stripSamples<T extends { samples?: unknown }>(r: T): Omit<T, "samples"> {
  const { samples: _samples, ...rest } = r;
  return rest;
}
