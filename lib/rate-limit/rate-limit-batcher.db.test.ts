// The batched limiter against real PostgreSQL: exact within one process, no round trip while far from
// the limit, counts shared through the database between processes, bounded overshoot across them.
import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { testDbForFile, type TestDb } from "@/lib/testing/test-db";
import { RateLimitDenialCache, type RateLimitRule } from "@/lib/rate-limit/consume-rate-limits";
import { RateLimitBatcher } from "@/lib/rate-limit/rate-limit-batcher";
import { rateLimitKey } from "@/lib/rate-limit/rate-limit-key";

const t = testDbForFile({ poolSize: 10 });

const T0 = new Date("2026-11-30T12:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let n = 0;
const rule = (limit: number, windowSeconds = 60, name = "cart"): RateLimitRule => ({ name, key: rateLimitKey(name, `batch-subject-${++n}`), limit, windowSeconds });

async function stored(key: string): Promise<number | null> {
  const [row] = await t.db.$queryRaw<{ count: number }[]>`SELECT count FROM "RateLimitBucket" WHERE key = ${key}`;
  return row?.count ?? null;
}

/** The test database's client, counting the statements sent through it. */
function countingDb() {
  const counter = { statements: 0 };
  const db = {
    $queryRaw: (...args: Parameters<TestDb["db"]["$queryRaw"]>) => {
      counter.statements++;
      return t.db.$queryRaw(...args);
    },
    $executeRaw: (...args: Parameters<TestDb["db"]["$executeRaw"]>) => {
      counter.statements++;
      return t.db.$executeRaw(...args);
    },
  };
  return { db: db as unknown as TestDb["db"], counter };
}

describe("RateLimitBatcher", () => {
  it("within one process admits exactly `limit` per window and refuses with the database's Retry-After", async () => {
    const b = new RateLimitBatcher();
    const cache = new RateLimitDenialCache();
    const r = rule(10);
    const decisions = [];
    for (let i = 0; i < 11; i++) decisions.push(await b.consume({ db: t.db, now: at(i) }, [r], { cache }));
    expect(decisions.slice(0, 10).every((d) => d.allowed)).toBe(true);
    // The window started at the first (synchronous) count: 60 s from then, 10 s have passed.
    expect(decisions[10]).toMatchObject({ allowed: false, rule: "cart", limit: 10, retryAfterSeconds: 50 });
    // Refused from memory after that; allowed again once the window has ended.
    expect(await b.consume({ db: t.db, now: at(30) }, [r], { cache })).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    expect(await b.consume({ db: t.db, now: at(60) }, [r], { cache })).toEqual({ allowed: true });
  });

  it("admits requests far from their limit without a round trip, and reports them in one batch", async () => {
    const b = new RateLimitBatcher({ flushEveryMs: 100 });
    const { db, counter } = countingDb();
    const rules = Array.from({ length: 20 }, () => rule(100));
    for (const r of rules) await b.consume({ db, now: at(0) }, [r]); // first sight: counted synchronously
    expect(counter.statements).toBe(20);
    expect(b.shouldFlush(at(0))).toBe(false);
    for (let i = 0; i < 10; i++) for (const r of rules) expect(await b.consume({ db, now: at(1) }, [r])).toEqual({ allowed: true });
    expect(counter.statements).toBe(20);
    expect(b.pendingCount()).toBe(200);
    expect(b.shouldFlush(at(1))).toBe(true);
    await b.flush({ db, now: at(1) });
    expect(counter.statements).toBe(21);
    expect(b.pendingCount()).toBe(0);
    for (const r of rules) expect(await stored(r.key)).toBe(11);
  });

  it("learns what other processes counted: a process new to a bucket asks, and refuses once the shared count is at the limit", async () => {
    const other = createDb({ url: t.url, poolSize: 2 });
    try {
      const a = new RateLimitBatcher();
      const b = new RateLimitBatcher();
      const r = rule(10);
      for (let i = 0; i < 8; i++) expect(await a.consume({ db: t.db, now: at(i) }, [r])).toEqual({ allowed: true });
      await a.flush({ db: t.db, now: at(8) });
      expect(await stored(r.key)).toBe(8);
      // b starts by asking the database, then knows it is near the limit and counts every request.
      expect(await b.consume({ db: other.db, now: at(9) }, [r])).toEqual({ allowed: true });
      expect(await b.consume({ db: other.db, now: at(9) }, [r])).toEqual({ allowed: true });
      expect(await b.consume({ db: other.db, now: at(9) }, [r])).toMatchObject({ allowed: false, retryAfterSeconds: 51 });
      // a hears the total at its next synchronous count (it is past its share): refused too.
      expect(await a.consume({ db: t.db, now: at(10) }, [r])).toMatchObject({ allowed: false });
      expect(await stored(r.key)).toBe(12);
    } finally {
      await other.db.$disconnect();
      await other.pool.end();
    }
  });

  it("bounds the overshoot across processes: each admits from memory at most its share of the limit beyond what it knew", async () => {
    const r = rule(50);
    const processes = [new RateLimitBatcher(), new RateLimitBatcher(), new RateLimitBatcher()];
    let admitted = 0;
    // Each process hammers the bucket without reporting (no flush at all): the worst case.
    for (let i = 0; i < 100; i++) {
      for (const p of processes) if ((await p.consume({ db: t.db, now: at(1) }, [r])).allowed) admitted++;
    }
    expect(admitted).toBeGreaterThanOrEqual(50);
    expect(admitted).toBeLessThanOrEqual(50 + 2 * Math.floor(50 * 0.8));
    // With reports every round, the shared count decides: no more than the limit.
    const r2 = rule(50);
    const reporting = [new RateLimitBatcher({ flushEveryMs: 0 }), new RateLimitBatcher({ flushEveryMs: 0 })];
    let admitted2 = 0;
    for (let i = 0; i < 100; i++) {
      for (const p of reporting) {
        if ((await p.consume({ db: t.db, now: at(2) }, [r2])).allowed) admitted2++;
        await p.flush({ db: t.db, now: at(2) });
      }
    }
    expect(admitted2).toBeLessThanOrEqual(50 + 1);
    expect(admitted2).toBeGreaterThanOrEqual(50);
  });

  it("a failed report keeps its counts for the next one", async () => {
    const b = new RateLimitBatcher();
    const r = rule(100);
    await b.consume({ db: t.db, now: at(0) }, [r]);
    for (let i = 0; i < 5; i++) await b.consume({ db: t.db, now: at(1) }, [r]);
    const broken = { $queryRaw: () => Promise.reject(new Error("connection refused")), $executeRaw: () => Promise.reject(new Error("connection refused")) };
    await expect(b.flush({ db: broken as never, now: at(1) })).rejects.toThrow("connection refused");
    expect(b.pendingCount()).toBe(5);
    await b.flush({ db: t.db, now: at(2) });
    expect(await stored(r.key)).toBe(6);
  });
});
