// The waitlist over real HTTP (docs/waitlist.md): 200 shoppers race for 20 units, the 180 who lose
// join the line; when the 20 holds lapse, exactly the 20 oldest entries get offers and mail (a real
// SMTP server started here) while a stranger's add in the same moment is refused; a claim lands the
// units in a cart; lapsed offers pass to the next entries. Then bad input, one by one.
import { expect, test, request as pwRequest, type APIRequestContext } from "@playwright/test";
import { APP_URL, checkInvariants, createProduct, createToken, E2E_CRON_SECRET, itemCounters, newId, sql } from "../support/fixtures";
import { requestAlone } from "../support/alone";
import { claimLinkOf, startSmtpSink } from "../support/smtp-sink";

type Answer = { status: number; cookie: string | null; body: { error?: { code: string }; entry?: { id: string; position: number | null; status: string }; cart?: { lines: { quantity: number; held: number }[]; expiresAt: string | null } } };

/** One request on its own connection with its own cookie (or none): a shopper of its own. */
async function send(method: string, path: string, payload: unknown, cookie: string | null = null): Promise<Answer> {
  const res = await requestAlone<Answer["body"]>(method, path, payload, cookie ? { cookie } : {});
  const setCookie = res.headers["set-cookie"]?.[0]?.split(";")[0] ?? null;
  return { status: res.status, cookie: setCookie ?? cookie, body: res.body };
}

async function newStore(): Promise<{ slug: string; admin: APIRequestContext }> {
  const slug = `wl-${newId().slice(0, 8).toLowerCase()}`;
  await sql(`INSERT INTO "Store" (id, slug, name, currency, "updatedAt") VALUES ($1, $2, 'Waitlist Co', 'USD', now())`, [newId(), slug]);
  const { token } = await createToken({ store: slug });
  const admin = await pwRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  return { slug, admin };
}

const cron = () => send("GET", "/api/cron/cleanup", undefined).then(() => undefined);
async function runCleanup() {
  const ctx = await pwRequest.newContext({ baseURL: APP_URL, extraHTTPHeaders: { authorization: `Bearer ${E2E_CRON_SECRET}` } });
  const r = await ctx.get("/api/cron/cleanup");
  expect(r.status()).toBe(200);
  await ctx.dispose();
}
void cron;

async function entryRows(itemId: string) {
  return sql<{ id: string; email: string; status: string; seq: string }>(`SELECT w.id, w.email, w.status::text AS status, w.seq::text AS seq FROM "WaitlistEntry" w WHERE w."inventoryItemId" = $1 ORDER BY w.seq`, [itemId]);
}

