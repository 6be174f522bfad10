// Fixed-window rate limits counted in PostgreSQL, so every app instance (serverless or not) shares
// one count: a single atomic upsert per request checks all of its rules at once.
import type { Prisma } from "@/lib/db";

export type SqlClient = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export type RateLimitRule = {
  /** Which limit this is ("cart-ip", "signin-account", …): reported back when it refuses. */
  name: string;
  /** The bucket: name + subject, already free of personal data (see rateLimitKey). */
  key: string;
  /** Requests allowed per window; 0 or less switches the rule off. */
  limit: number;
  windowSeconds: number;
};

export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; rule: string; limit: number; windowSeconds: number; retryAfterSeconds: number; resetAt: Date };

/** A bucket as the database left it: its count in the current window and when that window ends. */
export type BucketCount = { count: number; resetAt: Date };

/** The rules that count: switched-on ones, each bucket once (the stricter limit when named twice). */
export function activeRules(rules: readonly RateLimitRule[]): RateLimitRule[] {
  const seen = new Map<string, RateLimitRule>();
  for (const r of rules) {
    if (!(r.limit > 0 && r.windowSeconds > 0)) continue;
    const prev = seen.get(r.key);
    if (!prev || r.limit < prev.limit) seen.set(r.key, r);
  }
  return [...seen.values()];
}

/** Adds `delta` requests to each bucket in one upsert (rate_limit_add, keys in sorted order). */
export async function addToBuckets(
  deps: { db: SqlClient; now: Date },
  entries: ReadonlyArray<{ key: string; delta: number; windowSeconds: number }>,
): Promise<Map<string, BucketCount>> {
  if (entries.length === 0) return new Map();
  const rows = await deps.db.$queryRaw<Array<{ key: string; count: number; resetAt: Date }>>`
    SELECT key, count, "resetAt" FROM rate_limit_add(${entries.map((e) => e.key)}::text[], ${entries.map((e) => e.delta)}::int[],
      ${entries.map((e) => Math.ceil(e.windowSeconds))}::int[], ${deps.now.toISOString()}::timestamp(3))`;
  return new Map(rows.map((r) => [r.key, { count: r.count, resetAt: new Date(r.resetAt) }]));
}

/** The decision for `active` rules from their buckets' counts: refused, with the longest wait, if any is over. */
export function decideRateLimits(
  active: readonly RateLimitRule[],
  counts: ReadonlyMap<string, BucketCount>,
  now: Date,
  cache?: RateLimitDenialCache,
): RateLimitDecision {
  let denial: Extract<RateLimitDecision, { allowed: false }> | null = null;
  for (const rule of active) {
    const bucket = counts.get(rule.key);
    if (!bucket || bucket.count <= rule.limit) continue;
    const retryAfterSeconds = Math.max(1, Math.ceil((bucket.resetAt.getTime() - now.getTime()) / 1000));
    cache?.remember(rule, bucket.resetAt);
    if (!denial || retryAfterSeconds > denial.retryAfterSeconds) {
      denial = { allowed: false, rule: rule.name, limit: rule.limit, windowSeconds: rule.windowSeconds, retryAfterSeconds, resetAt: bucket.resetAt };
    }
  }
  return denial ?? { allowed: true };
}

/** Counts one request against every rule; refuses (with the longest wait) if any rule is over its limit. */
export async function consumeRateLimits(
  deps: { db: SqlClient; now: Date },
  rules: readonly RateLimitRule[],
  options: { cache?: RateLimitDenialCache } = {},
): Promise<RateLimitDecision> {
  const active = activeRules(rules);
  if (active.length === 0) return { allowed: true };
  // A client already refused in this window is refused again without a database round trip.
  const cached = options.cache?.find(active, deps.now);
  if (cached) return cached;
  const counts = await addToBuckets(deps, active.map((r) => ({ key: r.key, delta: 1, windowSeconds: r.windowSeconds })));
  return decideRateLimits(active, counts, deps.now, options.cache);
}

/**
 * The in-process front of the limiter: remembers buckets the database said are over their limit
 * until their window ends, so a flood from one client costs no database work. It never allows
 * anything the database would refuse: it only short-cuts refusals the database already made.
 */
export class RateLimitDenialCache {
  private readonly denied = new Map<string, { rule: RateLimitRule; resetAt: Date }>();

  constructor(private readonly maxEntries = 10_000) {}

  remember(rule: RateLimitRule, resetAt: Date): void {
    if (this.denied.size >= this.maxEntries) {
      const oldest = this.denied.keys().next();
      if (!oldest.done) this.denied.delete(oldest.value);
    }
    this.denied.set(rule.key, { rule, resetAt });
  }

  find(rules: readonly RateLimitRule[], now: Date): Extract<RateLimitDecision, { allowed: false }> | null {
    let best: Extract<RateLimitDecision, { allowed: false }> | null = null;
    for (const r of rules) {
      const hit = this.denied.get(r.key);
      if (!hit) continue;
      if (hit.resetAt.getTime() <= now.getTime() || hit.rule.limit !== r.limit) {
        this.denied.delete(r.key);
        continue;
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((hit.resetAt.getTime() - now.getTime()) / 1000));
      if (!best || retryAfterSeconds > best.retryAfterSeconds) {
        best = { allowed: false, rule: r.name, limit: r.limit, windowSeconds: r.windowSeconds, retryAfterSeconds, resetAt: hit.resetAt };
      }
    }
    return best;
  }

  clear(): void {
    this.denied.clear();
  }
}
