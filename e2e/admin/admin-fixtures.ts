// Dashboard spec helpers: signing in as a person would, a store of the spec's own with its own
// admin (so specs never see each other's rows), and holds taken through the public cart API.
import { expect, type APIRequest, type Page } from "@playwright/test";
import { expectNoSeriousViolations, expectNoSidewaysScroll, screenshot } from "../support/axe";
import { APP_URL, createUser, newId, sql } from "../support/fixtures";

export const DEMO_ADMIN = { email: "admin@demo.test", password: "demo-admin-pass" };
export const DEMO_SHOPPER = { email: "shopper@demo.test", password: "demo-shopper-pass" };

/**
 * A full-page screenshot into `dir` (outside git: /tmp or the checkout's tmp/; null: none) for a
 * person to look at, then axe: no serious or critical violation on the page as it stands; and the
 * page does not scroll sideways.
 */
export async function expectAxeClean(page: Page, width: number, label: string, dir: string | null = process.env.ADMIN_SHOTS_DIR ?? "/tmp/shots-admin") {
  if (dir) await screenshot(page, dir, label, width);
  await expectNoSeriousViolations(page, `${label}@${width}`);
  await expectNoSidewaysScroll(page, `${label}@${width}`);
}

/** Signs in through the sign-in page, starting from `path` (which sends a signed-out visitor there), and waits to land back on it. */
export async function signInAt(page: Page, path: string, who: { email: string; password: string }) {
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
}

/** A new store (own slug, own settings) with a new ADMIN member; returns both. */
export async function createAdminStore(settings: { lowStockDefault?: number; reservationTtlSeconds?: number; name?: string } = {}) {
  const slug = `dash-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await sql(
    `INSERT INTO "Store" (id, slug, name, currency, "reservationTtlSeconds", "lowStockDefault", "updatedAt") VALUES ($1, $2, $3, 'USD', $4, $5, now())`,
    [newId(), slug, settings.name ?? "Dash Supplies", settings.reservationTtlSeconds ?? 900, settings.lowStockDefault ?? 5],
  );
  const admin = await createUser({ store: slug, role: "ADMIN", name: "Dana Admin" });
  return { slug, admin };
}

/** Holds `quantity` units for a new guest cart (its own cookie jar), the way a shopper's browser does. */
export async function holdAsGuest(request: APIRequest, store: string, variantId: string, quantity: number) {
  const guest = await request.newContext({ baseURL: APP_URL });
  try {
    const res = await guest.post(`/api/stores/${store}/cart/items`, { data: { variantId, quantity } });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as { cart: { id: string } };
  } finally {
    await guest.dispose();
  }
}

/** The row of a table that holds `text` in one of its cells. */
export function rowWith(page: Page, text: string) {
  return page.getByRole("row").filter({ has: page.getByRole("cell", { name: text, exact: true }) });
}

export type OrderFixture = {
  store: string;
  product: { variantId: string; itemId: string; sku: string };
  status: "PENDING_PAYMENT" | "PAID" | "CANCELLED";
  quantity?: number;
  paymentDeadline?: Date;
  cancelReason?: string | null;
  title?: string;
};

/** An order row (with one line) written straight into the database, for the Orders views. */
export async function insertOrder(o: OrderFixture): Promise<{ id: string; number: number }> {
  const [store] = await sql<{ id: string }>(`SELECT id FROM "Store" WHERE slug = $1`, [o.store]);
  if (!store) throw new Error(`no store ${o.store}`);
  const id = newId();
  const quantity = o.quantity ?? 1;
  const now = new Date();
  const [row] = await sql<{ number: number }>(
    `INSERT INTO "Order" (id, "storeId", status, "totalCents", currency, "paymentDeadline", "createdAt", "paidAt", "cancelledAt", "cancelReason")
     VALUES ($1, $2, $3::"OrderStatus", $4, 'USD', $5, $6, $7, $8, $9) RETURNING number`,
    [
      id,
      store.id,
      o.status,
      2500 * quantity,
      o.paymentDeadline ?? new Date(now.getTime() + 30 * 60_000),
      new Date(now.getTime() - 60_000),
      o.status === "PAID" ? now : null,
      o.status === "CANCELLED" ? now : null,
      o.status === "CANCELLED" ? (o.cancelReason ?? "PAYMENT_FAILED") : null,
    ],
  );
  await sql(
    `INSERT INTO "OrderLine" (id, "orderId", "variantId", "inventoryItemId", sku, "productTitle", "variantTitle", "unitPriceCents", quantity)
     VALUES ($1, $2, $3, $4, $5, $6, 'One size', 2500, $7)`,
    [newId(), id, o.product.variantId, o.product.itemId, o.product.sku, o.title ?? "Order Item", quantity],
  );
  return { id, number: row!.number };
}
