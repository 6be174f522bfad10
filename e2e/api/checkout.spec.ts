// Checkout and orders over HTTP: the cart becomes an order awaiting payment, the sandbox settles
// it (PAID: stock and reserved both drop; declined: the units come back), the Idempotency-Key
// yields one order even when requests race, and bad input gets the documented 4xx.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { APP_URL, checkInvariants, createProduct, createToken, itemCounters, sql } from "../support/fixtures";
import { expectError } from "../support/api-errors";

const STORE = "/api/stores/demo";

async function newShopper(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: APP_URL });
}


async function shopperWith(variantId: string, quantity: number) {
  const shopper = await newShopper();
  const res = await shopper.post(`${STORE}/cart/items`, { data: { variantId, quantity } });
  expect(res.status(), await res.text()).toBe(200);
  return shopper;
}

function refOf(redirectUrl: string): string {
  const m = /\/pay\/sandbox\/([A-Za-z0-9_-]+)$/.exec(redirectUrl);
  if (!m) throw new Error(`not a sandbox payment page: ${redirectUrl}`);
  return m[1]!;
}

test.describe("checkout → sandbox → order", () => {
  test("Pay now → PAID: stock and reserved both drop by the quantity", async () => {
    const product = await createProduct({ stock: 5, priceCents: 1250, title: "Checkout Pay" });
    const shopper = await shopperWith(product.variantId, 2);
    try {
      const res = await shopper.post(`${STORE}/checkout`);
      expect(res.status(), await res.text()).toBe(201);
      const { order, payment } = await res.json();
      expect(order).toMatchObject({
        id: expect.any(String),
        number: expect.any(Number),
        status: "PENDING_PAYMENT",
        totalCents: 2500,
        currency: expect.stringMatching(/^[A-Z]{3}$/),
        paidAt: null,
        cancelledAt: null,
        cancelReason: null,
        lines: [{ variantId: product.variantId, sku: product.sku, productTitle: "Checkout Pay", quantity: 2, unitPriceCents: 1250 }],
      });
      expect(Date.parse(order.paymentDeadline)).toBeGreaterThan(Date.now());
      expect(payment).toEqual({ provider: "sandbox", redirectUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/pay\/sandbox\/sbx_/) });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 5, reserved: 2 });
      // The cart is spent: the shopper's next cart starts empty.
      expect((await (await shopper.get(`${STORE}/cart`)).json()).cart.lines).toEqual([]);

      const paid = await shopper.post(`/api/payments/sandbox/${refOf(payment.redirectUrl)}`, { data: { outcome: "succeed" } });
      expect(paid.status(), await paid.text()).toBe(200);
      expect(await paid.json()).toMatchObject({ payment: { status: "succeeded" }, webhook: { sent: true, delivered: true } });

      const view = await shopper.get(`${STORE}/orders/${order.id}`);
      expect(view.status()).toBe(200);
      expect((await view.json()).order).toMatchObject({ id: order.id, status: "PAID", paidAt: expect.any(String) });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 3, reserved: 0 });
      const moves = await sql<{ kind: string }>(`SELECT kind FROM "StockMovement" WHERE "orderId" = $1`, [order.id]);
      expect(moves.map((m) => m.kind)).toEqual(["SALE"]);
      await checkInvariants();
    } finally {
      await shopper.dispose();
    }
  });

  test("Decline → CANCELLED (PAYMENT_FAILED): the units are available again", async () => {
    const product = await createProduct({ stock: 3 });
    const shopper = await shopperWith(product.variantId, 3);
    try {
      const { order, payment } = await (await shopper.post(`${STORE}/checkout`)).json();
      const declined = await shopper.post(`/api/payments/sandbox/${refOf(payment.redirectUrl)}`, { data: { outcome: "fail" } });
      expect(declined.status()).toBe(200);
      const view = (await (await shopper.get(`${STORE}/orders/${order.id}`)).json()).order;
      expect(view).toMatchObject({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED", cancelledAt: expect.any(String) });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 3, reserved: 0 });
      const stock = await (await shopper.get(`${STORE}/stock?variantIds=${product.variantId}`)).json();
      expect(stock.items[0]).toMatchObject({ variantId: product.variantId, available: 3 });
      // Settling twice is refused, and changes nothing.
      await expectError(await shopper.post(`/api/payments/sandbox/${refOf(payment.redirectUrl)}`, { data: { outcome: "succeed" } }), 409, "CONFLICT");
      await checkInvariants();
    } finally {
      await shopper.dispose();
    }
  });

  test("two checkouts with the same Idempotency-Key at once: one order", async () => {
    const product = await createProduct({ stock: 10 });
    const shopper = await shopperWith(product.variantId, 4);
    try {
      const headers = { "Idempotency-Key": `e2e-${Date.now()}` };
      const [a, b] = await Promise.all([shopper.post(`${STORE}/checkout`, { headers }), shopper.post(`${STORE}/checkout`, { headers })]);
      expect([a.status(), b.status()].sort()).toEqual([200, 201]);
      const [ja, jb] = [await a.json(), await b.json()];
      expect(ja.order.id).toBe(jb.order.id);
      expect(ja.payment.redirectUrl).toBe(jb.payment.redirectUrl);
      const again = await shopper.post(`${STORE}/checkout`, { headers });
      expect(again.status()).toBe(200);
      expect((await again.json()).order.id).toBe(ja.order.id);
      const rows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Order" WHERE "idempotencyKey" = $1`, [headers["Idempotency-Key"]]);
      expect(rows[0]?.n).toBe(1);
      expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 4 });
      // Another shopper cannot reuse it.
      const other = await shopperWith(product.variantId, 1);
      await expectError(await other.post(`${STORE}/checkout`, { headers }), 409, "CONFLICT");
      await other.dispose();
    } finally {
      await shopper.dispose();
    }
  });

  test("the order is visible to the cart that placed it and to the store's admins only", async () => {
    const product = await createProduct({ stock: 2 });
    const shopper = await shopperWith(product.variantId, 1);
    const stranger = await newShopper();
    const { token } = await createToken({ store: "demo" });
    const { token: outletToken } = await createToken({ store: "outlet" });
    try {
      const { order } = await (await shopper.post(`${STORE}/checkout`)).json();
      await expectError(await stranger.get(`${STORE}/orders/${order.id}`), 404, "NOT_FOUND");
      const asAdmin = await stranger.get(`${STORE}/orders/${order.id}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(asAdmin.status()).toBe(200);
      // Another store's routes never show it, whoever asks.
      await expectError(await shopper.get(`/api/stores/outlet/orders/${order.id}`, { headers: { Authorization: `Bearer ${outletToken}` } }), 404, "NOT_FOUND");
      const list = await stranger.get(`${STORE}/admin/orders?status=PENDING_PAYMENT&limit=200`, { headers: { Authorization: `Bearer ${token}` } });
      expect(list.status()).toBe(200);
      expect((await list.json()).items.map((o: { id: string }) => o.id)).toContain(order.id);
      await expectError(await stranger.get(`${STORE}/admin/orders`), 401, "UNAUTHENTICATED");
      await expectError(await stranger.get(`${STORE}/admin/orders?status=LOST`, { headers: { Authorization: `Bearer ${token}` } }), 400, "INVALID_INPUT");

      const cancelled = await stranger.post(`${STORE}/admin/orders/${order.id}/cancel`, { headers: { Authorization: `Bearer ${token}` }, data: { reason: "customer called" } });
      expect(cancelled.status(), await cancelled.text()).toBe(200);
      expect((await cancelled.json()).order).toMatchObject({ status: "CANCELLED", cancelReason: "BY_ADMIN" });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 2, reserved: 0 });
      await expectError(await stranger.post(`${STORE}/admin/orders/${order.id}/cancel`, { headers: { Authorization: `Bearer ${token}` } }), 409, "ORDER_NOT_PAYABLE");
      await checkInvariants();
    } finally {
      await shopper.dispose();
      await stranger.dispose();
    }
  });
});

test.describe("checkout refusals", () => {
  test("an empty cart is 409 CART_EMPTY; a lapsed hold is 409 CART_INVALID with the issues; nothing changes", async () => {
    const shopper = await newShopper();
    await expectError(await shopper.post(`${STORE}/checkout`), 409, "CART_EMPTY");
    await shopper.dispose();

    const product = await createProduct({ stock: 4 });
    const lapsed = await shopperWith(product.variantId, 2);
    try {
      await sql(`UPDATE "Hold" SET "expiresAt" = now() - interval '1 minute' WHERE "inventoryItemId" = $1 AND status = 'ACTIVE'`, [product.itemId]);
      const err = await expectError(await lapsed.post(`${STORE}/checkout`), 409, "CART_INVALID");
      expect(err.details).toMatchObject({ issues: [{ variantId: product.variantId, code: "HOLD_EXPIRED" }] });
      const orders = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "OrderLine" WHERE "variantId" = $1`, [product.variantId]);
      expect(orders[0]?.n).toBe(0);
      expect(await itemCounters(product.itemId)).toEqual({ stock: 4, reserved: 2 });
    } finally {
      await lapsed.dispose();
    }
  });

  test("bad input: a malformed Idempotency-Key, an order id that is not one, an unknown store or order", async () => {
    const product = await createProduct({ stock: 4 });
    const shopper = await shopperWith(product.variantId, 1);
    try {
      await expectError(await shopper.post(`${STORE}/checkout`, { headers: { "Idempotency-Key": "x".repeat(300) } }), 400, "INVALID_INPUT");
      await expectError(await shopper.post(`${STORE}/checkout`, { headers: { "Idempotency-Key": "has spaces in it" } }), 400, "INVALID_INPUT");
      expect(await itemCounters(product.itemId)).toEqual({ stock: 4, reserved: 1 });
      await expectError(await shopper.post(`/api/stores/no-such-store/checkout`), 404, "NOT_FOUND");
      await expectError(await shopper.get(`${STORE}/orders/not%20an%20id`), 400, "INVALID_INPUT");
      await expectError(await shopper.get(`${STORE}/orders/c000000000000000000000000`), 404, "NOT_FOUND");
    } finally {
      await shopper.dispose();
    }
  });
});
