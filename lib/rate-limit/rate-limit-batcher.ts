// Rate limits for the hot path (cart writes): counted in this process and reported to PostgreSQL in
// batches, so a request far from its limits costs no database round trip, while every instance still
// shares one count per bucket.
//
// Each bucket's estimate is the count the database last reported plus what this process has counted
// since. A bucket this process has not heard of in its current window is counted synchronously (so
// the process learns what the other instances counted); after that, while the estimate stays within
// `syncShare` of the limit, a request is admitted from memory; past it, every request is counted
// synchronously again (with this process's pending counts), so a refusal is exact and carries the
// database's Retry-After. Pending counts are reported at least every `flushEveryMs` (the HTTP layer
// calls flush() after responses), and each report brings back the shared totals. The bound this
// trades: a bucket may overshoot its limit by what other instances admitted from memory since their
// last report (each at most `syncShare` of the limit, minus what it knew), and counts pending in an
// instance that dies are lost (in favour of the client). Within one instance the limit is exact.
import {
  activeRules,
  addToBuckets,
  consumeRateLimits,
  decideRateLimits,
  type RateLimitDecision,
  type RateLimitDenialCache,
  type RateLimitRule,
  type SqlClient,
} from "@/lib/rate-limit/consume-rate-limits";

type Deps = { db: SqlClient; now: Date };

type BucketState = {
  /** The count the database reported last (0 when unknown or the window has ended). */
  known: number;
  /** When that window ends, in epoch ms (0: unknown). */
  resetAt: number;
  /** Requests admitted here and not yet reported. */
  pending: number;
  windowSeconds: number;
};

export type RateLimitBatcherOptions = {
  /** Share of a limit admitted from memory before counting turns synchronous (default 0.8). */
  syncShare?: number;
  /** Report pending counts at least this often (default 100 ms). */
  flushEveryMs?: number;
  /** Buckets remembered at most; past that, unknown buckets are counted synchronously (default 50,000). */
  maxBuckets?: number;
};

export class RateLimitBatcher {
  private readonly buckets = new Map<string, BucketState>();
  private readonly syncShare: number;
  private readonly flushEveryMs: number;
  private readonly maxBuckets: number;
  private lastFlushAt = 0;
  private flushing: Promise<void> | null = null;

  constructor(options: RateLimitBatcherOptions = {}) {
    this.syncShare = options.syncShare ?? 0.8;
    this.flushEveryMs = options.flushEveryMs ?? 100;
    this.maxBuckets = options.maxBuckets ?? 50_000;
  }

  /** Counts one request against every rule, from memory when all are far from their limits. */
  async consume(deps: Deps, rules: readonly RateLimitRule[], options: { cache?: RateLimitDenialCache } = {}): Promise<RateLimitDecision> {
    const active = activeRules(rules);
    if (active.length === 0) return { allowed: true };
    const cached = options.cache?.find(active, deps.now);
    if (cached) return cached;
    const now = deps.now.getTime();
    const states = active.map((r) => this.stateOf(r, now));
    if (states.some((s) => s === null)) return consumeRateLimits(deps, active, options); // too many buckets to remember
    const known = states as BucketState[];
    const fromMemory = active.every((r, i) => known[i]!.resetAt !== 0 && known[i]!.known + known[i]!.pending + 1 <= Math.floor(r.limit * this.syncShare));
    if (fromMemory) {
      for (const s of known) s.pending += 1;
      return { allowed: true };
    }
    // A bucket new to this process, or near its limit: count exactly, reporting what this process still holds.
    const entries = active.map((r, i) => ({ key: r.key, delta: known[i]!.pending + 1, windowSeconds: r.windowSeconds }));
    for (const s of known) s.pending = 0;
    let counts;
    try {
      counts = await addToBuckets(deps, entries);
    } catch (e) {
      entries.forEach((e2, i) => (known[i]!.pending += e2.delta - 1));
      throw e;
    }
    active.forEach((r, i) => {
      const c = counts.get(r.key);
      if (c) Object.assign(known[i]!, { known: c.count, resetAt: c.resetAt.getTime() });
    });
    return decideRateLimits(active, counts, deps.now, options.cache);
  }

  /** True when counts are pending and the last report is older than flushEveryMs. */
  shouldFlush(now: Date): boolean {
    if (this.flushing || now.getTime() - this.lastFlushAt < this.flushEveryMs) return false;
    for (const s of this.buckets.values()) if (s.pending > 0) return true;
    return false;
  }

  /** Reports every pending count in one upsert and learns the buckets' totals; forgets ended windows. */
  flush(deps: Deps): Promise<void> {
    this.flushing ??= this.report(deps).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** How many requests are counted here and not yet reported (tests, metrics). */
  pendingCount(): number {
    let n = 0;
    for (const s of this.buckets.values()) n += s.pending;
    return n;
  }

  private async report(deps: Deps): Promise<void> {
    this.lastFlushAt = deps.now.getTime();
    const taken: Array<{ key: string; delta: number; windowSeconds: number; state: BucketState }> = [];
    for (const [key, state] of this.buckets) {
      if (state.pending > 0) {
        taken.push({ key, delta: state.pending, windowSeconds: state.windowSeconds, state });
        state.pending = 0;
      }
    }
    try {
      for (let i = 0; i < taken.length; i += 1000) {
        const chunk = taken.slice(i, i + 1000);
        const counts = await addToBuckets(deps, chunk);
        for (const t of chunk) {
          const c = counts.get(t.key);
          if (c) Object.assign(t.state, { known: c.count, resetAt: c.resetAt.getTime() });
        }
      }
    } catch (e) {
      // Not reported: counted again next time (a chunk that did land may then count twice: stricter, never looser).
      for (const t of taken) t.state.pending += t.delta;
      throw e;
    } finally {
      const now = deps.now.getTime();
      for (const [key, s] of this.buckets) if (s.pending === 0 && s.resetAt !== 0 && s.resetAt <= now) this.buckets.delete(key);
    }
  }

  /** The bucket's state (reset when its window has ended), or null when no more buckets fit. */
  private stateOf(rule: RateLimitRule, now: number): BucketState | null {
    let s = this.buckets.get(rule.key);
    if (!s) {
      if (this.buckets.size >= this.maxBuckets) return null;
      s = { known: 0, resetAt: 0, pending: 0, windowSeconds: rule.windowSeconds };
      this.buckets.set(rule.key, s);
    } else if (s.resetAt !== 0 && s.resetAt <= now) {
      s.known = 0;
      s.resetAt = 0;
    }
    return s;
  }
}
