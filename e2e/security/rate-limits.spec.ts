// Rate limits with 429 RATE_LIMITED + Retry-After: cart writes per cart and per IP, sign-in per
// account and per IP (the Auth.js route and the sign-in page), configurable through env. Each
// test sends its own X-Forwarded-For address, so its per-IP buckets are its own. The defaults are
// shown on the suite's server; lower, configured limits on a second server of the same build.
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { createUser, sql } from "../support/fixtures";
import { APP_URL, globalFingerprint, randomIp, startAltServer, stockedProduct, type AltServer } from "./security-fixtures";

async function expectRateLimited(res: APIResponse, scope: string, maxWait: number) {
  expect(res.status(), await res.text()).toBe(429);
  const retryAfter = Number(res.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxWait);
  const body = await res.json();
  expect(body).toEqual({
    error: { code: "RATE_LIMITED", message: expect.stringMatching(/Too many requests/), details: expect.objectContaining({ scope, retryAfterSeconds: retryAfter }) },
  });
}

async function client(baseURL: string, ip: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": ip } });
}

/** A credentials sign-in attempt (csrf token first), without following the redirect. */
async function attemptSignIn(c: APIRequestContext, email: string, password: string): Promise<APIResponse> {
  const { csrfToken } = (await (await c.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return c.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, callbackUrl: "/" }, maxRedirects: 0 });
}

test.describe("defaults (the suite's server)", () => {
  test("cart writes: 60 a minute per cart, then 429 with Retry-After; the refused write changes nothing; other carts go on", async () => {
    const product = await stockedProduct("demo", 1000);
    const ip = randomIp();
    const shopper = await client(APP_URL, ip);
    const neighbour = await client(APP_URL, ip);
    try {
      // The first write makes the cart (the browser had none: only the per-IP limit counts it).
      expect((await shopper.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 1 } })).status()).toBe(200);
      for (let i = 0; i < 60; i++) {
        const res = await shopper.patch(`/api/stores/demo/cart/items/${product.variantId}`, { data: { quantity: 1 + (i % 5) } });
        expect(res.status(), `write ${i + 2}`).toBe(200);
      }
      const before = await globalFingerprint();
      await expectRateLimited(await shopper.patch(`/api/stores/demo/cart/items/${product.variantId}`, { data: { quantity: 9 } }), "cart", 60);
      await expectRateLimited(await shopper.post("/api/stores/demo/checkout"), "cart", 60);
      expect(await globalFingerprint()).toEqual(before);
      // Reads are not limited, and another shopper behind the same address is not this cart.
      expect((await shopper.get("/api/stores/demo/cart")).status()).toBe(200);
      expect((await neighbour.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 1 } })).status()).toBe(200);
    } finally {
      await shopper.dispose();
      await neighbour.dispose();
    }
  });

  test("sign-in: 30 attempts a minute per account, then 429 even with the right password; other accounts are not affected", async () => {
    const victim = await createUser();
    const bystander = await createUser();
    for (let i = 0; i < 30; i++) {
      const c = await client(APP_URL, randomIp()); // a distributed guesser: a new address each time
      try {
        const res = await attemptSignIn(c, victim.email, `wrong-${i}`);
        // Refused as a wrong password, or (after 10) by the account lock: never signed in.
        expect(res.status()).toBe(302);
        expect(res.headers()["location"]).toMatch(/error=/);
      } finally {
        await c.dispose();
      }
    }
    const c = await client(APP_URL, randomIp());
    try {
      await expectRateLimited(await attemptSignIn(c, victim.email, victim.password), "signin-account", 60);
      await expectRateLimited(await attemptSignIn(c, victim.email.toUpperCase(), victim.password), "signin-account", 60);
      const ok = await attemptSignIn(c, bystander.email, bystander.password);
      expect(ok.status()).toBe(302);
      expect(ok.headers()["location"]).not.toMatch(/error=/);
    } finally {
      await c.dispose();
    }
  });
});

