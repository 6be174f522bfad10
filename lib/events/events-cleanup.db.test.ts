// The webhook step of the cleanup job (runCleanup → runWebhookDelivery), against a real PostgreSQL
// and real local HTTP receivers (lib/testing/alert-receiver.ts), with the job's clock moved instead
// of waited through:
//   * a delivery failing for 24 h gives up, marks the endpoint failing and posts ONE alert to
//     ALERT_WEBHOOK_URL (postAlert, kind webhook_failing), however many deliveries give up;
//   * after 30 days the job prunes published events (the feed is empty) and finished deliveries,
//     and keeps PENDING ones (their body is stored whole; a disabled endpoint gets them when it is
//     enabled again), as lib/events/list-events.ts pruneEvents promises.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { startAlertReceiver, type AlertReceiver } from "@/lib/testing/alert-receiver";
import { makeDeps, seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { adjustStock } from "@/lib/inventory/adjust-stock";
import { runCleanup, type CleanupFigures } from "@/lib/jobs/run-cleanup";
import { listEvents } from "@/lib/events/list-events";
import { publishEvents } from "@/lib/events/publish-events";
import { createWebhook, updateWebhook } from "@/lib/events/webhook-endpoints";
import { GIVE_UP_AFTER_MS } from "@/lib/events/backoff";

let t: TestDb;
const receivers: AlertReceiver[] = [];
beforeAll(async () => {
  t = await createTestDb({ poolSize: 10 });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await t.drop();
});

async function receiver(refuse = false): Promise<AlertReceiver> {
  const r = await startAlertReceiver();
  r.refuse = refuse;
  receivers.push(r);
  return r;
}

const admin = { type: "USER" as const, id: "u1", label: "admin@example.test" };
const HOUR = 3600;
const DAY = 24 * HOUR;

/** The cleanup job as the cron route runs it, with the store webhooks allowed to reach loopback receivers. */
async function cleanup(clock: TestClock, alertWebhookUrl: string | null = null): Promise<CleanupFigures> {
  const r = await runCleanup({ ...makeDeps(t, clock), allowPrivateTargets: true, alertWebhookUrl });
  if ("skipped" in r) throw new Error("cleanup skipped");
  return r;
}

function feed(clock: TestClock, store: { id: string; slug: string }, after?: string) {
  return listEvents({ db: t.db, now: clock.now }, { storeId: store.id, storeSlug: store.slug, after, types: [], limit: 500 });
}

const webhookAlerts = (r: AlertReceiver) => r.received.filter((a) => a.text.startsWith("Webhook endpoint failing"));

describe("cleanup: a webhook endpoint failing for 24 h", () => {
  it("gives up, marks the endpoint failing and posts one alert to ALERT_WEBHOOK_URL", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [5, 5] });
    const down = await receiver(true); // the store's receiver: answers 503
    const alerts = await receiver(); // ALERT_WEBHOOK_URL
    const { webhook } = await createWebhook(
      { db: t.db, now: clock.now, allowPrivateTargets: true },
      { storeId: store.id, url: down.url, events: ["inventory.changed"] },
    );
    // Two SKUs: two queues fail, two deliveries give up in the same run, yet one alert.
    for (const it of items) await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: it.sku, adjust: 1, reason: "count", actor: admin });
    const deliveries = () =>
      t.db.webhookDelivery.findMany({ where: { endpointId: webhook.id }, select: { status: true, attempts: true, lastStatusCode: true }, orderBy: { id: "asc" } });

    expect(await cleanup(clock, alerts.url)).toMatchObject({ webhooksDelivered: 0 });
    // The head of each SKU's queue was tried once and answered 503; nothing was given up.
    const tried = (await deliveries()).filter((d) => d.attempts > 0);
    expect(tried.length).toBeGreaterThanOrEqual(2);
    for (const d of tried) expect(d).toEqual({ status: "PENDING", attempts: 1, lastStatusCode: 503 });

    // 23 h on: retried, still failing, not given up, no alert yet.
    clock.advance(23 * HOUR);
    await cleanup(clock, alerts.url);
    expect((await deliveries()).every((d) => d.status === "PENDING")).toBe(true);
    expect((await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } })).failingSince).toBeNull();
    expect(alerts.received).toEqual([]);

    // Past 24 h since the deliveries were created: given up, the endpoint failing, one alert.
    clock.advance(GIVE_UP_AFTER_MS / 1000 - 23 * HOUR + 1);
    await cleanup(clock, alerts.url);
    const gaveUp = await deliveries();
    expect(gaveUp.filter((d) => d.status === "FAILED").length).toBeGreaterThanOrEqual(2);
    expect(gaveUp.filter((d) => d.status !== "FAILED")).toEqual([]);
    expect(gaveUp.every((d) => d.lastStatusCode === 503)).toBe(true);
    const endpoint = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(endpoint.failingSince).not.toBeNull();
    expect(webhookAlerts(alerts)).toHaveLength(1);
    const text = webhookAlerts(alerts)[0]!.text;
    expect(text).toContain(store.slug);
    expect(text).toContain(down.url);
    expect(text).toMatch(/has not accepted event evt_\d+ for 24 hours \(last: HTTP 503\)/);

    // Deliveries go on and keep failing: another give-up on the failing endpoint alerts no more.
    await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: items[0]!.sku, adjust: 1, reason: "count", actor: admin });
    await cleanup(clock, alerts.url);
    clock.advance(DAY + 1);
    await cleanup(clock, alerts.url);
    const later = await deliveries();
    expect(later.length).toBeGreaterThan(gaveUp.length);
    expect(later.filter((d) => d.status !== "FAILED")).toEqual([]);
    expect(webhookAlerts(alerts)).toHaveLength(1);
    expect(down.received).toEqual([]); // nothing was ever accepted
  });
});

