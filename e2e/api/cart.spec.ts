// The cart routes over HTTP, as a browser's fetch would use them: the cookie, every write answering
// { cart }, the 409s with their details, and bad input refused with the documented 4xx while
// nothing changes (the item's counters, the holds, the ledger and the cart are compared).
import http from "node:http";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { APP_URL, checkInvariants, createProduct, createUser, itemCounters, sql } from "../support/fixtures";
import { expectError } from "../support/api-errors";

const CART = "/api/stores/demo/cart";
const ITEMS = `${CART}/items`;

async function newShopper(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: APP_URL });
}

async function cartOf(shopper: APIRequestContext) {
  const res = await shopper.get(CART);
  expect(res.status()).toBe(200);
  return (await res.json()).cart;
}

/** Everything a refused request must leave as it was. */
async function snapshot(itemId: string, shopper: APIRequestContext) {
  const [books] = await sql<{ holds: number; moves: number }>(
    `SELECT (SELECT count(*)::int FROM "Hold" WHERE "inventoryItemId" = $1) AS holds,
            (SELECT count(*)::int FROM "StockMovement" WHERE "inventoryItemId" = $1) AS moves`,
    [itemId],
  );
  const [carts] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "Cart"`);
  return { counters: await itemCounters(itemId), books, carts: carts?.n, cart: await cartOf(shopper) };
}

/** A POST whose body is streamed in chunks with no Content-Length, on its own connection. */
function postChunked(path: string, head: string, padBytes: number): Promise<{ status: number; code: string }> {
  const url = new URL(path, APP_URL);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: "POST", agent: false, headers: { "content-type": "application/json" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, code: JSON.parse(Buffer.concat(chunks).toString("utf8")).error?.code }));
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e)));
    req.write(head);
    const chunk = "x".repeat(64 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < padBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end('"}');
    };
    pump();
  });
}


test.describe("a guest's cart", () => {
  test("adds, sets, extends, fixes, removes and clears; every write answers { cart }", async () => {
    const product = await createProduct({ stock: 10, priceCents: 1500, title: "Cart Lifecycle" });
    const shopper = await newShopper();
    try {
      const empty = await shopper.get(CART);
      expect(empty.headers()["set-cookie"]).toBeUndefined();
      expect((await empty.json()).cart).toEqual({
        id: null,
        store: "demo",
        lines: [],
        issues: [],
        expiresAt: null,
        extensionsLeft: expect.any(Number),
        subtotalCents: 0,
        currency: expect.stringMatching(/^[A-Z]{3}$/),
      });

      const added = await shopper.post(ITEMS, { data: { variantId: product.variantId, quantity: 2 } });
      expect(added.status()).toBe(200);
      const cookie = added.headers()["set-cookie"] ?? "";
      expect(cookie).toMatch(/^cart_demo=[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      // Secure exactly when the app's origin is https: the suite's is plain http.
      expect(cookie).not.toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
      expect(cookie).toMatch(/;\s*Max-Age=2592000/);
      const cart = (await added.json()).cart;
      expect(cart.id).toEqual(expect.any(String));
      expect(cart.lines).toEqual([
        {
          variantId: product.variantId,
          productTitle: "Cart Lifecycle",
          variantTitle: "One size",
          unitPriceCents: 1500,
          quantity: 2,
          held: 2,
          holdExpiresAt: expect.any(String),
          available: 10,
        },
      ]);
      expect(cart.subtotalCents).toBe(3000);
      expect(Date.parse(cart.expiresAt)).toBeGreaterThan(Date.now());
      // The database keeps only the token's hash.
      const token = /^cart_demo=([^;]+)/.exec(cookie)?.[1];
      const [row] = await sql<{ tokenHash: string }>(`SELECT "tokenHash" FROM "Cart" WHERE id = $1`, [cart.id]);
      expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row?.tokenHash).not.toBe(token);

      const more = await shopper.post(ITEMS, { data: { variantId: product.variantId, quantity: 1 } });
      expect(more.headers()["set-cookie"]).toBeUndefined();
      expect((await more.json()).cart).toMatchObject({ id: cart.id, lines: [{ quantity: 3, held: 3 }] });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 3 });

      const set = await shopper.patch(`${ITEMS}/${product.variantId}`, { data: { quantity: 1 } });
      expect((await set.json()).cart).toMatchObject({ lines: [{ quantity: 1, held: 1 }], subtotalCents: 1500 });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 1 });

      const before = (await cartOf(shopper)).extensionsLeft;
      const extended = await shopper.post(`${CART}/extend`);
      expect(extended.status()).toBe(200);
      expect((await extended.json()).cart.extensionsLeft).toBe(Math.max(0, before - 1));

      const fixed = await shopper.post(`${CART}/fix`);
      expect((await fixed.json()).cart).toMatchObject({ issues: [], lines: [{ quantity: 1, held: 1 }] });

      const removed = await shopper.delete(`${ITEMS}/${product.variantId}`);
      expect((await removed.json()).cart).toMatchObject({ id: cart.id, lines: [], subtotalCents: 0, expiresAt: null });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 0 });

      await shopper.post(ITEMS, { data: { variantId: product.variantId, quantity: 4 } });
      const cleared = await shopper.delete(CART);
      expect((await cleared.json()).cart).toMatchObject({ id: cart.id, lines: [] });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 0 });
      await checkInvariants();
    } finally {
      await shopper.dispose();
    }
  });

  test("a shopper's own hold counts for them; nobody else can take it; nobody sees another's cart", async () => {
    const product = await createProduct({ stock: 3 });
    const a = await newShopper();
    const b = await newShopper();
    try {
      expect((await a.patch(`${ITEMS}/${product.variantId}`, { data: { quantity: 2 } })).status()).toBe(200);
      const grown = await a.patch(`${ITEMS}/${product.variantId}`, { data: { quantity: 3 } });
      expect((await grown.json()).cart.lines).toEqual([expect.objectContaining({ quantity: 3, held: 3, available: 3 })]);
      const err = await expectError(await b.post(ITEMS, { data: { variantId: product.variantId, quantity: 1 } }), 409, "INSUFFICIENT_STOCK");
      expect(err.details).toEqual({ available: 0 });
      const tooMany = await expectError(await a.patch(`${ITEMS}/${product.variantId}`, { data: { quantity: 4 } }), 409, "INSUFFICIENT_STOCK");
      expect(tooMany).toMatchObject({ details: { available: 3 }, message: "Only 3 left." });
      expect((await cartOf(b)).id).toBeNull();
      expect(await itemCounters(product.itemId)).toEqual({ stock: 3, reserved: 3 });
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  test("a lapsed hold blocks nobody and the owner's cart says so; fix re-holds what it can", async () => {
    const product = await createProduct({ stock: 3 });
    const a = await newShopper();
    const b = await newShopper();
    try {
      const cartId = (await (await a.post(ITEMS, { data: { variantId: product.variantId, quantity: 3 } })).json()).cart.id;
      // Let A's hold lapse (no sweeper runs): B can still take 2 of the 3.
      await sql(`UPDATE "Hold" SET "expiresAt" = now() AT TIME ZONE 'UTC' - interval '1 second' WHERE "cartId" = $1`, [cartId]);
      const stock = await (await b.get(`/api/stores/demo/stock?variantIds=${product.variantId}`)).json();
      expect(stock.items).toEqual([{ variantId: product.variantId, available: 3, state: "low_stock" }]);
      expect((await b.post(ITEMS, { data: { variantId: product.variantId, quantity: 2 } })).status()).toBe(200);

      const view = await cartOf(a);
      expect(view.lines).toEqual([expect.objectContaining({ quantity: 3, held: 0, holdExpiresAt: null, available: 1 })]);
      expect(view.issues).toEqual([
        { variantId: product.variantId, code: "QUANTITY_REDUCED", message: expect.stringMatching(/^Only 1 left/), requested: 3, available: 1 },
      ]);
      const fixed = (await (await a.post(`${CART}/fix`)).json()).cart;
      expect(fixed.issues).toEqual([]);
      expect(fixed.lines).toEqual([expect.objectContaining({ quantity: 1, held: 1 })]);
      expect(await itemCounters(product.itemId)).toEqual({ stock: 3, reserved: 3 });
      await checkInvariants();
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });

  test("a tampered or foreign cookie is ignored, never trusted", async () => {
    const product = await createProduct({ stock: 5 });
    const a = await newShopper();
    const forger = await playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { cookie: "cart_demo=not-a-token" } });
    try {
      await a.post(ITEMS, { data: { variantId: product.variantId, quantity: 1 } });
      expect((await cartOf(forger)).id).toBeNull();
      const [{ tokenHash } = { tokenHash: "" }] = await sql<{ tokenHash: string }>(
        `SELECT c."tokenHash" FROM "Cart" c JOIN "CartLine" l ON l."cartId" = c.id WHERE l."variantId" = $1`,
        [product.variantId],
      );
      // Presenting the stored hash as a cookie does not open the cart either.
      const hashHolder = await playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { cookie: `cart_demo=${tokenHash}` } });
      expect((await cartOf(hashHolder)).id).toBeNull();
      await hashHolder.dispose();
    } finally {
      await a.dispose();
      await forger.dispose();
    }
  });
});

/** Signs this context in through Auth.js's credentials callback (as the sign-in form does). */
async function signIn(ctx: APIRequestContext, email: string, password: string) {
  const { csrfToken } = await (await ctx.get("/api/auth/csrf")).json();
  const res = await ctx.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, callbackUrl: APP_URL }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
  expect(res.headers()["location"]).not.toContain("error");
}

test.describe("a signed-in shopper's cart", () => {
  test("follows the account across devices; the guest cart merges into it at sign-in, holds and all", async () => {
    const product = await createProduct({ stock: 10 });
    const other = await createProduct({ stock: 10 });
    const user = await createUser();
    const laptop = await newShopper();
    const phone = await newShopper();
    try {
      // Already in the account's cart (from the phone), then a guest cart on the laptop.
      await signIn(phone, user.email, user.password);
      expect((await phone.post(ITEMS, { data: { variantId: product.variantId, quantity: 1 } })).headers()["set-cookie"] ?? "").not.toMatch(/cart_demo=/);
      await laptop.post(ITEMS, { data: { variantId: product.variantId, quantity: 2 } });
      await laptop.post(ITEMS, { data: { variantId: other.variantId, quantity: 3 } });
      expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 3 });

      await signIn(laptop, user.email, user.password);
      const merged = await cartOf(laptop);
      expect(merged.lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ variantId: product.variantId, quantity: 3, held: 3 }),
          expect.objectContaining({ variantId: other.variantId, quantity: 3, held: 3 }),
        ]),
      );
      expect(merged.issues).toEqual([]);
      expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 3 });
      expect(await itemCounters(other.itemId)).toEqual({ stock: 10, reserved: 3 });
      expect((await cartOf(phone)).id).toBe(merged.id);

      await phone.delete(`${ITEMS}/${other.variantId}`);
      expect((await cartOf(laptop)).lines).toEqual([expect.objectContaining({ variantId: product.variantId, quantity: 3 })]);
      // A guest elsewhere sees none of it.
      const stranger = await newShopper();
      expect((await cartOf(stranger)).id).toBeNull();
      await stranger.dispose();
      await checkInvariants();
    } finally {
      await laptop.dispose();
      await phone.dispose();
    }
  });
});

test.describe("refusals: 409 with details, nothing changed", () => {
  test("INSUFFICIENT_STOCK, LIMIT_EXCEEDED, NOT_RELEASED, NOT_AVAILABLE, the 99-unit line cap", async () => {
    const scarce = await createProduct({ stock: 2 });
    const limited = await createProduct({ stock: 10, perCustomerLimit: 2 });
    const releaseAt = new Date(Date.now() + 3_600_000);
    const drop = await createProduct({ stock: 10, releaseAt });
    const archived = await createProduct({ stock: 10, status: "ARCHIVED" });
    const ended = await createProduct({ stock: 10, endsAt: new Date(Date.now() - 1000) });
    const plenty = await createProduct({ stock: 500 });
    const shopper = await newShopper();
    try {
      let before = await snapshot(scarce.itemId, shopper);
      let err = await expectError(await shopper.post(ITEMS, { data: { variantId: scarce.variantId, quantity: 3 } }), 409, "INSUFFICIENT_STOCK");
      expect(err).toMatchObject({ message: "Only 2 left.", details: { available: 2 } });
      expect(await snapshot(scarce.itemId, shopper)).toEqual(before);

      await shopper.post(ITEMS, { data: { variantId: limited.variantId, quantity: 2 } });
      before = await snapshot(limited.itemId, shopper);
      err = await expectError(await shopper.post(ITEMS, { data: { variantId: limited.variantId, quantity: 1 } }), 409, "LIMIT_EXCEEDED");
      expect(err.details).toEqual({ limit: 2 });
      expect(await snapshot(limited.itemId, shopper)).toEqual(before);

      before = await snapshot(drop.itemId, shopper);
      err = await expectError(await shopper.post(ITEMS, { data: { variantId: drop.variantId, quantity: 1 } }), 409, "NOT_RELEASED");
      expect(err.details).toEqual({ releaseAt: releaseAt.toISOString() });
      expect(await snapshot(drop.itemId, shopper)).toEqual(before);

      for (const gone of [archived, ended]) {
        before = await snapshot(gone.itemId, shopper);
        await expectError(await shopper.post(ITEMS, { data: { variantId: gone.variantId, quantity: 1 } }), 409, "NOT_AVAILABLE");
        await expectError(await shopper.patch(`${ITEMS}/${gone.variantId}`, { data: { quantity: 1 } }), 409, "NOT_AVAILABLE");
        expect(await snapshot(gone.itemId, shopper)).toEqual(before);
      }

      await shopper.post(ITEMS, { data: { variantId: plenty.variantId, quantity: 99 } });
      before = await snapshot(plenty.itemId, shopper);
      err = await expectError(await shopper.post(ITEMS, { data: { variantId: plenty.variantId, quantity: 1 } }), 409, "LIMIT_EXCEEDED");
      expect(err.details).toEqual({ limit: 99 });
      expect(await snapshot(plenty.itemId, shopper)).toEqual(before);
      await checkInvariants();
    } finally {
      await shopper.dispose();
    }
  });

  test("EXTEND_LIMIT after the store's maxHoldExtensions", async () => {
    const product = await createProduct({ stock: 5 });
    const [store] = await sql<{ max: number }>(`SELECT "maxHoldExtensions" AS max FROM "Store" WHERE slug = 'demo'`);
    const shopper = await newShopper();
    try {
      await shopper.post(ITEMS, { data: { variantId: product.variantId, quantity: 1 } });
      for (let n = 0; n < (store?.max ?? 0); n++) expect((await shopper.post(`${CART}/extend`)).status()).toBe(200);
      const before = await snapshot(product.itemId, shopper);
      const [hold] = await sql<{ expiresAt: Date }>(`SELECT "expiresAt" FROM "Hold" WHERE "variantId" = $1 AND status = 'ACTIVE'`, [product.variantId]);
      const err = await expectError(await shopper.post(`${CART}/extend`), 409, "EXTEND_LIMIT");
      expect(err.message).toMatch(/extend/i);
      expect(await snapshot(product.itemId, shopper)).toEqual(before);
      const [after] = await sql<{ expiresAt: Date }>(`SELECT "expiresAt" FROM "Hold" WHERE "variantId" = $1 AND status = 'ACTIVE'`, [product.variantId]);
      expect(after?.expiresAt).toEqual(hold?.expiresAt);
    } finally {
      await shopper.dispose();
    }
  });
});

test.describe("bad input: the documented 4xx, the error shape, nothing changed", () => {
  test("POST cart/items", async () => {
    const product = await createProduct({ stock: 5 });
    const other = await createProduct({ store: "outlet", stock: 5 });
    const shopper = await newShopper();
    try {
      await shopper.post(ITEMS, { data: { variantId: product.variantId, quantity: 1 } });
      const before = await snapshot(product.itemId, shopper);
      const raw = (body: string) => shopper.post(ITEMS, { data: body, headers: { "content-type": "application/json" } });

      for (const body of ["{", "{\"variantId\":", "not json", "", "   ", "[1,2", "{'quantity': 1}"]) {
        await expectError(await raw(body), 400, "INVALID_INPUT");
      }
      const v = product.variantId;
      const invalid: unknown[] = [
        [],
        null,
        42,
        "text",
        {},
        { variantId: v },
        { quantity: 1 },
        { variantId: v, quantity: "1" },
        { variantId: v, quantity: true },
        { variantId: v, quantity: null },
        { variantId: v, quantity: 0 },
        { variantId: v, quantity: -1 },
        { variantId: v, quantity: 1.5 },
        { variantId: v, quantity: 100 },
        { variantId: v, quantity: 1e9 },
        { variantId: v, quantity: Number.MAX_SAFE_INTEGER + 2 },
        { variantId: v, quantity: [1] },
        { variantId: 42, quantity: 1 },
        { variantId: "", quantity: 1 },
        { variantId: "x".repeat(65), quantity: 1 },
        { variantId: v, quantity: 1, priceCents: 0 },
      ];
      for (const body of invalid) {
        const err = await expectError(await raw(JSON.stringify(body)), 400, "INVALID_INPUT");
        expect(err.details, JSON.stringify(body)).toEqual({ fields: expect.any(Array) });
      }
      // A number too big for a double parses as Infinity: still a 400, never a 500.
      await expectError(await raw(`{"variantId":"${v}","quantity":1e400}`), 400, "INVALID_INPUT");
      await expectError(await raw(`{"variantId":"${v}","quantity":-0.0000001}`), 400, "INVALID_INPUT");

      const fields = (await expectError(await shopper.post(ITEMS, { data: { variantId: 7, quantity: -1 } }), 400, "INVALID_INPUT")).details?.fields as { path: string }[];
      expect(fields.map((f) => f.path).sort()).toEqual(["quantity", "variantId"]);

      await expectError(await shopper.post(ITEMS, { data: { variantId: "no-such-variant", quantity: 1 } }), 404, "NOT_FOUND");
      // Another store's variant does not exist here.
      await expectError(await shopper.post(ITEMS, { data: { variantId: other.variantId, quantity: 1 } }), 404, "NOT_FOUND");
      await expectError(await shopper.post("/api/stores/no-such-store/cart/items", { data: { variantId: v, quantity: 1 } }), 404, "NOT_FOUND");
      await expectError(await shopper.post("/api/stores/DEMO/cart/items", { data: { variantId: v, quantity: 1 } }), 404, "NOT_FOUND");

      expect(await snapshot(product.itemId, shopper)).toEqual(before);
      expect(await itemCounters(other.itemId)).toEqual({ stock: 5, reserved: 0 });
      await checkInvariants();
    } finally {
      await shopper.dispose();
    }
  });

  test("PATCH and DELETE cart/items/{variantId}", async () => {
    const product = await createProduct({ stock: 5 });
    const other = await createProduct({ store: "outlet", stock: 5 });
    const shopper = await newShopper();
    try {
      await shopper.post(ITEMS, { data: { variantId: product.variantId, quantity: 2 } });
      const before = await snapshot(product.itemId, shopper);
      const url = `${ITEMS}/${product.variantId}`;
      for (const body of [{}, { quantity: -1 }, { quantity: 1.5 }, { quantity: 100 }, { quantity: 1e12 }, { quantity: "3" }, { quantity: null }, { quantity: 1, variantId: "x" }, [], 3, null]) {
        const err = await expectError(await shopper.patch(url, { data: JSON.stringify(body), headers: { "content-type": "application/json" } }), 400, "INVALID_INPUT");
        expect(err.details, JSON.stringify(body)).toEqual({ fields: expect.any(Array) });
      }
      await expectError(await shopper.patch(url, { data: "{bad", headers: { "content-type": "application/json" } }), 400, "INVALID_INPUT");
      await expectError(await shopper.patch(`${ITEMS}/${"x".repeat(65)}`, { data: { quantity: 1 } }), 400, "INVALID_INPUT");
      await expectError(await shopper.patch(`${ITEMS}/no-such-variant`, { data: { quantity: 1 } }), 404, "NOT_FOUND");
      await expectError(await shopper.patch(`${ITEMS}/${other.variantId}`, { data: { quantity: 1 } }), 404, "NOT_FOUND");
      await expectError(await shopper.delete(`${ITEMS}/no-such-variant`), 404, "NOT_FOUND");
      await expectError(await shopper.delete(`${ITEMS}/${other.variantId}`), 404, "NOT_FOUND");
      await expectError(await shopper.patch(`/api/stores/no-such-store/cart/items/${product.variantId}`, { data: { quantity: 1 } }), 404, "NOT_FOUND");
      await expectError(await shopper.delete(`/api/stores/no-such-store/cart/items/${product.variantId}`), 404, "NOT_FOUND");
      expect(await snapshot(product.itemId, shopper)).toEqual(before);
      expect(await itemCounters(other.itemId)).toEqual({ stock: 5, reserved: 0 });
    } finally {
      await shopper.dispose();
    }
  });

  test("unknown store on every cart route → 404; a missing route method → 405", async () => {
    const shopper = await newShopper();
    try {
      const base = "/api/stores/no-such-store/cart";
      await expectError(await shopper.get(base), 404, "NOT_FOUND");
      await expectError(await shopper.delete(base), 404, "NOT_FOUND");
      await expectError(await shopper.post(`${base}/extend`), 404, "NOT_FOUND");
      await expectError(await shopper.post(`${base}/fix`), 404, "NOT_FOUND");
      expect((await shopper.put(ITEMS, { data: {} })).status()).toBe(405);
    } finally {
      await shopper.dispose();
    }
  });

  test("bodies over 1 MiB → 413, declared or streamed", async () => {
    const product = await createProduct({ stock: 5 });
    const shopper = await newShopper();
    try {
      await shopper.post(ITEMS, { data: { variantId: product.variantId, quantity: 1 } });
      const before = await snapshot(product.itemId, shopper);
      const huge = JSON.stringify({ variantId: product.variantId, quantity: 1, pad: "x".repeat(1024 * 1024) });
      await expectError(await shopper.post(ITEMS, { data: huge, headers: { "content-type": "application/json" } }), 413, "PAYLOAD_TOO_LARGE");
      await expectError(await shopper.patch(`${ITEMS}/${product.variantId}`, { data: huge, headers: { "content-type": "application/json" } }), 413, "PAYLOAD_TOO_LARGE");

      // Without a Content-Length (chunked): the cap is enforced while reading.
      expect(await postChunked(ITEMS, `{"variantId":"${product.variantId}","quantity":1,"pad":"`, 20 * 64 * 1024)).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE" });
      expect(await snapshot(product.itemId, shopper)).toEqual(before);
    } finally {
      await shopper.dispose();
    }
  });
});
