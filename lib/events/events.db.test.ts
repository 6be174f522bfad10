// The event outbox against a real PostgreSQL: events are written exactly when their change commits
// (a rolled-back hold or checkout writes none), a hot item's holds keep at most one unpublished
// inventory.changed, the outbox drains in order per SKU, and two delivery runs at once never send
// an event twice to the same endpoint.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { testDbForFile } from "@/lib/testing/test-db";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { setCartLine } from "@/lib/cart/set-cart-line";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { settlePayment } from "@/lib/payments/settle-payment";
import { checkout, fillCart, makeDeps, newGuest, paymentOf, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { publishEvents } from "@/lib/events/publish-events";
import { listEvents } from "@/lib/events/list-events";
import { deliverWebhooks } from "@/lib/events/deliver-webhooks";
import { createWebhook } from "@/lib/events/webhook-endpoints";
import { EVENT_TYPES } from "@/lib/events/schemas";
import type { SendOutcome } from "@/lib/events/send-webhook";
import { GIVE_UP_AFTER_MS } from "@/lib/events/backoff";

const t = testDbForFile({ poolSize: 12 });

const admin = { type: "USER" as const, id: "u1", label: "admin@example.test" };

type Row = { type: string; data: Record<string, unknown>; seq: bigint | null };

async function eventsOf(storeId: string): Promise<Row[]> {
  return t.db.$queryRaw<Row[]>`SELECT type, data, seq FROM "Event" WHERE "storeId" = ${storeId} ORDER BY pos`;
}

async function feed(clock: TestClock, store: { id: string; slug: string }, after?: string) {
  return listEvents({ db: t.db, now: clock.now }, { storeId: store.id, storeSlug: store.slug, after, types: [], limit: 500 });
}

describe("events are written with the change they report", () => {
  it("an adjust, a hold, a checkout, a payment and a cancellation each write their events when they commit", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [10, 10], lowStockDefault: 3 });
    const [a, b] = [items[0]!, items[1]!];
    await publishEvents({ db: t.db, now: clock.now }); // the opening stock
    const start = (await feed(clock, store)).nextAfter!;

    await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: a.sku, stock: 4, reason: "count", actor: admin });
    let page = await feed(clock, store, start);
    expect(page.items.map((e) => e.type)).toEqual(["inventory.changed"]);
    expect(page.items[0]!.data).toMatchObject({ sku: a.sku, stock: 4, reserved: 0, available: 4, state: "in_stock", cause: "adjust" });

    // 2 held → available 2, under the threshold of 3: a low_stock, then the open inventory.changed.
    const guest = await fillCart(t, clock, store.id, [{ variantId: a.variantId, quantity: 2 }, { variantId: b.variantId, quantity: 1 }]);
    page = await feed(clock, store, page.nextAfter!);
    expect(page.items.map((e) => [e.type, e.data.sku])).toEqual([
      ["inventory.low_stock", a.sku],
      ["inventory.changed", a.sku],
      ["inventory.changed", b.sku],
    ]);
    expect(page.items[0]!.data).toMatchObject({ available: 2, state: "low_stock", lowStockThreshold: 3 });
    expect(page.items[1]!.data).toMatchObject({ stock: 4, reserved: 2, available: 2, cause: "hold" });

    const { order } = await checkout(t, clock, guest);
    page = await feed(clock, store, page.nextAfter!);
    expect(page.items.map((e) => e.type)).toEqual(["order.created"]);
    const created = page.items[0]!.data.order as { id: string; status: string; lines: { sku: string; quantity: number }[] };
    expect(created).toMatchObject({ id: order.id, status: "PENDING_PAYMENT" });
    expect(created.lines.map((l) => [l.sku, l.quantity]).sort()).toEqual([[a.sku, 2], [b.sku, 1]].sort());

    const payment = await paymentOf(t, order.id);
    await settlePayment(makeDeps(t, clock), { provider: "sandbox", ref: payment.providerRef, outcome: "succeeded", source: "test" });
    page = await feed(clock, store, page.nextAfter!);
    expect(page.items.map((e) => e.type).sort()).toEqual(["inventory.changed", "inventory.changed", "order.paid"].sort());
    expect(page.items.find((e) => e.type === "order.paid")!.data).toMatchObject({ order: { id: order.id, status: "PAID" } });
    expect(page.items.find((e) => e.type === "inventory.changed" && e.data.sku === a.sku)!.data).toMatchObject({ stock: 2, reserved: 0, cause: "sale" });

    // A second order, cancelled: its units come back.
    const g2 = await fillCart(t, clock, store.id, [{ variantId: a.variantId, quantity: 2 }]);
    const second = (await checkout(t, clock, g2)).order;
    await cancelOrder(makeDeps(t, clock), { storeId: store.id, orderId: second.id, actor: admin });
    page = await feed(clock, store, page.nextAfter!);
    const types = page.items.map((e) => e.type);
    expect(types).toContain("order.created");
    expect(types).toContain("order.cancelled");
    expect(types).toContain("inventory.out_of_stock");
    expect(types).toContain("inventory.back_in_stock");
    expect(types.indexOf("inventory.out_of_stock")).toBeLessThan(types.indexOf("inventory.back_in_stock"));
    expect(page.items.find((e) => e.type === "order.cancelled")!.data).toMatchObject({ order: { id: second.id, status: "CANCELLED", cancelReason: "BY_ADMIN" } });
  });

  it("a rolled-back hold, a refused hold and a rolled-back checkout write no event", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [3] });
    const item = items[0]!;
    await publishEvents({ db: t.db, now: clock.now });
    const before = (await eventsOf(store.id)).length;

    const c = await t.pool.connect();
    try {
      const g = newGuest(store.id);
      await c.query("BEGIN");
      const { rows } = await c.query<{ code: string }>(
        `SELECT code FROM cart_write_line_view($1, NULL, $2, $3, 'add', 2, 99, $4::timestamp(3)) LIMIT 1`,
        [store.id, g.tokenHash, item.variantId, clock.now.toISOString()],
      );
      expect(rows[0]?.code).toBe("OK");
      const inside = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Event" WHERE "storeId" = $1`, [store.id]);
      expect(inside.rows[0]!.n).toBe(before + 1); // written in the hold's transaction…
      await c.query("ROLLBACK"); // …and gone with it
    } finally {
      c.release();
    }
    expect((await eventsOf(store.id)).length).toBe(before);

    // Refused (more than there is): nothing changes, nothing is written.
    await expect(setCartLine({ db: t.db, now: clock.now }, { ...newGuest(store.id), variantId: item.variantId, mode: "add", quantity: 4 })).rejects.toMatchObject({ code: "INSUFFICIENT_STOCK" });
    expect((await eventsOf(store.id)).length).toBe(before);

    // A checkout whose transaction rolls back: no order.created (the deferred trigger never ran).
    const guest = await fillCart(t, clock, store.id, [{ variantId: item.variantId, quantity: 1 }]);
    await publishEvents({ db: t.db, now: clock.now });
    const beforeCheckout = (await eventsOf(store.id)).length;
    const cart = await t.db.cart.findFirstOrThrow({ where: { tokenHash: guest.tokenHash }, select: { id: true } });
    const c2 = await t.pool.connect();
    try {
      await c2.query("BEGIN");
      const { rows } = await c2.query<{ code: string }>(`SELECT code FROM order_checkout($1, $2, NULL, $3, NULL, $4::timestamp(3))`, [
        store.id,
        cart.id,
        guest.tokenHash,
        clock.now.toISOString(),
      ]);
      expect(rows[0]?.code).toBe("OK");
      await c2.query("ROLLBACK");
    } finally {
      c2.release();
    }
    expect((await eventsOf(store.id)).length).toBe(beforeCheckout);
  });

  it("a hot item's 500 holds keep at most one unpublished inventory.changed, carrying the latest figures", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [400] });
    const item = items[0]!;
    await publishEvents({ db: t.db, now: clock.now });
    let running = true;
    let maxOpen = 0;
    let samples = 0;
    // Watch the outbox on a connection of its own while the holds run, and publish now and then
    // as the jobs would.
    const watch = new pg.Client({ connectionString: t.url });
    await watch.connect();
    const watcher = (async () => {
      while (running) {
        const r = await watch.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "Event" WHERE "inventoryItemId" = $1 AND seq IS NULL AND type = 'inventory.changed'`,
          [item.itemId],
        );
        maxOpen = Math.max(maxOpen, r.rows[0]!.n);
        samples += 1;
        if (samples % 5 === 0) await watch.query(`SELECT event_publish($1::timestamp(3), 200)`, [clock.now.toISOString()]);
      }
    })().finally(() => watch.end());
    const outcomes = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        setCartLine({ db: t.db, now: clock.now }, { ...newGuest(store.id), variantId: item.variantId, mode: "add", quantity: 1 }).then(
          () => "held",
          (e: { code?: string }) => e.code ?? String(e) + i,
        ),
      ),
    );
    running = false;
    await watcher;
    expect(outcomes.filter((o) => o === "held")).toHaveLength(400);
    expect(new Set(outcomes.filter((o) => o !== "held"))).toEqual(new Set(["INSUFFICIENT_STOCK"]));
    expect(samples).toBeGreaterThan(3);
    expect(maxOpen).toBeLessThanOrEqual(1);
    // Far fewer events than holds, and the last inventory.changed has the item's final figures.
    await publishEvents({ db: t.db, now: clock.now });
    const rows = await t.db.$queryRaw<{ type: string; data: { stock: number; reserved: number } }[]>`
      SELECT type, data FROM "Event" WHERE "inventoryItemId" = ${item.itemId} ORDER BY seq`;
    expect(rows.length).toBeLessThan(400);
    const last = rows.filter((r) => r.type === "inventory.changed").at(-1)!;
    expect(last.data).toMatchObject({ stock: 400, reserved: 400 });
    expect(rows.filter((r) => r.type === "inventory.out_of_stock")).toHaveLength(1);
  });
});

type Sent = { endpoint: string; id: string; body: { type: string; data: Record<string, unknown> } };

function recordingSender(sent: Sent[], fail: (s: { url: string; id: string }) => boolean = () => false) {
  return async (input: { url: string; id: string; body: string }): Promise<SendOutcome> => {
    await new Promise((r) => setTimeout(r, 2));
    sent.push({ endpoint: input.url, id: input.id, body: JSON.parse(input.body) as Sent["body"] });
    return fail(input) ? { ok: false, statusCode: 503, error: null } : { ok: true, statusCode: 204, error: null };
  };
}

describe("delivery", () => {
  it("drains in order per SKU, feed positions are dense, and a failing head holds back only its own SKU", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [50, 50, 50], lowStockDefault: 45 });
    const { webhook } = await createWebhook({ db: t.db, now: clock.now, allowPrivateTargets: true }, { storeId: store.id, url: "http://hooks.test/a", events: [...EVENT_TYPES] });
    // Interleaved changes on three SKUs, publications in between (as concurrent jobs would).
    for (let round = 0; round < 12; round++) {
      await Promise.all(
        items.map((it, k) => adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: it.sku, adjust: round % 3 === k ? -5 : 1, reason: `r${round}`, actor: admin })),
      );
      if (round % 4 === 1) await publishEvents({ db: t.db, now: clock.now });
    }
    const sent: Sent[] = [];
    const failingSku = items[0]!.sku;
    let failFirst = true;
    const deps = {
      db: t.db,
      now: clock.now,
      allowPrivateTargets: true,
      send: recordingSender(sent),
    };
    // Fails the failing SKU's first attempt once, with a 500.
    deps.send = (async (input: { url: string; id: string; body: string; secret: string; at: Date }) => {
      const body = JSON.parse(input.body) as { data?: { sku?: string } };
      await new Promise((r) => setTimeout(r, 1));
      sent.push({ endpoint: input.url, id: input.id, body: body as Sent["body"] });
      if (failFirst && body.data?.sku === failingSku) {
        failFirst = false;
        return { ok: false, statusCode: 500, error: null };
      }
      return { ok: true, statusCode: 200, error: null };
    }) as typeof deps.send;

    const first = await deliverWebhooks(deps);
    expect(first.retrying).toBe(1);
    // The failing SKU's first event was tried once; none of its later events went out.
    const failingIds = sent.filter((s) => s.body.data.sku === failingSku).map((s) => s.id);
    expect(failingIds).toHaveLength(1);
    expect(sent.filter((s) => s.body.data.sku !== failingSku).length).toBeGreaterThan(10);

    // After the backoff, the rest of that SKU follows, starting with the same event.
    clock.advance(10);
    await deliverWebhooks({ ...deps, now: clock.now });
    const all = await feed(clock, store);
    const seqs = all.items.map((e) => BigInt(e.id.slice(4)));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);
    const published = await t.db.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM "Event" WHERE seq IS NOT NULL ORDER BY seq`;
    published.forEach((r, i) => expect(r.seq).toBe(BigInt(i + 1))); // dense: no hole a cursor could skip
    for (const it of items) {
      const delivered = sent.filter((s) => s.body.data.sku === it.sku).map((s) => s.id);
      const firstTries = delivered.filter((id, i) => delivered.indexOf(id) === i);
      const expected = all.items.filter((e) => e.data.sku === it.sku).map((e) => e.id);
      expect(firstTries).toEqual(expected); // every event of the SKU, in feed order
      const lastChanged = all.items.filter((e) => e.data.sku === it.sku && e.type === "inventory.changed").at(-1)!;
      const counters = await t.db.inventoryItem.findUniqueOrThrow({ where: { id: it.itemId }, select: { stock: true } });
      expect(lastChanged.data.stock).toBe(counters.stock);
    }
    expect(failingIds[0]).toBe(sent.filter((s) => s.body.data.sku === failingSku)[1]!.id);
    const states = await t.db.webhookDelivery.groupBy({ by: ["status"], where: { endpointId: webhook.id }, _count: true });
    expect(states).toEqual([{ status: "DELIVERED", _count: all.items.length }]);
  });

  it("two delivery runs at once never send an event twice to the same endpoint", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [100, 100, 100, 100] });
    await publishEvents({ db: t.db, now: clock.now }); // the opening stock, before the endpoints exist
    const a = await createWebhook({ db: t.db, now: clock.now, allowPrivateTargets: true }, { storeId: store.id, url: "http://hooks.test/one", events: ["inventory.changed"] });
    const b = await createWebhook({ db: t.db, now: clock.now, allowPrivateTargets: true }, { storeId: store.id, url: "http://hooks.test/two", events: ["inventory.changed"] });
    for (let round = 0; round < 10; round++) {
      for (const it of items) {
        await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: it.sku, adjust: 1, reason: `r${round}`, actor: admin });
        await publishEvents({ db: t.db, now: clock.now }); // one event per change (nothing to coalesce)
      }
    }
    const sent: Sent[] = [];
    const send = recordingSender(sent);
    const runs = await Promise.all(
      Array.from({ length: 3 }, () => deliverWebhooks({ db: t.db, now: clock.now, allowPrivateTargets: true, send }, { batchSize: 7, concurrency: 3 })),
    );
    const expected = (await t.db.webhookDelivery.count({ where: { endpointId: { in: [a.webhook.id, b.webhook.id] } } }));
    expect(expected).toBe(2 * 40);
    const keys = sent.map((s) => `${s.endpoint} ${s.id}`);
    expect(new Set(keys).size).toBe(keys.length); // never twice
    expect(keys).toHaveLength(expected); // and every one once
    expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(expected);
  });

  it("retries with backoff, then after 24 h gives up, marks the endpoint failing and alerts once", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [5] });
    const { webhook } = await createWebhook({ db: t.db, now: clock.now, allowPrivateTargets: true }, { storeId: store.id, url: "http://hooks.test/down", events: ["inventory.changed"] });
    await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: items[0]!.sku, adjust: 1, reason: "x", actor: admin });
    const sent: Sent[] = [];
    const alerts: string[] = [];
    const deps = () => ({ db: t.db, now: clock.now, allowPrivateTargets: true, send: recordingSender(sent, () => true), alert: async (s: string) => alerts.push(s) });
    await deliverWebhooks(deps());
    const d1 = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: webhook.id } });
    expect(d1).toMatchObject({ status: "PENDING", attempts: 1, lastStatusCode: 503 });
    expect(d1.nextAttemptAt.getTime() - clock.now.getTime()).toBeGreaterThanOrEqual(4000);
    await deliverWebhooks(deps()); // not due yet
    expect(sent).toHaveLength(1);
    clock.advance(6);
    await deliverWebhooks(deps());
    const d2 = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: webhook.id } });
    expect(d2.attempts).toBe(2);
    expect(d2.nextAttemptAt.getTime() - clock.now.getTime()).toBeGreaterThanOrEqual(9000); // doubled
    clock.advance(GIVE_UP_AFTER_MS / 1000 + 1);
    await deliverWebhooks(deps());
    const d3 = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: webhook.id } });
    expect(d3.status).toBe("FAILED");
    const ep = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(ep.failingSince).not.toBeNull();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain("http://hooks.test/down");
  });
});
