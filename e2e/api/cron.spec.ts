// The cron routes over HTTP: only `Authorization: Bearer $CRON_SECRET` runs a job (no header, a
// wrong secret, a secret in the query string → 401); a run answers its figures; a dry run changes
// nothing; bad query strings are 400.
import { expect, test, type APIResponse } from "@playwright/test";
import { checkInvariants, createProduct, E2E_CRON_SECRET, itemCounters, sql } from "../support/fixtures";

const auth = { Authorization: `Bearer ${E2E_CRON_SECRET}` };

async function expect401(res: APIResponse) {
  expect(res.status(), `${res.url()} → ${await res.text()}`).toBe(401);
  expect((await res.json()).error).toMatchObject({ code: "UNAUTHENTICATED", message: expect.any(String) });
}

test.describe("cron auth", () => {
  for (const job of ["cleanup", "payment-sync"]) {
    test(`${job}: no header, a wrong secret, the secret in the query string → 401`, async ({ request }) => {
      const before = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "JobRun"`);
      await expect401(await request.get(`/api/cron/${job}`));
      await expect401(await request.get(`/api/cron/${job}`, { headers: { Authorization: "Bearer wrong-secret" } }));
      await expect401(await request.get(`/api/cron/${job}`, { headers: { Authorization: `Bearer ${E2E_CRON_SECRET}x` } }));
      await expect401(await request.get(`/api/cron/${job}`, { headers: { Authorization: "Bearer " } }));
      await expect401(await request.get(`/api/cron/${job}`, { headers: { Authorization: E2E_CRON_SECRET } }));
      await expect401(await request.get(`/api/cron/${job}?secret=${E2E_CRON_SECRET}`));
      await expect401(await request.get(`/api/cron/${job}?CRON_SECRET=${E2E_CRON_SECRET}`));
      await expect401(await request.get(`/api/cron/${job}?secret=${E2E_CRON_SECRET}`, { headers: auth }));
      const after = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "JobRun"`);
      expect(after[0]?.n).toBe(before[0]?.n); // nothing ran
    });
  }
});

test.describe("cron runs", () => {
  test("cleanup answers its figures; a dry run changes nothing; the real run expires lapsed holds", async ({ request }) => {
    const product = await createProduct({ stock: 6 });
    const shopper = await request.post("/api/stores/demo/cart/items", { data: { variantId: product.variantId, quantity: 3 } });
    expect(shopper.status()).toBe(200);
    await sql(`UPDATE "Hold" SET "expiresAt" = now() - interval '1 minute' WHERE "inventoryItemId" = $1 AND status = 'ACTIVE'`, [product.itemId]);

    const dry = await request.get("/api/cron/cleanup?dryRun=1", { headers: auth });
    expect(dry.status(), await dry.text()).toBe(200);
    const d = await dry.json();
    expect(d).toMatchObject({ job: "cleanup", dryRun: true, expiredHolds: expect.any(Number), releasedUnits: expect.any(Number), cancelledOrders: expect.any(Number), repaired: 0, durationMs: expect.any(Number) });
    expect(d.expiredHolds).toBeGreaterThanOrEqual(1);
    expect(await itemCounters(product.itemId)).toEqual({ stock: 6, reserved: 3 });

    const run = await request.get("/api/cron/cleanup", { headers: auth });
    expect(run.status()).toBe(200);
    const r = await run.json();
    if (r.skipped) {
      expect(r).toEqual({ job: "cleanup", skipped: true, reason: "locked" });
    } else {
      expect(r).toMatchObject({ job: "cleanup", dryRun: false, expiredHolds: expect.any(Number), durationMs: expect.any(Number) });
      expect(r.driftItems).toBeUndefined();
      expect(await itemCounters(product.itemId)).toEqual({ stock: 6, reserved: 0 });
    }
    await checkInvariants();
  });

  test("payment-sync answers its figures", async ({ request }) => {
    const res = await request.get("/api/cron/payment-sync?dryRun=1", { headers: auth });
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({
      job: "payment-sync",
      dryRun: true,
      checked: expect.any(Number),
      succeeded: expect.any(Number),
      failed: expect.any(Number),
      stillPending: expect.any(Number),
      gaveUp: expect.any(Number),
      durationMs: expect.any(Number),
    });
  });

  test("a bad query string is 400 (after the auth check)", async ({ request }) => {
    const res = await request.get("/api/cron/cleanup?dryRun=maybe", { headers: auth });
    expect(res.status()).toBe(400);
    expect((await res.json()).error.code).toBe("INVALID_INPUT");
    await expect401(await request.get("/api/cron/cleanup?dryRun=maybe"));
  });
});