describe("cleanup: 30-day retention of the event feed", () => {
  it("prunes published events and finished deliveries after 30 days, keeps PENDING deliveries, and the feed goes on after its cursor", async () => {
    const clock = new TestClock();
    const { store, items } = await seedShop(t, clock, { stocks: [10, 10] });
    const live = await receiver();
    const later = await receiver();
    const guard = { db: t.db, now: clock.now, allowPrivateTargets: true };
    const a = await createWebhook(guard, { storeId: store.id, url: live.url, events: ["inventory.changed"] });
    const b = await createWebhook(guard, { storeId: store.id, url: later.url, events: ["inventory.changed"] });
    for (const it of items) await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: it.sku, stock: 7, reason: "count", actor: admin });
    // Published with a delivery for each endpoint; then b is disabled, so its deliveries stay PENDING.
    await publishEvents({ db: t.db, now: clock.now });
    await updateWebhook(guard, { storeId: store.id, webhookId: b.webhook.id, enabled: false });
    await cleanup(clock);
    const delivered = await t.db.webhookDelivery.count({ where: { endpointId: a.webhook.id, status: "DELIVERED" } });
    const pending = await t.db.webhookDelivery.findMany({ where: { endpointId: b.webhook.id }, select: { id: true, status: true, eventId: true }, orderBy: { id: "asc" } });
    expect(delivered).toBeGreaterThanOrEqual(2);
    expect(pending.length).toBe(delivered);
    expect(pending.every((d) => d.status === "PENDING")).toBe(true);
    const before = await feed(clock, store);
    expect(before.items.length).toBeGreaterThanOrEqual(2);
    expect(before.items.filter((e) => e.type === "inventory.changed").map((e) => e.id)).toEqual(pending.map((d) => d.eventId));
    const storeEvents = () => t.db.event.count({ where: { storeId: store.id } });
    const eventsBefore = await storeEvents();

    // Day 29: nothing is old enough.
    clock.advance(29 * DAY);
    expect(await cleanup(clock)).toMatchObject({ eventsPruned: 0 });
    expect((await feed(clock, store)).items).toEqual(before.items);

    // Day 31: the store's published events are gone, and with them the feed; the delivered rows too.
    // (The shop carries on elsewhere: another store's change is the newest event, which pruning keeps.)
    clock.advance(2 * DAY);
    const elsewhere = await seedShop(t, clock, { stocks: [1] });
    await adjustStock({ db: t.db, now: clock.now }, { storeId: elsewhere.store.id, sku: elsewhere.items[0]!.sku, stock: 2, reason: "count", actor: admin });
    const run = await cleanup(clock);
    expect(run.eventsPruned).toBeGreaterThanOrEqual(eventsBefore);
    expect(await storeEvents()).toBe(0);
    expect(await feed(clock, store)).toEqual({ items: [], nextAfter: null });
    const cursor = before.nextAfter!;
    expect(await feed(clock, store, cursor)).toEqual({ items: [], nextAfter: cursor });
    expect(await t.db.webhookDelivery.count({ where: { endpointId: a.webhook.id } })).toBe(0);
    // PENDING deliveries are kept (they carry their whole signed body, not a reference to the event).
    const kept = await t.db.webhookDelivery.findMany({ where: { endpointId: b.webhook.id }, select: { id: true, status: true, eventId: true }, orderBy: { id: "asc" } });
    expect(kept).toEqual(pending);

    // Enabled again, the endpoint gets those events although the feed no longer has them.
    await updateWebhook({ ...guard, now: clock.now }, { storeId: store.id, webhookId: b.webhook.id, enabled: true });
    await cleanup(clock);
    expect(later.received.map((e) => String(e.id)).sort()).toEqual(pending.map((d) => d.eventId).sort());
    expect(await t.db.webhookDelivery.count({ where: { endpointId: b.webhook.id, status: { not: "DELIVERED" } } })).toBe(0);

    // The feed goes on after the old cursor: a new change comes after it.
    await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: items[0]!.sku, stock: 3, reason: "count", actor: admin });
    const next = await feed(clock, store, cursor);
    expect(next.items.map((e) => [e.type, e.data.sku, e.data.stock])).toEqual([["inventory.changed", items[0]!.sku, 3]]);
    expect(BigInt(next.items[0]!.id.slice(4)) > BigInt(cursor.slice(4))).toBe(true);
  });

  it("never hands an event id out again: the newest event is kept past its 30 days", async () => {
    // Later than every other test's clock, so every event in the database is past its 30 days.
    const clock = new TestClock("2027-06-01T00:00:00.000Z");
    const { store, items } = await seedShop(t, clock, { stocks: [10] });
    for (const stock of [9, 8, 7]) {
      await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: items[0]!.sku, stock, reason: "count", actor: admin });
      await publishEvents({ db: t.db, now: clock.now });
    }
    const before = await feed(clock, store);
    expect(before.items.length).toBeGreaterThanOrEqual(3);
    const newest = before.items.at(-1)!;

    clock.advance(31 * DAY);
    await cleanup(clock);
    // Everything else is gone; the newest event of the database stays (event_publish numbers from it).
    expect((await feed(clock, store)).items).toEqual([newest]);
    expect(await t.db.event.count({ where: { seq: { not: null } } })).toBe(1);

    // The next event continues the numbering: a cursor from before the pruning still sees it.
    await adjustStock({ db: t.db, now: clock.now }, { storeId: store.id, sku: items[0]!.sku, stock: 6, reason: "count", actor: admin });
    const next = await feed(clock, store, newest.id);
    expect(next.items.map((e) => [e.type, e.data.stock])).toEqual([["inventory.changed", 6]]);
    expect(BigInt(next.items[0]!.id.slice(4))).toBe(BigInt(newest.id.slice(4)) + 1n);
  });
});