test.describe("configured limits (a second server: RATE_LIMIT_* env)", () => {
  let server: AltServer;
  test.beforeAll(async () => {
    server = await startAltServer({
      RATE_LIMIT_WINDOW_SECONDS: "30",
      RATE_LIMIT_CART_PER_IP: "20",
      RATE_LIMIT_CART_PER_CART: "5",
      RATE_LIMIT_SIGNIN_PER_IP: "5",
      RATE_LIMIT_SIGNIN_PER_ACCOUNT: "3",
      RATE_LIMIT_SIGNUP_PER_IP: "2",
    });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("cart writes per IP: the 21st new cart from one address in the window is refused; another address is not", async () => {
    const product = await stockedProduct("demo", 1000);
    const ip = randomIp();
    for (let i = 0; i < 20; i++) {
      const guest = await client(server.url, ip); // a new cookie jar each time: 20 different carts
      try {
        expect((await guest.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 1 } })).status(), `cart ${i + 1}`).toBe(200);
      } finally {
        await guest.dispose();
      }
    }
    const guest = await client(server.url, ip);
    const elsewhere = await client(server.url, randomIp());
    try {
      await expectRateLimited(await guest.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 1 } }), "cart-ip", 30);
      expect((await elsewhere.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 1 } })).status()).toBe(200);
    } finally {
      await guest.dispose();
      await elsewhere.dispose();
    }
  });

  test("cart writes per cart follow RATE_LIMIT_CART_PER_CART", async () => {
    const product = await stockedProduct("demo", 100);
    const shopper = await client(server.url, randomIp());
    try {
      expect((await shopper.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 1 } })).status()).toBe(200);
      for (let i = 0; i < 5; i++) {
        expect((await shopper.patch(`/api/stores/demo/cart/items/${product.variantId}`, { data: { quantity: 2 + i } })).status()).toBe(200);
      }
      await expectRateLimited(await shopper.post("/api/stores/demo/cart/fix"), "cart", 30);
    } finally {
      await shopper.dispose();
    }
  });

  test("waitlist joins are cart writes: the 21st join from one address in the window is refused and joins nobody; another address is not", async () => {
    const soldOut = await stockedProduct("demo", 0);
    const tag = Math.random().toString(36).slice(2, 8);
    const join = (c: APIRequestContext, who: string) => c.post("/api/stores/demo/waitlist", { data: { variantId: soldOut.variantId, email: `rl-wl-${who}-${tag}@e2e.test` } });
    const ip = randomIp();
    for (let i = 0; i < 20; i++) {
      const guest = await client(server.url, ip); // a new cookie jar each time: 20 different shoppers
      try {
        const res = await join(guest, String(i));
        expect(res.status(), `join ${i + 1}: ${await res.text()}`).toBe(201);
      } finally {
        await guest.dispose();
      }
    }
    const guest = await client(server.url, ip);
    const elsewhere = await client(server.url, randomIp());
    try {
      await expectRateLimited(await join(guest, "late"), "cart-ip", 30);
      const [late] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "WaitlistEntry" WHERE email = $1`, [`rl-wl-late-${tag}@e2e.test`]);
      expect(late?.n).toBe(0);
      expect((await join(elsewhere, "elsewhere")).status()).toBe(201);
      const [line] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "WaitlistEntry" WHERE "inventoryItemId" = $1`, [soldOut.itemId]);
      expect(line?.n).toBe(21);
    } finally {
      await guest.dispose();
      await elsewhere.dispose();
    }
  });

  test("a waitlist join counts against the cart's own limit (RATE_LIMIT_CART_PER_CART) like the cart's writes", async () => {
    const product = await stockedProduct("demo", 100);
    const soldOut = await stockedProduct("demo", 0);
    const shopper = await client(server.url, randomIp());
    try {
      expect((await shopper.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 1 } })).status()).toBe(200);
      for (let i = 0; i < 5; i++) {
        expect((await shopper.patch(`/api/stores/demo/cart/items/${product.variantId}`, { data: { quantity: 2 + i } })).status()).toBe(200);
      }
      await expectRateLimited(await shopper.post("/api/stores/demo/waitlist", { data: { variantId: soldOut.variantId, email: `rl-wl-cart-${Date.now()}@e2e.test` } }), "cart", 30);
      const [line] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "WaitlistEntry" WHERE "inventoryItemId" = $1`, [soldOut.itemId]);
      expect(line?.n).toBe(0);
    } finally {
      await shopper.dispose();
    }
  });

  test("sign-in per IP: the 6th attempt from one address is refused, whichever account it names", async () => {
    const c = await client(server.url, randomIp());
    try {
      for (let i = 0; i < 5; i++) expect((await attemptSignIn(c, `nobody-${i}-${Date.now()}@example.test`, "guess")).status()).toBe(302);
      await expectRateLimited(await attemptSignIn(c, `someone-else-${Date.now()}@example.test`, "guess"), "signin-ip", 30);
    } finally {
      await c.dispose();
    }
  });

  test("sign-up per IP follows RATE_LIMIT_SIGNUP_PER_IP", async () => {
    const c = await client(server.url, randomIp());
    try {
      for (let i = 0; i < 2; i++) {
        const res = await c.post("/api/auth/signup", { data: { email: `rl-${i}-${Date.now()}@example.test`, password: "a long enough password", name: "RL" } });
        expect(res.status()).toBe(201);
      }
      await expectRateLimited(await c.post("/api/auth/signup", { data: { email: `rl-x-${Date.now()}@example.test`, password: "a long enough password", name: "RL" } }), "signup-ip", 30);
    } finally {
      await c.dispose();
    }
  });

  test("the sign-in page tells the person to wait once the account's limit is reached", async ({ page }) => {
    // Four scrypt-checked sign-ins through the page on a second server: more than the default 30 s on a busy machine.
    test.slow();
    const user = await createUser();
    await page.setExtraHTTPHeaders({ "X-Forwarded-For": randomIp() });
    await page.goto(`${server.url}/signin`);
    const submit = async (password: string) => {
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(password);
      const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signin");
      await page.getByRole("button", { name: "Sign in" }).click();
      await answered;
    };
    for (let i = 0; i < 3; i++) {
      await submit(`wrong-${i}`);
      await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
    }
    // The 4th attempt in the window is refused before the password is even checked.
    await submit(user.password);
    await expect(page.getByText(/Too many sign-in attempts\. Please wait \d+ seconds/)).toBeVisible();
    expect(new URL(page.url()).pathname).toBe("/signin");
  });
});
