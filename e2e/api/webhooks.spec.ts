// Store webhooks over HTTP against the production build, with a real receiver (node:http on a
// loopback port; the e2e server runs with WEBHOOKS_ALLOW_PRIVATE_TARGETS=true so it may reach it):
// an adjust, a sale and a cancellation arrive signed (verified with the endpoint's secret by
// standardwebhooks' Webhook.verify); a receiver that is down gets the events once it is back, in the
// feed's order per SKU; a server without the flag refuses private targets; the feed after a cursor
// returns the same events the receiver got. Delivery is driven by the cleanup cron route, except in
// "an adjust arrives right after its request", which runs no job: the write's own after() pass
// (lib/http/after-events.ts) delivers it.
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { adminToken, tokenClient } from "../support/auth";
import { createProduct, E2E_CRON_SECRET, sql, type CreatedProduct } from "../support/fixtures";
import { WebhookReceiver, type WebhookEvent } from "../support/webhook-receiver";
import { createStore, newClient, placeOrder, startAltServer } from "../security/security-fixtures";
import { EVENT_TYPES } from "../../lib/events/schemas";

const cron = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

type Endpoint = {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  failing: boolean;
  failingSince: string | null;
  createdAt: string;
};
type Delivery = {
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
};

async function ok<T>(res: APIResponse, status = 200): Promise<T> {
  expect(res.status(), `${res.url()} → ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

/** A store of the test's own, an admin client (API token), a receiver and an endpoint on it. */
async function setup(events?: string[]) {
  const store = await createStore("whk");
  const admin = await tokenClient(await adminToken(store.slug, "webhooks e2e"));
  const receiver = await WebhookReceiver.start();
  const api = `/api/stores/${store.slug}/admin`;
  const created = await ok<{ webhook: Endpoint; secret: string }>(
    await admin.post(`${api}/webhooks`, {
      data: {
        url: receiver.url,
        events: events ?? [...EVENT_TYPES],
      },
    }),
    201,
  );
  expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  expect(created.webhook).toMatchObject({ url: receiver.url, enabled: true, failing: false });
  // The secret is shown once: reading the endpoint back never shows it.
  const listed = await ok<{ items: Endpoint[] }>(await admin.get(`${api}/webhooks`));
  expect(listed.items.map((w) => w.id)).toEqual([created.webhook.id]);
  expect(JSON.stringify(listed)).not.toContain(created.secret);
  return { store, admin, receiver, api, endpoint: created.webhook, secret: created.secret };
}

async function teardown(s: { admin: APIRequestContext; receiver: WebhookReceiver; api: string; endpoint: Endpoint }) {
  // Deleted, so later specs' writes have no endpoint of this spec to deliver to.
  await s.admin.delete(`${s.api}/webhooks/${s.endpoint.id}`);
  await s.admin.dispose();
  await s.receiver.close();
}

/** Runs the cleanup job (its webhook step publishes and delivers what is due). */
async function runCron(request: APIRequestContext) {
  const res = await request.get("/api/cron/cleanup", { headers: cron });
  expect(res.status(), await res.text()).toBe(200);
}

/** Every event of the store's feed (oldest first), paging with `after`. */
async function feed(admin: APIRequestContext, api: string, after?: string, types?: string[]): Promise<WebhookEvent[]> {
  const out: WebhookEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await ok<{ items: WebhookEvent[]; nextAfter: string | null }>(
      await admin.get(`${api}/events?limit=100${cursor ? `&after=${cursor}` : ""}${types ? `&types=${types.join(",")}` : ""}`),
    );
    out.push(...page.items);
    if (page.items.length < 100) return out;
    cursor = page.nextAfter!;
  }
}

async function deliveries(admin: APIRequestContext, api: string, endpointId: string): Promise<Delivery[]> {
  return (await ok<{ items: Delivery[] }>(await admin.get(`${api}/webhooks/${endpointId}/deliveries?limit=200`))).items;
}

async function adjust(admin: APIRequestContext, api: string, sku: string, stock: number) {
  await ok(await admin.patch(`${api}/inventory/${encodeURIComponent(sku)}`, { data: { stock, reason: "webhooks e2e" } }));
}

const num = (id: string) => Number(id.slice(4));

test.describe("store webhooks", () => {
  test("an adjust, a sale and a cancellation arrive signed; the feed after a cursor returns the same events", async ({
    request,
  }) => {
    const s = await setup();
    try {
      const product = await createProduct({ store: s.store.slug, stock: 10, lowStockThreshold: 2 });

      const arrived = (pred: (e: WebhookEvent) => boolean) =>
        expect
          .poll(
            async () => {
              if (s.receiver.verifiedEvents(s.secret).some(pred)) return true;
              await runCron(request); // after() delivers right away; the cron route picks up anything left
              return s.receiver.verifiedEvents(s.secret).some(pred);
            },
            { timeout: 15_000, intervals: [200, 300, 500] },
          )
          .toBe(true);

      // The adjust.
      await adjust(s.admin, s.api, product.sku, 12);
      await arrived(
        (e) => e.type === "inventory.changed" && e.data.sku === product.sku && e.data.cause === "adjust" && e.data.stock === 12,
      );
      // The sale: checkout, then the sandbox's payment succeeds (its signed webhook marks the order paid).
      const buyer = await newClient();
      const sale = await placeOrder(buyer, s.store.slug, product.variantId);
      await ok(await buyer.post(`/api/payments/sandbox/${sale.paymentRef}`, { data: { outcome: "succeed" } }));
      await arrived((e) => e.type === "order.paid" && (e.data.order as { id: string }).id === sale.orderId);
      // The cancellation: another order, cancelled by the admin.
      const other = await newClient();
      const cancelled = await placeOrder(other, s.store.slug, product.variantId);
      await ok(await s.admin.post(`${s.api}/orders/${cancelled.orderId}/cancel`, { data: { reason: "customer called" } }));
      await arrived((e) => e.type === "order.cancelled" && (e.data.order as { id: string }).id === cancelled.orderId);
      await buyer.dispose();
      await other.dispose();

      // Everything the feed has arrived, each request signed with the endpoint's secret.
      let all: WebhookEvent[] = [];
      await expect
        .poll(
          async () => {
            await runCron(request);
            all = await feed(s.admin, s.api);
            const got = new Set(s.receiver.verifiedEvents(s.secret).map((e) => e.id));
            return all.length > 0 && all.every((e) => got.has(e.id));
          },
          { timeout: 15_000, intervals: [200, 300, 500] },
        )
        .toBe(true);

      const received = s.receiver.verifiedEvents(s.secret);
      for (const r of s.receiver.accepted) {
        expect(r.method).toBe("POST");
        expect(r.headers["content-type"]).toMatch(/^application\/json/);
        expect(r.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
        expect(Math.abs(Number(r.headers["webhook-timestamp"]) * 1000 - Date.now())).toBeLessThan(60_000);
      }
      // A wrong secret or a changed body does not verify.
      const first = s.receiver.accepted[0]!;
      expect(() =>
        new Webhook(`whsec_${Buffer.from("not the secret, 32 bytes long..").toString("base64")}`).verify(
          first.body,
          first.headers,
        ),
      ).toThrow();
      expect(() => new Webhook(s.secret).verify(first.body.replace(/}$/, ',"x":1}'), first.headers)).toThrow();

      const ofType = (type: string) => received.filter((e) => e.type === type);
      // The adjust: an inventory.changed with its cause, figures and SKU (coalesced: the latest figures at publication).
      const changes = ofType("inventory.changed").filter((e) => e.data.sku === product.sku);
      expect(changes.find((e) => e.data.cause === "adjust")!.data).toMatchObject({
        sku: product.sku,
        stock: 12,
        reserved: 0,
        available: 12,
      });
      expect(changes.at(-1)!.data).toMatchObject({ sku: product.sku, stock: 11, reserved: 0, available: 11 });
      // The sale and the cancellation.
      expect(
        ofType("order.created")
          .map((e) => (e.data.order as { id: string }).id)
          .sort(),
      ).toEqual([sale.orderId, cancelled.orderId].sort());
      expect(ofType("order.paid").map((e) => e.data.order as { id: string; status: string })).toEqual([
        expect.objectContaining({ id: sale.orderId, status: "PAID" }),
      ]);
      expect(ofType("order.cancelled").map((e) => e.data.order as { id: string; status: string })).toEqual([
        expect.objectContaining({ id: cancelled.orderId, status: "CANCELLED" }),
      ]);
      for (const e of received) expect(e.store).toBe(s.store.slug);
      // Per order, created before paid / cancelled.
      for (const id of [sale.orderId, cancelled.orderId]) {
        const seqs = received.filter((e) => (e.data.order as { id?: string } | undefined)?.id === id).map((e) => num(e.id));
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }

      // The feed holds exactly what was delivered (an event delivered twice is still one event).
      const byId = new Map(received.map((e) => [e.id, e]));
      expect([...byId.keys()].sort((a, b) => num(a) - num(b))).toEqual(all.map((e) => e.id));
      for (const e of all) expect(e).toEqual(byId.get(e.id));
      // After a cursor: the same events, from the one after it on.
      const cursor = all[Math.floor(all.length / 2)]!.id;
      const later = await feed(s.admin, s.api, cursor);
      expect(later.map((e) => e.id)).toEqual(all.filter((e) => num(e.id) > num(cursor)).map((e) => e.id));
      for (const e of later) expect(e).toEqual(byId.get(e.id));
      const orderOnly = await ok<{ items: WebhookEvent[] }>(
        await s.admin.get(`${s.api}/events?after=${cursor}&types=order.paid,order.cancelled`),
      );
      expect(orderOnly.items).toEqual(later.filter((e) => e.type === "order.paid" || e.type === "order.cancelled"));
      // Past the end: nothing, and the cursor stays.
      const last = all.at(-1)!.id;
      expect(await ok(await s.admin.get(`${s.api}/events?after=${last}`))).toEqual({ items: [], nextAfter: last });

      // The deliveries route shows them delivered, with the receiver's status code.
      const rows = await deliveries(s.admin, s.api, s.endpoint.id);
      expect(rows.length).toBeGreaterThanOrEqual(all.length);
      for (const e of all)
        expect(rows.find((d) => d.eventId === e.id)).toMatchObject({ type: e.type, status: "DELIVERED", lastStatusCode: 200 });
    } finally {
      await teardown(s);
    }
  });

  test("an adjust arrives right after its request, signed, with no job run (the write's after() pass)", async () => {
    const s = await setup(["inventory.changed"]);
    try {
      const product = await createProduct({ store: s.store.slug, stock: 4 });
      // Every job run (cron route, CLI, in-process scheduler: the suite's server has none) writes a
      // JobRun row when it ends; none may appear while the event travels (the suite runs one spec at
      // a time, so no other spec calls a cron route meanwhile).
      const jobRuns = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "JobRun"`))[0]!.n;
      const runsBefore = await jobRuns();

      await adjust(s.admin, s.api, product.sku, 9);
      const isOurs = (e: WebhookEvent) =>
        e.type === "inventory.changed" && e.data.sku === product.sku && e.data.cause === "adjust" && e.data.stock === 9;
      // Only the receiver is watched: no request to the app (a write would schedule a pass of its own).
      await expect
        .poll(() => s.receiver.verifiedEvents(s.secret).some(isOurs), { timeout: 15_000, intervals: [100, 200, 300] })
        .toBe(true);
      expect(await jobRuns()).toBe(runsBefore);

      const event = s.receiver.verifiedEvents(s.secret).find(isOurs)!;
      expect(event).toMatchObject({ store: s.store.slug, data: { sku: product.sku, stock: 9, reserved: 0, available: 9 } });
      // Delivered on the first attempt: not a retry the jobs would have made.
      const row = (await deliveries(s.admin, s.api, s.endpoint.id)).find((d) => d.eventId === event.id);
      expect(row).toMatchObject({ type: "inventory.changed", status: "DELIVERED", attempts: 1, lastStatusCode: 200 });
    } finally {
      await teardown(s);
    }
  });

  test("a receiver that is down gets the events once it is back, in the feed's order per SKU", async ({ request }) => {
    const subscribed = ["inventory.changed", "inventory.out_of_stock", "inventory.back_in_stock"];
    const s = await setup(subscribed);
    try {
      const a = await createProduct({ store: s.store.slug, stock: 6 });
      const b = await createProduct({ store: s.store.slug, stock: 6 });

      // Down, first answering 503 (a deploy in progress).
      s.receiver.status = 503;
      await adjust(s.admin, s.api, a.sku, 5);
      await adjust(s.admin, s.api, b.sku, 7);
      await runCron(request);
      await expect
        .poll(async () => (await deliveries(s.admin, s.api, s.endpoint.id)).filter((d) => d.lastStatusCode === 503).length, {
          intervals: [200, 300, 500],
        })
        .toBeGreaterThanOrEqual(2);
      const firstTry = await deliveries(s.admin, s.api, s.endpoint.id);
      for (const d of firstTry.filter((x) => x.lastStatusCode === 503)) {
        expect(d).toMatchObject({ status: "PENDING", attempts: 1 });
        // Retried with backoff: the first retry about 5 s later.
        const wait = Date.parse(d.nextAttemptAt!) - Date.now();
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(5_000);
      }

      // Then not answering at all (closed), while the stock keeps changing.
      await s.receiver.close();
      await adjust(s.admin, s.api, a.sku, 0); // out of stock
      await adjust(s.admin, s.api, b.sku, 9);
      await adjust(s.admin, s.api, a.sku, 3); // back in stock
      await adjust(s.admin, s.api, b.sku, 8);
      // The backoff's clock, moved forward instead of slept through: every pending delivery is due now.
      await makeDue(s.endpoint.id);
      await runCron(request);
      await expect
        .poll(
          async () =>
            (await deliveries(s.admin, s.api, s.endpoint.id)).some(
              (d) => d.attempts >= 2 && d.lastStatusCode === null && d.lastError !== null,
            ),
          { intervals: [200, 300, 500] },
        )
        .toBe(true);
      const secondTry = (await deliveries(s.admin, s.api, s.endpoint.id)).filter((d) => d.attempts === 2);
      for (const d of secondTry) {
        expect(d.status).toBe("PENDING");
        // Doubled: the second retry about 10 s after the failed attempt.
        expect(Date.parse(d.nextAttemptAt!) - Date.now()).toBeGreaterThan(5_000);
      }
      expect(s.receiver.accepted).toEqual([]);

      // Back up: due now, and the cron route delivers everything.
      s.receiver.status = 200;
      await s.receiver.reopen();
      await makeDue(s.endpoint.id);
      let all: WebhookEvent[] = [];
      await expect
        .poll(
          async () => {
            await runCron(request);
            all = await feed(s.admin, s.api, undefined, subscribed); // the feed has every type; the endpoint only these
            const got = new Set(s.receiver.verifiedEvents(s.secret).map((e) => e.id));
            return all.length > 0 && all.every((e) => got.has(e.id));
          },
          { timeout: 15_000, intervals: [200, 300, 500] },
        )
        .toBe(true);

      const received = s.receiver.verifiedEvents(s.secret);
      for (const item of [a, b] as CreatedProduct[]) {
        const inFeed = all.filter((e) => e.data.sku === item.sku).map((e) => e.id);
        // In the order of the feed (first arrival of each event: at least once may repeat one).
        const arrived = [...new Set(received.filter((e) => e.data.sku === item.sku).map((e) => e.id))];
        expect(arrived, `order of ${item.sku}`).toEqual(inFeed);
        // The last word on each SKU is its latest stock.
        const latest = received.filter((e) => e.data.sku === item.sku && e.type === "inventory.changed").at(-1)!;
        expect(latest.data).toMatchObject({ stock: item === a ? 3 : 8, available: item === a ? 3 : 8 });
      }
      const aTypes = received.filter((e) => e.data.sku === a.sku).map((e) => e.type);
      expect(aTypes.indexOf("inventory.out_of_stock")).toBeGreaterThanOrEqual(0);
      expect(aTypes.indexOf("inventory.back_in_stock")).toBeGreaterThan(aTypes.indexOf("inventory.out_of_stock"));
      const rows = await deliveries(s.admin, s.api, s.endpoint.id);
      expect(rows.filter((d) => d.status !== "DELIVERED")).toEqual([]);
      expect(rows.some((d) => d.attempts >= 3)).toBe(true);
      const endpoint = await ok<{ webhook: Endpoint }>(await s.admin.get(`${s.api}/webhooks/${s.endpoint.id}`));
      expect(endpoint.webhook).toMatchObject({ enabled: true, failing: false, failingSince: null });
    } finally {
      await teardown(s);
    }
  });

  test("a private target is refused unless WEBHOOKS_ALLOW_PRIVATE_TARGETS=true", async () => {
    // The suite's server allows them (setup() above created a loopback endpoint); a second server of
    // the same build without the flag refuses them, at creation and at sending.
    const s = await setup(["order.created"]);
    const strict = await startAltServer({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: undefined });
    try {
      const token = await adminToken(s.store.slug, "strict server");
      const client = await newClientAt(strict.url, token);
      try {
        for (const url of [
          s.receiver.url,
          "http://localhost:8080/x",
          "http://10.0.0.7/hook",
          "http://192.168.1.20/hook",
          "http://[::1]:9000/hook",
          "http://169.254.169.254/latest",
        ]) {
          const res = await client.post(`${s.api}/webhooks`, { data: { url, events: ["order.created"] } });
          expect(res.status(), `${url} → ${await res.text()}`).toBe(400);
          expect((await res.json()).error).toMatchObject({
            code: "INVALID_INPUT",
            details: { field: "url", reason: "private_target" },
          });
        }
        // An existing loopback endpoint: the strict server's test event is refused at connection.
        const sent = await ok<{ delivery: Delivery }>(await client.post(`${s.api}/webhooks/${s.endpoint.id}/test`));
        expect(sent.delivery).toMatchObject({
          type: "webhook.test",
          status: "FAILED",
          lastStatusCode: null,
          lastError: expect.stringMatching(/private|refused/i),
        });
        expect(s.receiver.requests).toEqual([]);
        // The same through the suite's server (flag on) arrives, signed.
        const allowed = await ok<{ delivery: Delivery }>(await s.admin.post(`${s.api}/webhooks/${s.endpoint.id}/test`));
        expect(allowed.delivery).toMatchObject({ type: "webhook.test", status: "DELIVERED", lastStatusCode: 200, attempts: 1 });
        expect(s.receiver.verifiedEvents(s.secret)).toEqual([
          expect.objectContaining({ type: "webhook.test", store: s.store.slug }),
        ]);
        // Only the endpoints that were created exist.
        expect((await ok<{ items: Endpoint[] }>(await s.admin.get(`${s.api}/webhooks`))).items).toHaveLength(1);
      } finally {
        await client.dispose();
      }
    } finally {
      await strict.stop();
      await teardown(s);
    }
  });
});

async function newClientAt(baseURL: string, token: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}

/** Moves the backoff's clock: the endpoint's pending deliveries are due now. */
async function makeDue(endpointId: string) {
  await sql(
    `UPDATE "WebhookDelivery" SET "nextAttemptAt" = (now() AT TIME ZONE 'UTC') - interval '1 second' WHERE "endpointId" = $1 AND status = 'PENDING'`,
    [endpointId],
  );
}
