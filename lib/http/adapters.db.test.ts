// The adapters of lib/http on a real PostgreSQL, with real Request objects: shopperRoute resolves
// who is shopping once (one session lookup, one cart-cookie read) and counts the rate limit against
// that same shopper; adminRoute answers 401/403 in API.md's shape and replays Idempotency-Key writes;
// cronRoute checks the secret. Only Next's after() (no request scope here) and Auth.js's auth() (its
// JWT cookie) are stood in for; the database, the engine and the rate limiter are real.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const signedIn = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string | null } | null }));

vi.mock("server-only", () => ({}));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<object>()), after: () => {} }));
vi.mock("@/lib/auth/auth", () => ({
  auth: vi.fn(async () => (signedIn.user ? { user: signedIn.user } : null)),
  handlers: {},
  signIn: async () => {},
  signOut: async () => {},
}));
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/session")>();
  return { ...actual, getSessionUserOf: vi.fn(actual.getSessionUserOf) };
});
vi.mock("@/lib/http/cart-cookie", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/http/cart-cookie")>();
  return { ...actual, readCartToken: vi.fn(actual.readCartToken) };
});

import { auth } from "@/lib/auth/auth";
import { getSessionUserOf } from "@/lib/auth/session";
import { cartCookieName, hashCartToken, newCartToken } from "@/lib/cart/cart-token";
import { readCartToken } from "@/lib/http/cart-cookie";
import { adminRoute, adminWriteRoute, adminJson } from "@/lib/http/admin-route";
import { cronRoute } from "@/lib/http/cron-route";
import { cartSubjectOf, shopperRoute, type Shopper } from "@/lib/http/shopper-route";
import { seedShop, TestClock } from "@/lib/testing/order-fixtures";
import { createApiToken } from "@/lib/tokens/create-api-token";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { POST as addToCart } from "@/app/api/stores/[store]/cart/items/route";

const PER_CART = 3;
const CRON_SECRET = "cron-secret-for-the-adapter-tests";

let t: TestDb;
let slug: string;
let storeId: string;
let variantId: string;
let adminUser: { id: string; email: string; name: string | null };
let tokenSecret: string;

beforeAll(async () => {
  vi.stubEnv("RATE_LIMIT_CART_PER_CART", String(PER_CART));
  vi.stubEnv("CRON_SECRET", CRON_SECRET);
  t = await createTestDb();
  // getDb() is the process's client: this file's database.
  (globalThis as { __shopDb?: unknown }).__shopDb = { db: t.db, pool: t.pool };
  const shop = await seedShop(t, new TestClock(), { stocks: [50, 50] });
  storeId = shop.store.id;
  slug = (await t.db.store.findUniqueOrThrow({ where: { id: storeId }, select: { slug: true } })).slug;
  variantId = shop.items[0]!.variantId;
  const user = await t.db.user.create({ data: { email: "owner@adapters.test", name: "Owner", passwordHash: "x" }, select: { id: true, email: true, name: true } });
  await t.db.membership.create({ data: { userId: user.id, storeId, role: "OWNER" } });
  adminUser = user;
  tokenSecret = (await createApiToken({ db: t.db, now: new Date() }, { storeId, name: "ci", createdById: user.id })).secret;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  delete (globalThis as { __shopDb?: unknown }).__shopDb;
  await t.drop();
});

beforeEach(() => {
  signedIn.user = null;
  vi.mocked(getSessionUserOf).mockClear();
  vi.mocked(readCartToken).mockClear();
  vi.mocked(auth).mockClear();
});

const SESSION_COOKIE = "authjs.session-token=a-jwt";

