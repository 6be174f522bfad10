// Helpers shared by the admin API specs (e2e/api/admin*.spec.ts): the error shape of API.md, the
// books a refused request must leave untouched, a guest's hold through the public cart API.
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { signedInClient } from "./auth";
import { APP_URL, checkInvariants, createUser, itemCounters, sql } from "./fixtures";
export { expectError } from "./api-errors";

export const ADMIN = "/api/stores/demo/admin";

/**
 * The demo store's ADMIN, signed in, for every test of the calling spec file: created before them,
 * disposed after them, and then the books checked. Read `.client` and `.email` inside the tests.
 */
export function adminApiSession(name = "Api Admin"): { client: APIRequestContext; email: string } {
  const session = {} as { client: APIRequestContext; email: string };
  test.beforeAll(async () => {
    const who = await createUser({ store: "demo", role: "ADMIN", name });
    session.email = who.email;
    session.client = await signedInClient(who);
  });
  test.afterAll(async () => {
    await session.client?.dispose();
    await checkInvariants();
  });
  return session;
}

export async function ok(res: APIResponse, status = 200) {
  expect(res.status(), `${res.url()} → ${await res.text()}`).toBe(status);
  return res.json();
}

/** What a refused request must leave untouched: the item's counters and its ledger length. */
export async function books(itemId: string) {
  const [row] = await sql<{ moves: number; threshold: number | null }>(
    `SELECT (SELECT count(*)::int FROM "StockMovement" WHERE "inventoryItemId" = $1) AS moves,
            (SELECT "lowStockThreshold" FROM "InventoryItem" WHERE id = $1) AS threshold`,
    [itemId],
  );
  return { ...(await itemCounters(itemId)), ...row };
}

/** A guest (own cookie jar) holds `quantity` through the public cart API. */
export async function holdAsGuest(store: string, variantId: string, quantity: number) {
  const guest = await playwrightRequest.newContext({ baseURL: APP_URL });
  try {
    await ok(await guest.post(`/api/stores/${store}/cart/items`, { data: { variantId, quantity } }));
  } finally {
    await guest.dispose();
  }
}
