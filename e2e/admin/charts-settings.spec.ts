// Charts draw what really happened (from the ledger); settings save; an API token created in
// Settings works on the admin API and stops working once revoked.
import { expect, test } from "@playwright/test";
import { APP_URL, createProduct, sql } from "../support/fixtures";
import { DEMO_ADMIN, createAdminStore, holdAsGuest, signInAt } from "./admin-fixtures";

test("charts render holds, sales, expiries and releases, and the stock of low items, from real data", async ({ page, playwright }) => {
  const { slug, admin } = await createAdminStore({ lowStockDefault: 4 });
  const low = await createProduct({ store: slug, stock: 6, title: "Chart Candle" });
  const other = await createProduct({ store: slug, stock: 50, title: "Chart Crate" });
  await holdAsGuest(playwright.request, slug, low.variantId, 2); // a hold: 4 available = low
  await holdAsGuest(playwright.request, slug, other.variantId, 3);
  // A guest who changes their mind: hold then release through the cart API.
  const guest = await playwright.request.newContext({ baseURL: APP_URL });
  expect((await guest.post(`/api/stores/${slug}/cart/items`, { data: { variantId: other.variantId, quantity: 1 } })).status()).toBe(200);
  expect((await guest.delete(`/api/stores/${slug}/cart/items/${other.variantId}`)).status()).toBe(200);
  await guest.dispose();

  await signInAt(page, `/${slug}/admin/charts`, admin);
  await expect(page.getByRole("heading", { level: 1, name: "Charts" })).toBeVisible();
  const tiles = page.locator("dl").first();
  await expect(tiles.getByText("Holds created").locator("..").locator("dd").first()).toHaveText("3");
  await expect(tiles.getByText("Released").locator("..").locator("dd").first()).toHaveText("1");
  await expect(tiles.getByText("Sold", { exact: true }).locator("..").locator("dd").first()).toHaveText("0");

  const holdsChart = page.getByRole("img", { name: /Bar chart of holds over the last 24 hours: 3 created, 0 sold, 0 expired, 1 released/ });
  await expect(holdsChart).toBeVisible();
  expect(await holdsChart.locator(".recharts-bar-rectangle path, .recharts-bar-rectangle rect").count()).toBeGreaterThan(0);

  const stockChart = page.getByRole("img", { name: /Line chart of stock on hand for 1 low items: .* now 6/ });
  await expect(stockChart).toBeVisible();
  await expect(stockChart.locator(".recharts-line")).toHaveCount(1);
  await page.getByText("Show the numbers").nth(1).click();
  await expect(page.getByRole("table", { name: "Low items now" }).getByRole("row").filter({ hasText: low.sku })).toContainText("Chart Candle");

  // Other ranges answer too.
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page.getByRole("img", { name: /last 7 days: 3 created/ })).toBeVisible();
});

test("settings save, and a token created in Settings works on the admin API until it is revoked", async ({ page, playwright }) => {
  const { slug, admin } = await createAdminStore();
  await signInAt(page, `/${slug}/admin/settings`, admin);
  await page.getByLabel("Reservation time (seconds)").fill("600");
  await page.getByLabel("Extensions allowed").fill("1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  const [store] = await sql<{ reservationTtlSeconds: number; maxHoldExtensions: number }>(`SELECT "reservationTtlSeconds", "maxHoldExtensions" FROM "Store" WHERE slug = $1`, [slug]);
  expect(store).toEqual({ reservationTtlSeconds: 600, maxHoldExtensions: 1 });
  await page.getByLabel("Reservation time (seconds)").fill("5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("region", { name: "Reservations and stock" }).getByRole("alert")).toContainText("Reservation time must be a whole number from 10");

  await page.getByLabel("Token name").fill("Warehouse ERP");
  await page.getByRole("button", { name: "Create token" }).click();
  const secretBox = page.getByLabel("New API token");
  await expect(secretBox).toHaveValue(/^\S{20,}$/);
  const secret = await secretBox.inputValue();
  const tokens = page.getByRole("table", { name: "API tokens" });
  await expect(tokens.getByRole("row").filter({ hasText: "Warehouse ERP" })).toContainText("Active");

  const api = await playwright.request.newContext({ baseURL: APP_URL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  try {
    const ok = await api.get(`/api/stores/${slug}/admin/inventory`);
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toMatchObject({ items: [] });
    // Another store's admin API does not take it.
    expect((await api.get(`/api/stores/demo/admin/inventory`)).status()).toBe(401);

    // The secret is shown once: after a reload only its prefix is listed.
    await page.reload();
    await expect(page.getByLabel("New API token")).toHaveCount(0);
    const row = tokens.getByRole("row").filter({ hasText: "Warehouse ERP" });
    await expect(row).not.toContainText(secret);
    await expect(row).not.toContainText("Never"); // it was used just now
    await row.getByRole("button", { name: "Revoke" }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke token" });
    await dialog.getByRole("button", { name: "Revoke token" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText("Revoked");

    const refused = await api.get(`/api/stores/${slug}/admin/inventory`);
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe("UNAUTHENTICATED");
  } finally {
    await api.dispose();
  }
});

test("the demo admin sees the demo store's low items charted", async ({ page }) => {
  await signInAt(page, "/demo/admin/charts", DEMO_ADMIN);
  await expect(page.getByRole("img", { name: /Line chart of stock on hand for \d+ low items: .*BEANIE-RUST now/ })).toBeVisible();
});