function cartRequest(store: string, init: { cookie?: string; body?: unknown; method?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  return new Request(`http://shop.test/api/stores/${store}/cart/items`, {
    method: init.method ?? "POST",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const ctxOf = <P>(params: P) => ({ params: Promise.resolve(params) });

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error.message).toBe("string");
  return body.error;
}

describe("shopperRoute", () => {
  it("the add-to-cart route reads the session once and the cart cookie once (rate limiter and handler share them)", async () => {
    const token = newCartToken();
    const res = await addToCart(cartRequest(slug, { cookie: `${cartCookieName(slug)}=${token}`, body: { variantId, quantity: 1 } }), ctxOf({ store: slug }));
    expect(res.status).toBe(200);
    expect(vi.mocked(getSessionUserOf)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(readCartToken)).toHaveBeenCalledTimes(1);
    // The write went to the cookie's cart, and a known cart gets no new cookie.
    expect(res.headers.get("set-cookie")).toBeNull();
    const cart = await t.db.cart.findFirstOrThrow({ where: { storeId, tokenHash: hashCartToken(token) }, select: { id: true } });
    expect(((await res.json()) as { cart: { id: string } }).cart.id).toBe(cart.id);
  });

  it("a signed-in shopper: one Auth.js session decode per request, the user's cart", async () => {
    signedIn.user = adminUser;
    const res = await addToCart(cartRequest(slug, { cookie: SESSION_COOKIE, body: { variantId, quantity: 1 } }), ctxOf({ store: slug }));
    expect(res.status).toBe(200);
    expect(vi.mocked(auth)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(getSessionUserOf)).toHaveBeenCalledTimes(1);
    expect(await t.db.cart.count({ where: { storeId, userId: adminUser.id } })).toBe(1);
  });

  it("a guest's first write mints the cart cookie; a refused write sets none", async () => {
    const ok = await addToCart(cartRequest(slug, { body: { variantId, quantity: 1 } }), ctxOf({ store: slug }));
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(new RegExp(`^${cartCookieName(slug)}=[^;]+; Path=/; Max-Age=2592000; Expires=.+; HttpOnly; SameSite=Lax$`));
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const refused = await addToCart(cartRequest(slug, { body: { variantId, quantity: 0 } }), ctxOf({ store: slug }));
    expect(refused.status).toBe(400);
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect((await errorOf(refused)).code).toBe("INVALID_INPUT");
  });

  it("counts the limit per cart the adapter resolved: the shopper over it gets 429 + Retry-After, another cart does not", async () => {
    const token = newCartToken();
    const cookie = `${cartCookieName(slug)}=${token}`;
    const seen: Shopper[] = [];
    const probe = shopperRoute(
      async ({ shopper }) => {
        seen.push(shopper);
        return Response.json({ ok: true });
      },
      { rateLimit: "cart-write" },
    );
    for (let i = 0; i < PER_CART; i++) expect((await probe(cartRequest(slug, { cookie }), ctxOf({ store: slug }))).status).toBe(200);
    const limited = await probe(cartRequest(slug, { cookie }), ctxOf({ store: slug }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const error = await errorOf(limited);
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.details).toMatchObject({ limit: PER_CART, scope: "cart" });
    // The handler saw the same cart the limiter counted.
    expect(seen).toHaveLength(PER_CART);
    expect(seen.every((s) => s.owner.tokenHash === hashCartToken(token))).toBe(true);
    expect(cartSubjectOf({ storeSlug: slug, user: null, cartToken: token })).toBe(`${slug}\u0000guest\u0000${token}`);
    const other = await probe(cartRequest(slug, { cookie: `${cartCookieName(slug)}=${newCartToken()}` }), ctxOf({ store: slug }));
    expect(other.status).toBe(200);
  });

  it("an unknown store is 404 NOT_FOUND; a cross-site write is 403 before anything is resolved", async () => {
    const missing = await addToCart(cartRequest("no-such-store", { body: { variantId, quantity: 1 } }), ctxOf({ store: "no-such-store" }));
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe("NOT_FOUND");
    const crossSite = await addToCart(
      cartRequest(slug, { body: { variantId, quantity: 1 }, headers: { origin: "https://evil.example" } }),
      ctxOf({ store: slug }),
    );
    expect(crossSite.status).toBe(403);
    expect((await errorOf(crossSite)).code).toBe("FORBIDDEN");
    expect(vi.mocked(getSessionUserOf)).toHaveBeenCalledTimes(1);
  });
});

describe("adminRoute", () => {
  const listing = adminRoute(async ({ admin, deps }) => adminJson({ store: admin.store.slug, actor: admin.actor.type, at: deps.now.toISOString() }));
  const tokensOnlyForSessions = adminRoute(async ({ admin }) => adminJson({ user: admin.actor.id }), { sessionOnly: "API tokens cannot do this." });

  function adminRequest(path: string, headers: Record<string, string> = {}, init: { method?: string; body?: string } = {}) {
    return new Request(`http://shop.test/api/stores/${slug}/admin/${path}`, { method: init.method ?? "GET", headers, body: init.body });
  }

  it("a bad or missing token is 401 UNAUTHENTICATED in API.md's shape; an unknown store 404", async () => {
    const bad = await listing(adminRequest("x", { authorization: "Bearer hf_not-a-token" }), ctxOf({ store: slug }));
    expect(bad.status).toBe(401);
    expect((await errorOf(bad)).code).toBe("UNAUTHENTICATED");
    const none = await listing(adminRequest("x"), ctxOf({ store: slug }));
    expect(none.status).toBe(401);
    const unknown = await listing(adminRequest("x", { authorization: `Bearer ${tokenSecret}` }), ctxOf({ store: "no-such-store" }));
    expect(unknown.status).toBe(404);
  });

  it("a store token or a member's session reaches the handler, resolved once; no-store answers", async () => {
    const byToken = await listing(adminRequest("x", { authorization: `Bearer ${tokenSecret}` }), ctxOf({ store: slug }));
    expect(byToken.status).toBe(200);
    expect(byToken.headers.get("cache-control")).toBe("no-store");
    expect(await byToken.json()).toMatchObject({ store: slug, actor: "TOKEN" });
    signedIn.user = adminUser;
    const bySession = await listing(adminRequest("x", { cookie: SESSION_COOKIE }), ctxOf({ store: slug }));
    expect(await bySession.json()).toMatchObject({ actor: "USER" });
    expect(vi.mocked(auth)).toHaveBeenCalledTimes(1);
  });

  it("a signed-in non-member is 403; sessionOnly refuses tokens with 403 and its message", async () => {
    const stranger = await t.db.user.create({ data: { email: "stranger@adapters.test", passwordHash: "x" }, select: { id: true, email: true } });
    signedIn.user = { ...stranger, name: null };
    const res = await listing(adminRequest("x", { cookie: SESSION_COOKIE }), ctxOf({ store: slug }));
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("FORBIDDEN");
    const token = await tokensOnlyForSessions(adminRequest("x", { authorization: `Bearer ${tokenSecret}` }), ctxOf({ store: slug }));
    expect(token.status).toBe(403);
    expect((await errorOf(token)).message).toBe("API tokens cannot do this.");
  });

  it("adminWriteRoute: an Idempotency-Key replays the first answer; the same key with another body is 409", async () => {
    let writes = 0;
    const write = adminWriteRoute(async ({ admin, json }) => {
      writes += 1;
      return { status: 201, body: { got: json(), by: admin.actor.type, n: writes } };
    });
    const send = (body: string) =>
      write(
        adminRequest("w", { authorization: `Bearer ${tokenSecret}`, "idempotency-key": "key-0001", "content-type": "application/json" }, { method: "POST", body }),
        ctxOf({ store: slug }),
      );
    const first = await send(`{"a":1}`);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await send(`{"a":1}`);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(writes).toBe(1);
    const other = await send(`{"a":2}`);
    expect(other.status).toBe(409);
    expect((await errorOf(other)).code).toBe("CONFLICT");
    const tooBig = await adminWriteRoute(async () => ({ status: 200, body: {} }), { maxBytes: 4 })(
      adminRequest("w", { authorization: `Bearer ${tokenSecret}` }, { method: "POST", body: `{"a":12345}` }),
      ctxOf({ store: slug }),
    );
    expect(tooBig.status).toBe(413);
  });
});

describe("cronRoute", () => {
  const job = cronRoute(async ({ deps }) => Response.json({ ran: true, at: deps.now.toISOString() }));
  const call = (headers: Record<string, string>, query = "") => job(new Request(`http://shop.test/api/cron/x${query}`, { headers }), {});

  it("only `Authorization: Bearer $CRON_SECRET` runs the job; anything else is 401", async () => {
    const wrong = await call({ authorization: "Bearer not-the-secret" });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe("UNAUTHENTICATED");
    expect((await call({})).status).toBe(401);
    expect((await call({ authorization: `Bearer ${CRON_SECRET}` }, `?secret=${CRON_SECRET}`)).status).toBe(401);
    const ok = await call({ authorization: `Bearer ${CRON_SECRET}` });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ran: true });
  });
});
