// Helpers shared by the admin API specs (e2e/api/admin*.spec.ts): the error shape of API.md, the
// books a refused request must leave untouched, a guest's hold through the public cart API.
import { expect, request as playwrightRequest, type APIResponse } from "@playwright/test";
import { APP_URL, itemCounters, sql } from "./fixtures";
export { expectError } from "./api-errors";

export const ADMIN = "/api/stores/demo/admin";


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