test("200 shoppers race for 20 units; 180 join the line; when the holds lapse the 20 oldest get offers and mail, a stranger is refused; lapsed offers pass on", async () => {
  test.setTimeout(120_000);
  const smtp = await startSmtpSink();
  try {
    const { slug, admin } = await newStore();
    // Short times through the admin settings: holds and offers last 10 s.
    const settings = await admin.patch(`/api/stores/${slug}/admin/settings`, { data: { reservationTtlSeconds: 10, offerTtlSeconds: 10 } });
    expect(settings.status()).toBe(200);
    expect((await settings.json()).settings).toMatchObject({ reservationTtlSeconds: 10, offerTtlSeconds: 10 });
    const product = await createProduct({ store: slug, stock: 20, title: "Waitlist Drop" });
    const base = `/api/stores/${slug}`;

    const race = await Promise.all(Array.from({ length: 200 }, () => send("POST", `${base}/cart/items`, { variantId: product.variantId, quantity: 1 })));
    expect(race.filter((r) => r.status === 200)).toHaveLength(20);
    const losers = race.filter((r) => r.status === 409);
    expect(losers).toHaveLength(180);

    // The 180 join, in waves of 30 at once (the line's order is the order of arrival).
    const joined: Answer[] = [];
    for (let wave = 0; wave < 6; wave++) {
      joined.push(...(await Promise.all(losers.slice(wave * 30, wave * 30 + 30).map((_, i) => send("POST", `${base}/waitlist`, { variantId: product.variantId, email: `shopper${wave * 30 + i}@e2e.test` })))));
    }
    expect(joined.map((j) => j.status)).toEqual(Array(180).fill(201));
    // Each answer's place in line is counted when it is read (joiners of the same wave may already count).
    for (const j of joined) expect(j.body.entry!.position).toBeGreaterThanOrEqual(1);
    for (const j of joined) expect(j.body.entry!.position).toBeLessThanOrEqual(180);
    const line = await entryRows(product.itemId);
    expect(line).toHaveLength(180);

    // The holds lapse; in the same moment a stranger adds and the cron sweeps.
    await new Promise((r) => setTimeout(r, 10_500));
    const [stranger] = await Promise.all([send("POST", `${base}/cart/items`, { variantId: product.variantId, quantity: 1 }), runCleanup()]);
    expect(stranger.status).toBe(409);
    expect(stranger.body.error?.code).toBe("INSUFFICIENT_STOCK");
    // The sweep's transaction may commit a moment after its answer's twin (the stranger's reclaim skips holds it has locked).
    await expect.poll(async () => (await entryRows(product.itemId)).filter((e) => e.status === "OFFERED").length, { timeout: 5000 }).toBe(20);
    const served = await entryRows(product.itemId);
    expect(served.slice(0, 20).every((e) => e.status === "OFFERED")).toBe(true);
    expect(served.slice(20).every((e) => e.status === "WAITING")).toBe(true);
    expect(await itemCounters(product.itemId)).toEqual({ stock: 20, reserved: 20 });

    // Mail: one per offer, to exactly those 20 shoppers (right after the request, or by the job's mail step).
    await runCleanup();
    const oldest = served.slice(0, 20).map((e) => e.email);
    await smtp.waitFor((m) => m.filter((x) => oldest.includes(x.to[0]!)).length >= 20);
    // At most once per offer: after a settle and one more job run (its mail step), still exactly 20,
    // one per shopper (this store's claim links only: the sink is shared with other specs' retries).
    // (Kept short: the offers last 10 s and one of them is claimed below.)
    await new Promise((r) => setTimeout(r, 1000));
    await runCleanup();
    await new Promise((r) => setTimeout(r, 300));
    const ourOffers = () => smtp.received.filter((x) => oldest.includes(x.to[0]!) && x.text.includes(`/${slug}/waitlist/claim?token=`));
    expect(ourOffers()).toHaveLength(20);
    const offerMail = smtp.received.filter((x) => oldest.includes(x.to[0]!));
    expect(offerMail.map((m) => m.to[0]).sort()).toEqual([...oldest].sort());
    expect(offerMail[0]!.from).toBe("shop@e2e.test");

    // A claim lands the units in a new guest cart with its countdown; twice is 409; a forged token 404.
    const link = new URL(claimLinkOf(offerMail[0]!));
    expect(link.pathname).toBe(`/${slug}/waitlist/claim`);
    const token = link.searchParams.get("token")!;
    const claim = await send("POST", `${base}/waitlist/claim`, { token });
    expect(claim.status).toBe(200);
    expect(claim.body.cart!.lines).toMatchObject([{ quantity: 1, held: 1 }]);
    expect(claim.body.cart!.expiresAt).not.toBeNull();
    expect(claim.cookie).toMatch(/^cart_wl-/);
    expect((await send("POST", `${base}/waitlist/claim`, { token }, claim.cookie)).body.error?.code).toBe("CONFLICT");
    expect((await send("POST", `${base}/waitlist/claim`, { token })).status).toBe(409);
    expect((await send("POST", `${base}/waitlist/claim`, { token: token.slice(0, -2) + "xx" })).status).toBe(404);

    // The 19 unclaimed offers lapse and pass to the next 19 entries (and their mail).
    await new Promise((r) => setTimeout(r, 10_500));
    await runCleanup();
    await expect.poll(async () => (await entryRows(product.itemId)).filter((e) => e.status === "LAPSED").length, { timeout: 5000 }).toBe(19);
    const passed = await entryRows(product.itemId);
    const claimedEmail = offerMail[0]!.to[0];
    expect(passed.slice(0, 20).map((e) => e.status).sort()).toEqual(["CLAIMED", ...Array(19).fill("LAPSED")]);
    expect(passed.find((e) => e.email === claimedEmail)?.status).toBe("CLAIMED");
    // 19 lapsed offers, and the claimed unit too: its cart hold (10 s) lapsed in the same wait.
    expect(passed.slice(20, 40).every((e) => e.status === "OFFERED")).toBe(true);
    expect(passed.slice(40).every((e) => e.status === "WAITING")).toBe(true);
    const lapsedToken = new URL(claimLinkOf(offerMail[1]!)).searchParams.get("token")!;
    const lapsed = await send("POST", `${base}/waitlist/claim`, { token: lapsedToken });
    expect([lapsed.status, lapsed.body.error?.code]).toEqual([410, "OFFER_EXPIRED"]);
    const next = passed.slice(20, 39).map((e) => e.email);
    await smtp.waitFor((m) => m.filter((x) => next.includes(x.to[0]!)).length >= 19);

    // The admin's view.
    const list = await admin.get(`${base}/admin/waitlist?sku=${product.sku}&status=OFFERED`);
    expect(list.status()).toBe(200);
    const items = (await list.json()).items as { sku: string; status: string; email: string; offeredAt: string | null; offerExpiresAt: string | null }[];
    expect(items).toHaveLength(20);
    expect(items[0]).toMatchObject({ sku: product.sku, status: "OFFERED", offeredAt: expect.any(String), offerExpiresAt: expect.any(String) });
    await checkInvariants();
    await admin.dispose();
  } finally {
    await smtp.close();
  }
});

