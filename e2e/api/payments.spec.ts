// Payments over HTTP: the sandbox's hosted page in a real browser (Pay now → back to the order,
// PAID), signed webhooks (a replay changes nothing; bad signatures and bodies are refused), and the
// simulation route's bad input.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { sandboxSecretOf } from "../../lib/payments/create-payment-providers";
import { signSandboxPayload } from "../../lib/payments/sandbox/sandbox-signature";
import { APP_URL, checkInvariants, createProduct, itemCounters, sql } from "../support/fixtures";
import { E2E_AUTH_SECRET } from "../support/e2e-env.mjs";
import { expectError } from "../support/api-errors";

const STORE = "/api/stores/demo";
const HOOK = "/api/payments/webhooks/sandbox";
const SECRET = sandboxSecretOf({ AUTH_SECRET: E2E_AUTH_SECRET, SANDBOX_WEBHOOK_SECRET: undefined });


/** A guest with `quantity` units of a new product in an order awaiting payment. */
async function pendingOrder(quantity: number, stock = 5) {
  const product = await createProduct({ stock });
  const shopper = await playwrightRequest.newContext({ baseURL: APP_URL });
  expect((await shopper.post(`${STORE}/cart/items`, { data: { variantId: product.variantId, quantity } })).status()).toBe(200);
  const res = await shopper.post(`${STORE}/checkout`);
  expect(res.status()).toBe(201);
  const { order, payment } = await res.json();
  const ref = /\/pay\/sandbox\/([A-Za-z0-9_-]+)$/.exec(payment.redirectUrl)![1]!;
  return { product, shopper, order, payment, ref };
}

function signed(event: object, at = new Date()) {
  const body = JSON.stringify(event);
  return { data: body, headers: { "content-type": "application/json", "sandbox-signature": signSandboxPayload(body, SECRET, at) } };
}

async function orderStatus(shopper: APIRequestContext, id: string) {
  return (await (await shopper.get(`${STORE}/orders/${id}`)).json()).order.status as string;
}

