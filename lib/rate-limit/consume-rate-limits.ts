// Fixed-window rate limits counted in PostgreSQL, so every app instance (serverless or not) shares
// one count: a single atomic upsert per request checks all of its rules at once.
import type { Prisma } from "@/lib/db";

type SqlClient = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

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

type BucketRow = { key: string; count: number; resetAt: Date };

/** Counts one request against every rule; refuses (with the longest wait) if any rule is over its limit. */
export async function consumeRateLimits(
  deps: { db: SqlClient; now: Date },
  rules: readonly RateLimitRule[],
  options: { cache?: RateLimitDenialCache } = {},
): Promise<RateLimitDecision> {
  const active = dedupeByKey(rules.filter((r) => r.limit > 0 && r.windowSeconds > 0));
  if (active.length === 0) return { allowed: true };

  // A client already refused in this window is refused again without a database round trip.
  const cached = options.cache?.find(active, deps.now);
  if (cached) return cached;

  const keys = active.map((r) => r.key);
  const windows = active.map((r) => Math.ceil(r.windowSeconds));
  const now = deps.now.toISOString();
  // rate_limit_consume (prisma/migrations/…_hot_path): one upsert of every bucket, in key order.
  const rows = await deps.db.$queryRaw<BucketRow[]>`
    SELECT key, count, "resetAt" FROM rate_limit_consume(${keys}::text[], ${windows}::int[], ${now}::timestamp(3))`;

  const byKey = new Map(rows.map((r) => [r.key, r]));
  let denial: Extract<RateLimitDecision, { allowed: false }> | null = null;
  for (const rule of active) {
    const row = byKey.get(rule.key);
    if (!row || row.count <= rule.limit) continue;
    const resetAt = new Date(row.resetAt);
    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - deps.now.getTime()) / 1000));
    options.cache?.remember(rule, resetAt);
    if (!denial || retryAfterSeconds > denial.retryAfterSeconds) {
      denial = { allowed: false, rule: rule.name, limit: rule.limit, windowSeconds: rule.windowSeconds, retryAfterSeconds, resetAt };
    }
  }
  return denial ?? { allowed: true };
}

function dedupeByKey(rules: RateLimitRule[]): RateLimitRule[] {
  const seen = new Map<string, RateLimitRule>();
  for (const r of rules) {
    const prev = seen.get(r.key);
    // The same bucket named twice keeps the stricter limit.
    if (!prev || r.limit < prev.limit) seen.set(r.key, r);
  }
  return [...seen.values()];
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