test("bad input: joining twice, in stock, unknown variant, quantities, emails, NUL bytes; leaving another's entry; bad claims", async () => {
  const { slug, admin } = await newStore();
  const base = `/api/stores/${slug}`;
  const soldOut = await createProduct({ store: slug, stock: 0, title: "Gone Again", perCustomerLimit: 2 });
  const inStock = await createProduct({ store: slug, stock: 5, title: "Plenty" });
  const code = (a: Answer) => [a.status, a.body.error?.code];

  expect(code(await send("POST", `${base}/waitlist`, { variantId: inStock.variantId, email: "a@e2e.test" }))).toEqual([409, "IN_STOCK"]);
  expect(code(await send("POST", `${base}/waitlist`, { variantId: "nope", email: "a@e2e.test" }))).toEqual([404, "NOT_FOUND"]);
  expect(code(await send("POST", `/api/stores/no-such-store/waitlist`, { variantId: soldOut.variantId, email: "a@e2e.test" }))).toEqual([404, "NOT_FOUND"]);
  for (const quantity of [0, 6, 1.5, "2", -1, 1e308]) {
    expect(code(await send("POST", `${base}/waitlist`, { variantId: soldOut.variantId, email: "a@e2e.test", quantity }))).toEqual([400, "INVALID_INPUT"]);
  }
  expect(code(await send("POST", `${base}/waitlist`, { variantId: soldOut.variantId, email: "a@e2e.test", quantity: 3 }))).toEqual([409, "LIMIT_EXCEEDED"]);
  for (const email of ["not-an-email", "a@", "a\u0000@e2e.test", "\ud800@e2e.test", "x".repeat(300) + "@e2e.test", 42]) {
    expect(code(await send("POST", `${base}/waitlist`, { variantId: soldOut.variantId, email }))).toEqual([400, "INVALID_INPUT"]);
  }
  expect(code(await send("POST", `${base}/waitlist`, { variantId: soldOut.variantId }))).toEqual([400, "INVALID_INPUT"]);
  expect(code(await send("POST", `${base}/waitlist`, { variantId: `${soldOut.variantId}\u0000`, email: "a@e2e.test" }))).toEqual([400, "INVALID_INPUT"]);
  expect(code(await send("POST", `${base}/waitlist`, { variantId: soldOut.variantId, email: "a@e2e.test", extra: 1 }))).toEqual([400, "INVALID_INPUT"]);

  const first = await send("POST", `${base}/waitlist`, { variantId: soldOut.variantId, email: "A@e2e.test", quantity: 2 });
  expect(first.status).toBe(201);
  expect(first.body.entry).toMatchObject({ variantId: soldOut.variantId, quantity: 2, status: "WAITING", position: 1 });
  const twice = await send("POST", `${base}/waitlist`, { variantId: soldOut.variantId, email: "a@e2e.test" }, first.cookie);
  expect(code(twice)).toEqual([409, "CONFLICT"]);
  expect((twice.body.error as unknown as { details: { entry: { id: string } } }).details.entry.id).toBe(first.body.entry!.id);
  // The same browser sees its entry; another browser cannot leave it.
  const mine = await send("GET", `${base}/waitlist?variantId=${soldOut.variantId}`, undefined, first.cookie);
  expect((mine.body as unknown as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([first.body.entry!.id]);
  const stranger = await send("POST", `${base}/waitlist`, { variantId: soldOut.variantId, email: "b@e2e.test" });
  expect(stranger.body.entry?.position).toBe(2);
  expect(code(await send("DELETE", `${base}/waitlist/${first.body.entry!.id}`, undefined, stranger.cookie))).toEqual([404, "NOT_FOUND"]);
  expect(code(await send("DELETE", `${base}/waitlist/${first.body.entry!.id}`, undefined))).toEqual([404, "NOT_FOUND"]);
  const left = await send("DELETE", `${base}/waitlist/${first.body.entry!.id}`, undefined, first.cookie);
  expect([left.status, left.body.entry?.status]).toEqual([200, "CANCELLED"]);
  expect((await send("GET", `${base}/waitlist?variantId=${soldOut.variantId}`, undefined, stranger.cookie)).body).toMatchObject({ items: [{ position: 1 }] });

  // Claims: malformed, forged, NUL bytes, empty.
  for (const token of ["", "a.b", "x".repeat(500), "a\u0000b.c.d", `${first.body.entry!.id}.hold.sig`]) {
    const r = await send("POST", `${base}/waitlist/claim`, { token });
    expect([400, 404]).toContain(r.status);
  }
  expect(code(await send("POST", `${base}/waitlist/claim`, {}))).toEqual([400, "INVALID_INPUT"]);

  // The admin list: filters are checked.
  expect((await admin.get(`${base}/admin/waitlist?status=NOPE`)).status()).toBe(400);
  const all = await (await admin.get(`${base}/admin/waitlist`)).json();
  expect(all.items.map((i: { email: string; status: string }) => `${i.email}/${i.status}`)).toEqual(["b@e2e.test/WAITING", "a@e2e.test/CANCELLED"]);
  const anon = await pwRequest.newContext({ baseURL: APP_URL });
  expect((await anon.get(`${base}/admin/waitlist`)).status()).toBe(401);
  await anon.dispose();
  await admin.dispose();
  await checkInvariants();
});
