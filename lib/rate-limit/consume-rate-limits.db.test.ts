// The limiter against real PostgreSQL: exact counts under concurrency (across "instances", i.e.
// separate pools), windows that reset, several rules in one round trip, the in-process front.
import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { testDbForFile } from "@/lib/testing/test-db";
import { consumeRateLimits, RateLimitDenialCache, type RateLimitRule } from "@/lib/rate-limit/consume-rate-limits";
import { purgeRateLimitBuckets } from "@/lib/rate-limit/purge-rate-limit-buckets";
import { rateLimitKey } from "@/lib/rate-limit/rate-limit-key";

const t = testDbForFile({ poolSize: 20 });

const T0 = new Date("2026-11-21T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let n = 0;
const rule = (limit: number, windowSeconds = 60, name = "test"): RateLimitRule => ({ name, key: rateLimitKey(name, `subject-${++n}`), limit, windowSeconds });

describe("consumeRateLimits", () => {
  it("allows exactly `limit` requests per window, then refuses with the time left", async () => {
    const r = rule(3);
    for (let i = 0; i < 3; i++) expect(await consumeRateLimits({ db: t.db, now: at(i) }, [r])).toEqual({ allowed: true });
    const refused = await consumeRateLimits({ db: t.db, now: at(10) }, [r]);
    expect(refused).toMatchObject({ allowed: false, rule: "test", limit: 3, retryAfterSeconds: 50 });
    // Still refused at the last second of the window, allowed again once it ends.
    expect(await consumeRateLimits({ db: t.db, now: at(59.5) }, [r])).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(await consumeRateLimits({ db: t.db, now: at(60) }, [r])).toEqual({ allowed: true });
    const [row] = await t.db.$queryRaw<{ count: number; resetAt: Date }[]>`SELECT count, "resetAt" FROM "RateLimitBucket" WHERE key = ${r.key}`;
    expect(row).toEqual({ count: 1, resetAt: at(120) });
  });

  it("counts every rule of a request and reports the one that refuses with the longest wait", async () => {
    const perIp = rule(100, 60, "ip");
    const perCart = rule(2, 30, "cart");
    expect(await consumeRateLimits({ db: t.db, now: at(0) }, [perIp, perCart])).toEqual({ allowed: true });
    expect(await consumeRateLimits({ db: t.db, now: at(1) }, [perIp, perCart])).toEqual({ allowed: true });
    expect(await consumeRateLimits({ db: t.db, now: at(2) }, [perIp, perCart])).toMatchObject({ allowed: false, rule: "cart", retryAfterSeconds: 28 });
    const rows = await t.db.$queryRaw<{ key: string; count: number }[]>`SELECT key, count FROM "RateLimitBucket" WHERE key IN (${perIp.key}, ${perCart.key}) ORDER BY count`;
    expect(rows.map((r) => r.count)).toEqual([3, 3]);
  });

  it("treats a limit of 0 as switched off and touches no bucket", async () => {
    const off = rule(0);
    for (let i = 0; i < 5; i++) expect(await consumeRateLimits({ db: t.db, now: at(i) }, [off])).toEqual({ allowed: true });
    const rows = await t.db.$queryRaw<unknown[]>`SELECT 1 FROM "RateLimitBucket" WHERE key = ${off.key}`;
    expect(rows).toHaveLength(0);
  });

  it("keeps the stricter limit when the same bucket is named twice", async () => {
    const r = rule(5);
    const stricter = { ...r, limit: 1 };
    expect(await consumeRateLimits({ db: t.db, now: at(0) }, [r, stricter])).toEqual({ allowed: true });
    expect(await consumeRateLimits({ db: t.db, now: at(1) }, [r, stricter])).toMatchObject({ allowed: false, limit: 1 });
  });

  it("admits exactly `limit` of 300 concurrent requests spread over three separate pools (instances)", async () => {
    const r = rule(50);
    const others = [createDb({ url: t.url, poolSize: 8 }), createDb({ url: t.url, poolSize: 8 })];
    try {
      const dbs = [t.db, ...others.map((o) => o.db)];
      const results = await Promise.all(Array.from({ length: 300 }, (_, i) => consumeRateLimits({ db: dbs[i % 3]!, now: at(1) }, [r])));
      expect(results.filter((d) => d.allowed)).toHaveLength(50);
      const [row] = await t.db.$queryRaw<{ count: number }[]>`SELECT count FROM "RateLimitBucket" WHERE key = ${r.key}`;
      expect(row?.count).toBe(300);
    } finally {
      for (const o of others) {
        await o.db.$disconnect();
        await o.pool.end();
      }
    }
  });

  it("does not deadlock when concurrent requests share buckets named in opposite orders", async () => {
    const a = rule(1000, 60, "a");
    const b = rule(1000, 60, "b");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => consumeRateLimits({ db: t.db, now: at(1) }, i % 2 ? [a, b] : [b, a])),
    );
    expect(results.every((d) => d.allowed)).toBe(true);
  });
});

describe("RateLimitDenialCache", () => {
  it("refuses a known-over-limit bucket without asking the database, until its window ends", async () => {
    const r = rule(1);
    const cache = new RateLimitDenialCache();
    expect(await consumeRateLimits({ db: t.db, now: at(0) }, [r], { cache })).toEqual({ allowed: true });
    expect(await consumeRateLimits({ db: t.db, now: at(1) }, [r], { cache })).toMatchObject({ allowed: false });
    // The next refusal comes from memory: the stored count does not move.
    expect(await consumeRateLimits({ db: t.db, now: at(2) }, [r], { cache })).toMatchObject({ allowed: false, retryAfterSeconds: 58 });
    const [row] = await t.db.$queryRaw<{ count: number }[]>`SELECT count FROM "RateLimitBucket" WHERE key = ${r.key}`;
    expect(row?.count).toBe(2);
    expect(await consumeRateLimits({ db: t.db, now: at(60) }, [r], { cache })).toEqual({ allowed: true });
  });

  it("stays bounded", () => {
    const cache = new RateLimitDenialCache(3);
    const rules = [rule(1), rule(1), rule(1), rule(1)];
    for (const r of rules) cache.remember(r, at(60));
    expect(cache.find([rules[0]!], at(0))).toBeNull();
    expect(cache.find([rules[3]!], at(0))).toMatchObject({ allowed: false });
  });
});

describe("purgeRateLimitBuckets", () => {
  it("deletes only buckets whose window has ended, in bounded batches", async () => {
    await t.db.$executeRaw`DELETE FROM "RateLimitBucket"`;
    const old = [rule(5, 10), rule(5, 10), rule(5, 10)];
    const fresh = rule(5, 600);
    for (const r of [...old, fresh]) await consumeRateLimits({ db: t.db, now: at(0) }, [r]);
    expect(await purgeRateLimitBuckets({ db: t.db, now: at(30) }, { batchSize: 2 })).toBe(2);
    expect(await purgeRateLimitBuckets({ db: t.db, now: at(30) }, { batchSize: 2 })).toBe(1);
    expect(await purgeRateLimitBuckets({ db: t.db, now: at(30) })).toBe(0);
    const left = await t.db.$queryRaw<{ key: string }[]>`SELECT key FROM "RateLimitBucket"`;
    expect(left.map((r) => r.key)).toEqual([fresh.key]);
  });
});
