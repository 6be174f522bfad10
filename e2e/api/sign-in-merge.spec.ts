// Two sign-ins at once (issue 24, finding 3): an account with no cart yet, two browsers each with a
// guest cart (and one of them signing in twice, a double click). Every answer is a redirect (no
// 5xx), and the account ends with one cart holding both guests' lines.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { APP_URL, checkInvariants, createProduct, createUser, itemCounters, sql } from "../support/fixtures";
import { postCredentials } from "../support/auth";

const CART = "/api/stores/demo/cart";
const ITEMS = `${CART}/items`;

async function cartOf(shopper: APIRequestContext) {
  const res = await shopper.get(CART);
  expect(res.status()).toBe(200);
  return (await res.json()).cart;
}

test("signing in twice at once with guest carts: one merged cart, no 5xx", async () => {
  const p = await createProduct({ stock: 10 });
  const q = await createProduct({ stock: 10 });
  const user = await createUser();
  const laptop = await playwrightRequest.newContext({ baseURL: APP_URL });
  const phone = await playwrightRequest.newContext({ baseURL: APP_URL });
  try {
    expect((await laptop.post(ITEMS, { data: { variantId: p.variantId, quantity: 1 } })).status()).toBe(200);
    expect((await phone.post(ITEMS, { data: { variantId: q.variantId, quantity: 2 } })).status()).toBe(200);

    // Each browser's CSRF cookie first (as a page load would set it), so the racing posts share it.
    for (const browser of [laptop, phone]) expect((await browser.get("/api/auth/csrf")).status()).toBe(200);
    const answers = await Promise.all([
      postCredentials(laptop, user.email, user.password),
      postCredentials(phone, user.email, user.password),
      postCredentials(phone, user.email, user.password),
    ]);
    for (const res of answers) {
      expect(res.status()).toBe(302);
      expect(res.headers()["location"] ?? "").not.toContain("error=");
    }

    const [a, b] = [await cartOf(laptop), await cartOf(phone)];
    expect(a.id).not.toBeNull();
    expect(b.id).toBe(a.id);
    expect(a.lines.map((l: { variantId: string; quantity: number; held: number }) => [l.variantId, l.quantity, l.held]).sort()).toEqual(
      [[p.variantId, 1, 1], [q.variantId, 2, 2]].sort(),
    );
    const [carts] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Cart" WHERE "userId" = $1 AND status = 'ACTIVE'`, [user.id]);
    expect(carts?.n).toBe(1);
    expect(await itemCounters(p.itemId)).toEqual({ stock: 10, reserved: 1 });
    expect(await itemCounters(q.itemId)).toEqual({ stock: 10, reserved: 2 });
    await checkInvariants();
  } finally {
    await laptop.dispose();
    await phone.dispose();
  }
});
