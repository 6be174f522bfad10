// A flood of signed payment webhooks: every event several times over, events of different orders
// interleaved in random order, the same outcome under several event ids, then stale contradicting
// events. Each order's transition happens exactly once; every answer is 2xx (or 503/429 with
// Retry-After under load), never 500.
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { FAULTS_WEBHOOK_SECRET, startApp, type App } from "./support/app";
import { findDrift, findOrderDrift, seedStore } from "./support/books";
import { createFaultDb, type FaultDb } from "./support/context";

let db: FaultDb;
let app: App;

beforeAll(async () => {
  db = await createFaultDb();
  // The sandbox sends no webhooks of its own: the test is the provider's delivery system.
  app = await startApp({ databaseUrl: db.url, env: { SANDBOX_WEBHOOKS: "off", RATE_LIMIT_CART_PER_IP: "0" } });
});

afterAll(async () => {
  await app?.stop();
  await db?.close();
});

type Placed = { orderId: string; ref: string; outcome: "succeeded" | "failed" };

function signedEvent(ref: string, orderId: string, type: "payment.succeeded" | "payment.failed", id = `evt_${randomUUID()}`) {
  const body = JSON.stringify({ id, type, created: Math.floor(Date.now() / 1000), data: { ref, status: type.slice(8), reference: orderId } });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", FAULTS_WEBHOOK_SECRET).update(`${t}.${body}`).digest("hex");
  return { id, body, signature: `t=${t},v1=${v1}` };
}

async function deliver(events: { body: string; signature: string }[], concurrency: number) {
  const statuses: Record<number, number> = {};
  const bad: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events.length) {
        const e = events[next++]!;
        const res = await fetch(`${app.url}/api/payments/webhooks/sandbox`, {
          method: "POST",
          headers: { "content-type": "application/json", "sandbox-signature": e.signature },
          body: e.body,
          signal: AbortSignal.timeout(20_000),
        });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const text = await res.text();
        const fine = (res.status >= 200 && res.status < 300) || ((res.status === 503 || res.status === 429) && Number(res.headers.get("retry-after")) >= 1);
        if (!fine && bad.length < 5) bad.push(`${res.status} ${text.slice(0, 200)}`);
      }
    }),
  );
  return { statuses, bad };
}

const shuffle = <T>(xs: T[]): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

it("duplicated, interleaved and contradicting webhooks: each order transitions exactly once", async () => {
  onTestFailed(() => console.log(`[faults] app output:\n${app.logs().slice(-8_000)}`));
  const catalog = await seedStore(db.pool, { stocks: [10_000, 10_000] });
  const placed: Placed[] = [];
  for (let i = 0; i < 60; i++) {
    const add = await fetch(`${app.url}/api/stores/${catalog.slug}/cart/items`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ variantId: catalog.variants[i % 2]!.variantId, quantity: 1 + (i % 3) }),
    });
    expect(add.status).toBe(200);
    const cookie = add.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const checkout = await fetch(`${app.url}/api/stores/${catalog.slug}/checkout`, { method: "POST", headers: { cookie } });
    expect(checkout.status).toBe(201);
    const { order, payment } = (await checkout.json()) as { order: { id: string }; payment: { redirectUrl: string } };
    placed.push({ orderId: order.id, ref: payment.redirectUrl.split("/").pop()!, outcome: i % 2 === 0 ? "succeeded" : "failed" });
  }

  // Each payment's true outcome: one event delivered 5 times, plus 2 more events (new ids) saying the same.
  const events = shuffle(
    placed.flatMap((p) => {
      const type = p.outcome === "succeeded" ? "payment.succeeded" : "payment.failed";
      const e = signedEvent(p.ref, p.orderId, type);
      return [e, e, e, e, e, signedEvent(p.ref, p.orderId, type), signedEvent(p.ref, p.orderId, type)];
    }),
  );
  const flood = await deliver(events, 32);
  console.log(`[faults] webhook flood: ${events.length} deliveries → ${JSON.stringify(flood.statuses)}`);
  expect(flood.bad).toEqual([]);

  // Late, contradicting events for the paid orders (a stale "failed" arriving after "succeeded"): nothing moves back.
  const stale = shuffle(placed.filter((p) => p.outcome === "succeeded").flatMap((p) => [signedEvent(p.ref, p.orderId, "payment.failed"), signedEvent(p.ref, p.orderId, "payment.failed")]));
  const late = await deliver(stale, 16);
  expect(late.bad).toEqual([]);

  const { rows } = await db.pool.query<{ id: string; status: string; sales: number; releases: number; holds: number; paid_at_set: boolean }>(
    `SELECT o.id, o.status::text,
            (SELECT count(*)::int FROM "StockMovement" m WHERE m."orderId" = o.id AND m.kind IN ('SALE', 'LATE_SALE')) AS sales,
            (SELECT count(*)::int FROM "StockMovement" m WHERE m."orderId" = o.id AND m.kind IN ('RELEASE', 'EXPIRE')) AS releases,
            (SELECT count(*)::int FROM "Hold" h WHERE h."orderId" = o.id) AS holds,
            o."paidAt" IS NOT NULL AS paid_at_set
     FROM "Order" o WHERE o.id = ANY($1::text[])`,
    [placed.map((p) => p.orderId)],
  );
  const expected = new Map(placed.map((p) => [p.orderId, p.outcome]));
  const wrong = rows.filter((r) =>
    expected.get(r.id) === "succeeded"
      ? r.status !== "PAID" || r.sales !== r.holds || r.releases !== 0 || !r.paid_at_set
      : r.status !== "CANCELLED" || r.releases !== r.holds || r.sales !== 0,
  );
  expect(rows).toHaveLength(placed.length);
  expect(wrong).toEqual([]);
  // Every distinct event id was recorded once; duplicates were recognised as such.
  const distinct = new Set([...events, ...stale].map((e) => JSON.parse(e.body).id as string)).size;
  const [{ n }] = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE provider = 'sandbox'`)).rows as [{ n: number }];
  console.log(`[faults] webhook flood: ${distinct} distinct event ids, ${n} recorded`);
  expect(n).toBeLessThanOrEqual(distinct);
  expect(n).toBeGreaterThanOrEqual(placed.length);
  expect(await findDrift(db.pool)).toEqual([]);
  expect(await findOrderDrift(db.pool)).toEqual([]);
});
