// Scenarios over HTTP against the production server: every shopper request is a real
// `POST /api/stores/{store}/cart/items` with no cookie, so each one opens a new cart.
import type { Sellable, Store } from "./database";
import { createAgent, errorCode, request } from "./http-client";
import { runClosedLoop, type LoadResult, type Outcome } from "./load";
import { nowMs, percentile, round } from "./stats";

function addPath(store: Store) {
  return `/api/stores/${store.slug}/cart/items`;
}

let runCounter = 0;

/**
 * Each simulated shopper is its own client: a distinct address in X-Forwarded-For (the app's rate
 * limiter keys on the last entry, as behind Vercel's proxy), fresh for every run so that limits
 * counted in earlier runs never leak into this one. Without it, every request of the benchmark
 * would share one per-IP bucket (one hot row of its own) and be refused past its limit.
 */
export function shopperAddresses(): (shopper: number) => string {
  const run = ++runCounter % 250;
  return (shopper) => `10.${run}.${Math.floor(shopper / 250) % 250}.${(shopper % 250) + 1}`;
}

/** One add-to-cart over HTTP, mapped to an outcome (409 INSUFFICIENT_STOCK: sold out, stop). */
function addOneOverHttp(baseUrl: string, store: Store, agent: ReturnType<typeof createAgent>) {
  const addressOf = shopperAddresses();
  return async (variantId: string, shopper: number): Promise<Outcome> => {
    const res = await request(agent, baseUrl, {
      method: "POST",
      path: addPath(store),
      body: { variantId, quantity: 1 },
      headers: { "x-forwarded-for": addressOf(shopper) },
    });
    if (res.status === 200 || res.status === 201) return { kind: "ok" };
    const code = errorCode(res.body);
    if (res.status === 409 && code === "INSUFFICIENT_STOCK") return { kind: "stop", label: code };
    return { kind: "error", label: `${res.status} ${code ?? ""}`.trim() };
  };
}

/** `clients` shoppers in a closed loop, each step one add over HTTP on a shared keep-alive agent. */
async function addLoop(
  baseUrl: string,
  store: Store,
  options: { clients: number; maxDurationMs: number },
  step: (add: ReturnType<typeof addOneOverHttp>, client: number) => Promise<Outcome>,
): Promise<LoadResult> {
  const agent = createAgent(options.clients);
  const add = addOneOverHttp(baseUrl, store, agent);
  try {
    return await runClosedLoop({ clients: options.clients, maxDurationMs: options.maxDurationMs, op: (client) => step(add, client) });
  } finally {
    agent.destroy();
  }
}

export function runHotItemOverHttp(
  baseUrl: string,
  store: Store,
  item: Sellable,
  options: { clients: number; maxDurationMs: number },
): Promise<LoadResult> {
  return addLoop(baseUrl, store, options, (add, client) => add(item.variantId, client));
}

export function runSpreadOverHttp(
  baseUrl: string,
  store: Store,
  items: Sellable[],
  options: { clients: number; durationMs: number; stopSignal?: { stop: boolean } },
): Promise<LoadResult> {
  return addLoop(baseUrl, store, { clients: options.clients, maxDurationMs: options.durationMs }, async (add, client) => {
    if (options.stopSignal?.stop) return { kind: "stop" };
    const it = items[client % items.length];
    if (!it) throw new Error("no item");
    return add(it.variantId, client);
  });
}

export type BurstResult = {
  requests: number;
  statuses: Record<string, number>;
  /** 200, 409, or 503/429 carrying Retry-After. */
  allowed: number;
  disallowed: number;
  disallowedExamples: string[];
  fiveHundredsOtherThan503: number;
  retryAfterMissing: number;
  ok: number;
  elapsedMs: number;
  p50: number;
  p99: number;
};