test.describe("the sandbox's hosted page", () => {
  test("shows the amount; Pay now leads back to the order, which is PAID", async ({ page }) => {
    const product = await createProduct({ stock: 4, priceCents: 1999 });
    // The browser's own cookies: the cart and the order belong to this page's shopper.
    expect((await page.request.post(`${STORE}/cart/items`, { data: { variantId: product.variantId, quantity: 2 } })).status()).toBe(200);
    const checkout = await page.request.post(`${STORE}/checkout`);
    expect(checkout.status()).toBe(201);
    const { order, payment } = await checkout.json();

    await page.goto(payment.redirectUrl);
    await expect(page.getByTestId("amount")).toHaveText("$39.98");
    await expect(page.getByRole("button", { name: "Decline" })).toBeVisible();
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.waitForURL(`**/demo/orders/${order.id}`);
    await expect.poll(async () => (await (await page.request.get(`${STORE}/orders/${order.id}`)).json()).order.status).toBe("PAID");
    expect(await itemCounters(product.itemId)).toEqual({ stock: 2, reserved: 0 });

    // Back on the provider's page: it says the payment was made, and offers no buttons.
    await page.goto(payment.redirectUrl);
    await expect(page.getByRole("heading", { name: "Payment received" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Pay now" })).toHaveCount(0);
    await checkInvariants();
  });

  test("Decline leads back to the order, which is cancelled and its units released", async ({ page }) => {
    const product = await createProduct({ stock: 2 });
    await page.request.post(`${STORE}/cart/items`, { data: { variantId: product.variantId, quantity: 2 } });
    const { order, payment } = await (await page.request.post(`${STORE}/checkout`)).json();
    await page.goto(payment.redirectUrl);
    await page.getByRole("button", { name: "Decline" }).click();
    await page.waitForURL(`**/demo/orders/${order.id}`);
    await expect.poll(async () => (await (await page.request.get(`${STORE}/orders/${order.id}`)).json()).order.status).toBe("CANCELLED");
    expect(await itemCounters(product.itemId)).toEqual({ stock: 2, reserved: 0 });
  });

  test("an unknown payment reference is a 404 page", async ({ page }) => {
    const res = await page.goto("/pay/sandbox/sbx_unknown");
    expect(res?.status()).toBe(404);
  });
});

test.describe("sandbox webhooks", () => {
  test("a signed event settles the order once; replays change nothing", async () => {
    const { product, shopper, order, ref } = await pendingOrder(2);
    try {
      // The provider's side says paid (no webhook: the simulation with webhooks is tested elsewhere).
      await sql(`UPDATE "SandboxPayment" SET status = 'succeeded' WHERE ref = $1`, [ref]);
      const event = { id: `evt_e2e_${Date.now()}`, type: "payment.succeeded", created: 0, data: { ref, status: "succeeded", reference: order.id } };
      const first = await shopper.post(HOOK, signed(event));
      expect(first.status(), await first.text()).toBe(200);
      expect(await first.json()).toMatchObject({ received: true, eventId: event.id, result: "PAID" });
      const replays = await Promise.all([1, 2, 3].map(() => shopper.post(HOOK, signed(event))));
      for (const r of replays) expect(await r.json()).toMatchObject({ received: true, result: "DUPLICATE_EVENT" });
      expect(await orderStatus(shopper, order.id)).toBe("PAID");
      const moves = await sql<{ kind: string }>(`SELECT kind FROM "StockMovement" WHERE "orderId" = $1`, [order.id]);
      expect(moves.map((m) => m.kind)).toEqual(["SALE"]);
      expect(await itemCounters(product.itemId)).toEqual({ stock: 3, reserved: 0 });
      await checkInvariants();
    } finally {
      await shopper.dispose();
    }
  });

  test("bad signatures are 401, bad bodies 400, unknown providers 404; nothing changes", async () => {
    const { shopper, order, ref } = await pendingOrder(1);
    try {
      const event = { id: `evt_bad_${Date.now()}`, type: "payment.succeeded", data: { ref, status: "succeeded" } };
      const good = signed(event);
      await expectError(await shopper.post(HOOK, { data: good.data, headers: { "content-type": "application/json" } }), 401, "UNAUTHENTICATED");
      await expectError(await shopper.post(HOOK, { data: good.data.replace("succeeded", "failed"), headers: good.headers }), 401, "UNAUTHENTICATED");
      await expectError(await shopper.post(HOOK, signed(event, new Date(Date.now() - 10 * 60_000))), 401, "UNAUTHENTICATED");
      const notJson = "{not json";
      await expectError(
        await shopper.post(HOOK, { data: Buffer.from(notJson), headers: { "content-type": "application/json", "sandbox-signature": signSandboxPayload(notJson, SECRET, new Date()) } }),
        400,
        "INVALID_INPUT",
      );
      await expectError(await shopper.post(HOOK, signed({ hello: "world" })), 400, "INVALID_INPUT");
      await expectError(await shopper.post("/api/payments/webhooks/paypal", good), 404, "NOT_FOUND");
      await expectError(await shopper.post("/api/payments/webhooks/stripe", good), 404, "NOT_FOUND"); // not configured here
      expect(await orderStatus(shopper, order.id)).toBe("PENDING_PAYMENT");
      // An event for a payment the shop does not know is acknowledged (so the provider stops retrying).
      const stray = await shopper.post(HOOK, signed({ id: `evt_stray_${Date.now()}`, type: "payment.succeeded", data: { ref: "sbx_nobody", status: "succeeded" } }));
      expect(await stray.json()).toMatchObject({ received: true, result: "NOT_FOUND" });
    } finally {
      await shopper.dispose();
    }
  });
});

test.describe("the sandbox simulation route", () => {
  test("bad input is refused and changes nothing", async () => {
    const { shopper, order, ref } = await pendingOrder(1);
    try {
      const url = `/api/payments/sandbox/${ref}`;
      await expectError(await shopper.post(url, { data: { outcome: "maybe" } }), 400, "INVALID_INPUT");
      await expectError(await shopper.post(url, { data: { outcome: "succeed", extra: 1 } }), 400, "INVALID_INPUT");
      await expectError(await shopper.post(url, { data: Buffer.from("{oops"), headers: { "content-type": "application/json" } }), 400, "INVALID_INPUT");
      await expectError(await shopper.post(url), 400, "INVALID_INPUT");
      await expectError(await shopper.post(`/api/payments/sandbox/sbx_nobody`, { data: { outcome: "succeed" } }), 404, "NOT_FOUND");
      await expectError(await shopper.post(`/api/payments/sandbox/not%20a%20ref`, { data: { outcome: "succeed" } }), 400, "INVALID_INPUT");
      const pending = await shopper.post(url, { data: { outcome: "pending" } });
      expect(await pending.json()).toMatchObject({ payment: { ref, status: "pending" }, webhook: { sent: false } });
      expect(await orderStatus(shopper, order.id)).toBe("PENDING_PAYMENT");
    } finally {
      await shopper.dispose();
    }
  });
});
