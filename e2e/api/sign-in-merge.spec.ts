// Two sign-ins at once (issue 24, finding 3): an account with no cart yet, two browsers each with a
// guest cart (and one of them signing in twice, a double click). Every answer is a redirect (no
// 5xx) that deletes the guest cart's cookie, and the account ends with one cart holding both guests'
// lines.
// A failed merge does not show in the status: the sign-in hook (lib/auth/merge-on-sign-in.ts) catches
// it, writes "[auth] guest cart merge failed" with console.error and keeps the cookie for a retry.
// That line goes to the server's stderr, which only Playwright's own output sees (the LOG_FILE the
// observability specs read holds the structured logger's lines, not console.error's), so the spec
// looks at the other half of that path: every answer must delete the cookie, which the hook does only
// for a merge that did not fail.
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
    // The double click: the phone's cookies in a second client, so both posts surely carry the guest
    // cookie (in one cookie jar the first answer could delete it before the second post is sent).
    const phoneAgain = await playwrightRequest.newContext({ baseURL: APP_URL, storageState: await phone.storageState() });
    try {
      const answers = await Promise.all([
        postCredentials(laptop, user.email, user.password),
        postCredentials(phone, user.email, user.password),
        postCredentials(phoneAgain, user.email, user.password),
      ]);
      for (const res of answers) {
        expect(res.status()).toBe(302);
        expect(res.headers()["location"] ?? "").not.toContain("error=");
        const cleared = res.headersArray().some((h) => h.name.toLowerCase() === "set-cookie" && /^cart_demo=;/.test(h.value));
        expect(cleared, "the guest cart's cookie is deleted (a failed merge keeps it)").toBe(true);
      }
    } finally {
      await phoneAgain.dispose();
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
