// Accounts over HTTP: sign-up, sign-in through Auth.js (csrf + credentials callback), the session
// cookie's attributes, sign-out, and the guest cart that joins the account at sign-in.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { APP_URL, checkInvariants, createProduct, createUser, itemCounters, sql } from "../support/fixtures";
import { postCredentials, signIn } from "../support/auth";
import { expectError } from "../support/api-errors";

const SIGNUP = "/api/auth/signup";

async function newClient(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: APP_URL });
}


const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test.describe("sign-up", () => {
  test("creates an account (201) that can sign in; the same email again is 409 CONFLICT", async () => {
    const client = await newClient();
    try {
      const email = `Signup-${unique()}@Example.test`;
      const res = await client.post(SIGNUP, { data: { email, password: "correct horse", name: "Ada" } });
      expect(res.status(), await res.text()).toBe(201);
      const { user } = await res.json();
      expect(user).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: "Ada" });
      const [row] = await sql<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE id = $1`, [user.id]);
      expect(row?.passwordHash).toMatch(/^scrypt\$/);

      await expectError(
        await client.post(SIGNUP, { data: { email: email.toUpperCase(), password: "another one", name: "Eve" } }),
        409,
        "CONFLICT",
      );
      await signIn(client, email, "correct horse");
    } finally {
      await client.dispose();
    }
  });

  test("refuses bad input with 400 INVALID_INPUT (and oversize bodies with 413), creating nothing", async () => {
    const client = await newClient();
    try {
      const [{ n: before }] = (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "User"`)) as [{ n: number }];
      const email = `bad-${unique()}@example.test`;
      for (const data of [
        { email, password: "short", name: "A" },
        { email, password: "x".repeat(201), name: "A" },
        { email: "not-an-email", password: "12345678", name: "A" },
        { email, password: "12345678", name: "" },
        { email, password: "12345678" },
        { email, password: 12345678, name: "A" },
        { email, password: "12345678", name: "A", role: "OWNER" },
        [],
        "just a string",
      ]) {
        const err = await expectError(await client.post(SIGNUP, { data: data as object }), 400, "INVALID_INPUT");
        expect(err.details?.fields ?? err.message).toBeTruthy();
      }
      await expectError(
        await client.post(SIGNUP, { headers: { "Content-Type": "application/json" }, data: "{not json" }),
        400,
        "INVALID_INPUT",
      );
      await expectError(
        await client.post(SIGNUP, { headers: { "Content-Type": "application/json" }, data: "" }),
        400,
        "INVALID_INPUT",
      );
      await expectError(
        await client.post(SIGNUP, { data: { email, password: "12345678", name: "x".repeat(40_000) } }),
        413,
        "PAYLOAD_TOO_LARGE",
      );
      const [{ n: after }] = (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "User"`)) as [{ n: number }];
      expect(after).toBe(before);
    } finally {
      await client.dispose();
    }
  });
});

test.describe("sign-in", () => {
  test("sets an httpOnly, SameSite=Lax session cookie; the session names the user; sign-out ends it", async () => {
    const who = await createUser({ name: "Sam" });
    const client = await newClient();
    try {
      const res = await postCredentials(client, who.email, who.password);
      expect(res.status()).toBe(302);
      // Next's URL class rewrites 127.0.0.1 to localhost in Auth.js's own redirects (local runs only).
      expect(new URL(res.headers()["location"] ?? "").pathname).toBe("/");
      const setCookie = res
        .headersArray()
        .filter((h) => h.name.toLowerCase() === "set-cookie")
        .map((h) => h.value);
      const session = setCookie.find((c) => /^authjs\.session-token=/.test(c));
      expect(session, setCookie.join("\n")).toBeDefined();
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Lax/i);
      expect(session).toMatch(/Path=\//i);

      const body = await (await client.get("/api/auth/session")).json();
      expect(body.user).toMatchObject({ id: who.id, email: who.email, name: "Sam" });
      expect(JSON.stringify(body)).not.toContain("passwordHash");

      const { csrfToken } = await (await client.get("/api/auth/csrf")).json();
      const out = await client.post("/api/auth/signout", { form: { csrfToken, callbackUrl: `${APP_URL}/` }, maxRedirects: 0 });
      expect(out.status()).toBe(302);
      expect(await (await client.get("/api/auth/session")).json()).toBeNull();
    } finally {
      await client.dispose();
    }
  });

  test("a wrong password or an unknown email gets no session", async () => {
    const who = await createUser();
    const client = await newClient();
    try {
      for (const [email, password] of [
        [who.email, `${who.password}x`],
        [`nobody-${unique()}@example.test`, who.password],
        [who.email, ""],
      ] as const) {
        const res = await postCredentials(client, email, password);
        expect(res.status()).toBe(302);
        expect(res.headers()["location"]).toContain("/signin?error=CredentialsSignin");
        expect(await (await client.get("/api/auth/session")).json()).toBeNull();
      }
    } finally {
      await client.dispose();
    }
  });

  test("ten wrong passwords lock the account's sign-in for a while, even with the right one", async () => {
    const who = await createUser();
    const client = await newClient();
    try {
      for (let i = 0; i < 10; i++) {
        expect((await postCredentials(client, who.email, "wrong password")).headers()["location"]).toContain(
          "error=CredentialsSignin",
        );
      }
      // Refused either by the per-minute sign-in limit (429) or by the account lock (?code=locked).
      const locked = await postCredentials(client, who.email, who.password);
      if (locked.status() === 429) expect((await locked.json()).error.code).toBe("RATE_LIMITED");
      else expect(locked.headers()["location"]).toContain("code=locked");
      expect(await (await client.get("/api/auth/session")).json()).toBeNull();
    } finally {
      await client.dispose();
    }
  });

  test("a stranger's wrong passwords lock the stranger out, not the owner at another address", async () => {
    const who = await createUser();
    // Both arrive through the suite's trusted proxy (127.0.0.1), which names each client.
    const stranger = await playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.66" } });
    const owner = await playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.7" } });
    try {
      for (let i = 0; i < 11; i++) await postCredentials(stranger, who.email, `guess-${i}`);
      const blocked = await postCredentials(stranger, who.email, who.password);
      expect(blocked.headers()["location"]).toContain("code=locked");
      const ok = await postCredentials(owner, who.email, who.password);
      expect(ok.status()).toBe(302);
      expect(ok.headers()["location"] ?? "").not.toContain("error=");
      expect((await (await owner.get("/api/auth/session")).json())?.user?.email).toBe(who.email);
    } finally {
      await stranger.dispose();
      await owner.dispose();
    }
  });

  test("sign-out ends the session on the server: the signed-out cookie is refused afterwards", async () => {
    const store = "demo";
    const who = await createUser({ store });
    const client = await newClient();
    try {
      await signIn(client, who.email, who.password);
      const cookie = (await client.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      const copy = await playwrightRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { cookie } });
      try {
        expect((await (await copy.get("/api/auth/session")).json())?.user?.email).toBe(who.email);
        expect((await copy.get(`/api/stores/${store}/admin/settings`)).status()).toBe(200);
        const { csrfToken } = await (await client.get("/api/auth/csrf")).json();
        expect((await client.post("/api/auth/signout", { form: { csrfToken, callbackUrl: `${APP_URL}/` }, maxRedirects: 0 })).status()).toBe(302);
        // The copy still sends the very cookie that worked a moment ago: it no longer signs anyone in.
        expect(await (await copy.get("/api/auth/session")).json()).toBeNull();
        expect((await copy.get(`/api/stores/${store}/admin/settings`)).status()).toBe(401);
        // Signing in again gives a new session that works.
        await signIn(client, who.email, who.password);
        expect((await (await client.get("/api/auth/session")).json())?.user?.email).toBe(who.email);
      } finally {
        await copy.dispose();
      }
    } finally {
      await client.dispose();
    }
  });

  test("the sign-in and sign-up pages render their forms", async () => {
    const client = await newClient();
    try {
      const signin = await client.get("/signin?callbackUrl=%2Fdemo");
      expect(signin.status()).toBe(200);
      expect(await signin.text()).toMatch(/Sign in/);
      const signup = await client.get("/signup");
      expect(signup.status()).toBe(200);
      expect(await signup.text()).toMatch(/Create account/);
    } finally {
      await client.dispose();
    }
  });
});

test.describe("guest cart at sign-in", () => {
  test("joins the account's cart with its holds (reserved unchanged) and the guest cookie is cleared", async () => {
    const a = await createProduct({ stock: 10, title: "Merge A" });
    const b = await createProduct({ stock: 10, title: "Merge B" });
    const who = await createUser();
    // The account already holds 1 × A (from another device).
    const other = await newClient();
    const browser = await newClient();
    try {
      await signIn(other, who.email, who.password);
      expect((await other.post("/api/stores/demo/cart/items", { data: { variantId: a.variantId, quantity: 1 } })).status()).toBe(
        200,
      );

      // As a guest: 2 × A and 3 × B.
      expect(
        (await browser.post("/api/stores/demo/cart/items", { data: { variantId: a.variantId, quantity: 2 } })).status(),
      ).toBe(200);
      expect(
        (await browser.post("/api/stores/demo/cart/items", { data: { variantId: b.variantId, quantity: 3 } })).status(),
      ).toBe(200);
      const guestCookie = (await browser.storageState()).cookies.find((c) => c.name === "cart_demo");
      expect(guestCookie, "the guest cart cookie").toBeDefined();
      const before = { a: await itemCounters(a.itemId), b: await itemCounters(b.itemId) };
      expect(before).toEqual({ a: { stock: 10, reserved: 3 }, b: { stock: 10, reserved: 3 } });

      const res = await postCredentials(browser, who.email, who.password);
      expect(res.status()).toBe(302);
      const cleared = res.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && /^cart_demo=;/.test(h.value));
      expect(cleared?.value, "the guest cookie is deleted").toMatch(/Path=\//i);
      expect((await browser.storageState()).cookies.find((c) => c.name === "cart_demo")).toBeUndefined();

      // Both devices now see one account cart with everything, still held.
      for (const client of [browser, other]) {
        const { cart } = await (await client.get("/api/stores/demo/cart")).json();
        const lines = Object.fromEntries(
          cart.lines.map((l: { variantId: string; quantity: number; held: number }) => [l.variantId, [l.quantity, l.held]]),
        );
        expect(lines).toEqual({ [a.variantId]: [3, 3], [b.variantId]: [3, 3] });
        expect(cart.issues).toEqual([]);
      }
      expect({ a: await itemCounters(a.itemId), b: await itemCounters(b.itemId) }).toEqual(before);
      const [guestCart] = await sql<{ status: string }>(
        `SELECT status::text FROM "Cart" WHERE "tokenHash" IS NULL AND status = 'MERGED' AND "storeId" = $1 ORDER BY "updatedAt" DESC LIMIT 1`,
        [a.storeId],
      );
      expect(guestCart?.status).toBe("MERGED");
      await checkInvariants();
    } finally {
      await browser.dispose();
      await other.dispose();
    }
  });
});