/** Scenario 2: `count` add-to-cart requests fired at once, each on its own connection. */
export async function runBurst(baseUrl: string, store: Store, item: Sellable, count: number): Promise<BurstResult> {
  const agent = createAgent(count);
  const statuses: Record<string, number> = {};
  const examples: string[] = [];
  const latencies: number[] = [];
  let allowed = 0;
  let fiveHundreds = 0;
  let retryAfterMissing = 0;
  let ok = 0;
  const addressOf = shopperAddresses();
  const t0 = nowMs();
  try {
    await Promise.all(
      Array.from({ length: count }, async (_, shopper) => {
        const start = nowMs();
        let status = 0;
        let label: string;
        let good = false;
        try {
          const res = await request(agent, baseUrl, {
            method: "POST",
            path: addPath(store),
            body: { variantId: item.variantId, quantity: 1 },
            headers: { "x-forwarded-for": addressOf(shopper) },
            timeoutMs: 120_000,
          });
          status = res.status;
          const code = errorCode(res.body);
          label = `${status}${code ? ` ${code}` : ""}`;
          if (status === 200) {
            good = true;
            ok++;
          } else if (status === 409) good = true;
          else if (status === 503 || status === 429) {
            good = res.headers["retry-after"] !== undefined;
            if (!good) retryAfterMissing++;
          }
          if (status >= 500 && status !== 503) fiveHundreds++;
        } catch (e) {
          label = `network ${(e as { code?: string }).code ?? (e as Error).message}`;
        }
        latencies.push(nowMs() - start);
        statuses[label] = (statuses[label] ?? 0) + 1;
        if (good) allowed++;
        else if (examples.length < 5) examples.push(label);
      }),
    );
  } finally {
    agent.destroy();
  }
  return {
    requests: count,
    statuses,
    allowed,
    disallowed: count - allowed,
    disallowedExamples: examples,
    fiveHundredsOtherThan503: fiveHundreds,
    retryAfterMissing,
    ok,
    elapsedMs: round(nowMs() - t0, 1),
    p50: round(percentile(latencies, 50), 1),
    p99: round(percentile(latencies, 99), 1),
  };
}

/** Scenario 5: `GET /api/stores/{store}/stock?variantIds=` with `ids` (100) per call. */
export async function runStockRoute(
  baseUrl: string,
  store: Store,
  variantIds: string[],
  options: { clients: number; durationMs: number },
): Promise<LoadResult & { bytes: number; cacheControl: string | undefined; firstStatus: number }> {
  const agent = createAgent(options.clients);
  const path = `/api/stores/${store.slug}/stock?variantIds=${variantIds.map(encodeURIComponent).join(",")}`;
  let bytes = 0;
  let cacheControl: string | undefined;
  let firstStatus = 0;
  try {
    const result = await runClosedLoop({
      clients: options.clients,
      maxDurationMs: options.durationMs,
      op: async () => {
        const res = await request(agent, baseUrl, { method: "GET", path });
        if (!firstStatus) {
          firstStatus = res.status;
          bytes = res.body.length;
          const cc = res.headers["cache-control"];
          cacheControl = Array.isArray(cc) ? cc.join(", ") : cc;
        }
        return res.status === 200 ? { kind: "ok" } : { kind: "error", label: `${res.status} ${errorCode(res.body) ?? ""}`.trim() };
      },
    });
    return { ...result, okPerSec: round((result.ok / result.elapsedMs) * 1000, 1), bytes, cacheControl, firstStatus };
  } finally {
    agent.destroy();
  }
}

/** The sold-out storm over HTTP: every answer must be 409 INSUFFICIENT_STOCK (counted as ok). */
export function runSoldOutStormOverHttp(
  baseUrl: string,
  store: Store,
  item: Sellable,
  options: { clients: number; durationMs: number },
): Promise<LoadResult> {
  return addLoop(baseUrl, store, { clients: options.clients, maxDurationMs: options.durationMs }, async (add, client) => {
    const r = await add(item.variantId, client);
    return r.kind === "stop" ? { kind: "ok" } : { kind: "error", label: r.kind === "ok" ? "GRANTED (oversold?)" : r.label };
  });
}
