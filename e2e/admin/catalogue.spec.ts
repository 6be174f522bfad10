// The catalogue from the dashboard, in Chromium: an admin builds a product (two variants, a drop
// window typed in the admin's own time zone, a limit), sets its stock, publishes it; a shopper sees
// it with the right badge and holds it; the admin archives it and the shopper's next add is refused
// with the cart's explanation. Then grants and a supplier's item listed from the Suppliers page.
// Axe at 1280 px on the new pages; with CATALOGUE_SHOTS_DIR set (e.g. tmp/shots-catalogue, which git
// ignores), full-page screenshots at 1280 and 1920 px for a person to look at.
import { expect, test, type Page } from "@playwright/test";
import { createProduct, newId, sql } from "../support/fixtures";
import { alerts, productCard } from "../shop/shop-fixtures";
import { createAdminStore, expectAxeClean, rowWith, signInAt } from "./admin-fixtures";

const SHOTS = process.env.CATALOGUE_SHOTS_DIR || null;
const ADMIN_TZ = "America/New_York";

test.use({ timezoneId: ADMIN_TZ, viewport: { width: 1280, height: 900 } });

/** `at` as a datetime-local value in `timeZone` ("2027-01-05T09:30"). */
function localInput(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const toMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/** Axe at 1280 px (and the screenshots at 1280 and 1920 px when asked for). */
async function shoot(page: Page, label: string) {
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header stays at the top of a full-page shot
  await expectAxeClean(page, 1280, label, SHOTS);
  if (!SHOTS) return;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `${SHOTS}/${label}-1920.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("an admin builds, publishes and archives a drop; the shopper sees it, holds it, and is refused after the archive", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const { slug, admin } = await createAdminStore({ name: "Ridge Supply", lowStockDefault: 5 });
  await signInAt(page, `/${slug}/admin/products`, admin);
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Products", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("No products yet")).toBeVisible();

  await page.getByRole("link", { name: "New product" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New product" })).toBeVisible();
  // The route's own rules, checked before anything is sent.
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Required.").first()).toBeVisible();

  const releaseAt = toMinute(new Date(Date.now() + 2 * 86_400_000));
  const endsAt = toMinute(new Date(Date.now() + 9 * 86_400_000));
  await page.getByLabel("Title").fill("Ridge Parka");
  await page.getByLabel("Description").fill("A storm parka for long ridgelines.");
  await page.getByLabel("Image URL").fill("/products/rain-shell.svg");
  await expect(page.getByRole("img", { name: "Preview of the product image" })).toBeVisible();
  await page.getByLabel("Release at").fill(localInput(releaseAt, ADMIN_TZ));
  await page.getByLabel("Ends at").fill(localInput(endsAt, ADMIN_TZ));
  await page.getByLabel("Per-customer limit").fill("2");
  const first = page.getByRole("group", { name: "Variant 1" });
  await first.getByLabel("SKU", { exact: true }).fill(`${slug}-S`);
  await first.getByLabel("Variant", { exact: true }).fill("Small");
  await first.getByLabel("Price", { exact: true }).fill("12x");
  await first.getByLabel("Stock", { exact: true }).fill("6");
  await page.getByRole("button", { name: "Add variant" }).click();
  const second = page.getByRole("group", { name: "Variant 2" });
  await second.getByLabel("SKU", { exact: true }).fill(`${slug}-L`);
  await second.getByLabel("Variant", { exact: true }).fill("Large");
  await second.getByLabel("Price", { exact: true }).fill("139.50");
  await second.getByLabel("Stock", { exact: true }).fill("4");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(first.getByText("A price such as 25.00")).toBeVisible();
  await first.getByLabel("Price", { exact: true }).fill("129");
  await shoot(page, "product-new");
  await page.getByRole("button", { name: "Save product" }).click();

  await expect(page).toHaveURL(new RegExp(`/${slug}/admin/products/[^/?]+\\?created=1$`));
  await expect(page.getByRole("status").filter({ hasText: "Product created." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Ridge Parka" })).toBeVisible();
  // Saved as the admin meant it: the drop window as instants, prices in cents, opening stock on the ledger.
  const [row] = await sql<{ id: string; status: string; releaseAt: number; endsAt: number; perCustomerLimit: number }>(
    `SELECT p.id, p.status, (extract(epoch FROM p."releaseAt") * 1000)::float8 AS "releaseAt", (extract(epoch FROM p."endsAt") * 1000)::float8 AS "endsAt", p."perCustomerLimit" FROM "Product" p JOIN "Store" s ON s.id = p."storeId" WHERE s.slug = $1`,
    [slug],
  );
  expect(row).toMatchObject({ status: "DRAFT", perCustomerLimit: 2 });
  expect(new Date(row!.releaseAt).toISOString()).toBe(releaseAt.toISOString());
  expect(new Date(row!.endsAt).toISOString()).toBe(endsAt.toISOString());
  const variants = await sql<{ sku: string; priceCents: number; stock: number }>(
    `SELECT i.sku, v."priceCents", i.stock FROM "Variant" v JOIN "InventoryItem" i ON i.id = v."inventoryItemId" WHERE v."productId" = $1 ORDER BY v.position`,
    [row!.id],
  );
  expect(variants).toEqual([
    { sku: `${slug}-S`, priceCents: 12900, stock: 6 },
    { sku: `${slug}-L`, priceCents: 13950, stock: 4 },
  ]);
  await expect(page.getByLabel("Release at")).toHaveValue(localInput(releaseAt, ADMIN_TZ));
  await shoot(page, "product-edit");

  // Sets its stock: Small 6 → 8 in Inventory (a ledger row with the reason).
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Inventory", exact: true }).click();
  await rowWith(page, `${slug}-S`).getByRole("button", { name: "Adjust stock" }).click();
  const adjust = page.getByRole("dialog", { name: "Adjust stock" });
  await adjust.getByLabel("New stock").fill("8");
  await adjust.getByLabel("Reason").fill("Second delivery");
  await adjust.getByRole("button", { name: "Save" }).click();
  await expect(adjust).toBeHidden();

  // A draft is not in the shop.
  const shopper = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await shopper.goto(`/${slug}`);
  await expect(productCard(shopper, "Ridge Parka")).toHaveCount(0);

  // Published before its drop: Coming soon.
  await page.goto(`/${slug}/admin/products`);
  await page.getByRole("link", { name: "Ridge Parka" }).click();
  await page.getByRole("combobox", { name: "Status" }).selectOption("ACTIVE");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Shoppers see the changes now." })).toBeVisible();
  await shopper.reload();
  await expect(productCard(shopper, "Ridge Parka").getByRole("status")).toHaveText("Coming soon");

  // The drop opens (release moved to an hour ago): on sale, 8 + 4 units.
  await page.getByLabel("Release at").fill(localInput(new Date(Date.now() - 3600_000), ADMIN_TZ));
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Shoppers see the changes now." })).toBeVisible();
  await shopper.reload();
  const card = productCard(shopper, "Ridge Parka");
  await expect(card.getByRole("status")).toHaveText("In stock");
  await card.getByRole("link", { name: "Ridge Parka" }).click();
  await shopper.getByText("Large", { exact: true }).click();
  await expect(shopper.getByRole("status").first()).toHaveText("Only 4 left");
  await shopper.getByRole("button", { name: "Add to cart" }).click();
  await expect(shopper.getByText("Added to your cart")).toBeVisible();

  // Archived while the shopper holds it: the hold stays, the next add is refused and explained.
  await shopper.route(`**/api/stores/${slug}/stock**`, (route) => route.abort()); // this page keeps offering the add
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Archive Ridge Parka?" });
  await expect(confirm).toContainText("Carts that hold it now keep their holds");
  await shoot(page, "product-archive-confirm");
  await confirm.getByRole("button", { name: "Archive product" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Archived." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Archive", exact: true })).toHaveCount(0);

  await shopper.getByRole("button", { name: "Add to cart" }).click();
  await expect(alerts(shopper)).toContainText("This item is no longer available.");
  await shopper.unroute(`**/api/stores/${slug}/stock**`);
  await shopper.goto(`/${slug}/cart`);
  await expect(alerts(shopper)).toContainText("No longer available — fixing your cart removes it.");
  await expect(shopper.getByRole("button", { name: "Checkout" })).toBeDisabled();
  const [hold] = await sql<{ status: string; quantity: number }>(
    `SELECT h.status, h.quantity FROM "Hold" h JOIN "InventoryItem" i ON i.id = h."inventoryItemId" WHERE i.sku = $1`,
    [`${slug}-L`],
  );
  expect(hold).toEqual({ status: "ACTIVE", quantity: 1 });

  // The list: filter and search on the server.
  await page.goto(`/${slug}/admin/products`);
  await expect(page.getByRole("link", { name: "Ridge Parka" })).toBeVisible();
  await page.getByRole("button", { name: "Active", exact: true }).click();
  await expect(page.getByText("No products match")).toBeVisible();
  await page.getByRole("button", { name: "Archived", exact: true }).click();
  await expect(page.getByRole("link", { name: "Ridge Parka" })).toBeVisible();
  await page.getByLabel("Search").fill(`${slug}-L`);
  await expect(page.getByRole("link", { name: "Ridge Parka" })).toBeVisible();
  await page.getByLabel("Search").fill("no such parka");
  await expect(page.getByText("No products match")).toBeVisible();
  await shopper.close();
});

test("grants from the Suppliers page: grant and revoke a reseller, list a supplier's item with its own title and price", async ({ page }) => {
  test.setTimeout(60_000);
  const { slug, admin } = await createAdminStore({ name: "Corner Resale" });
  const supplier = await createAdminStore({ name: "Mill Works" });
  const reseller = await createAdminStore({ name: "Harbor Market" });
  const item = await createProduct({ store: supplier.slug, stock: 9, title: "Mill Blanket", variantTitle: "Wool", priceCents: 8000 });
  await sql(
    `INSERT INTO "SupplierGrant" (id, "supplierStoreId", "resellerStoreId", since)
     SELECT $1, s.id, r.id, now() FROM "Store" s, "Store" r WHERE s.slug = $2 AND r.slug = $3`,
    [newId(), supplier.slug, slug],
  );

  await signInAt(page, `/${slug}/admin/suppliers`, admin);
  await expect(page.getByRole("heading", { level: 1, name: "Suppliers and resellers" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Suppliers", exact: true })).toHaveAttribute("aria-current", "page");

  // Grant a reseller by its slug; an unknown one is refused with the API's words.
  await page.getByLabel("Reseller store").fill("no-such-store-here");
  await page.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not granted" })).toContainText('No store "no-such-store-here"');
  await page.getByLabel("Reseller store").fill(reseller.slug);
  await page.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Harbor Market may now list your items." })).toBeVisible();
  await expect(rowWith(page, reseller.slug)).toContainText("Harbor Market");

  // What the supplier offers, and List item with this store's own title and price.
  const offered = rowWith(page, item.sku);
  await expect(offered).toContainText("Mill Blanket");
  await shoot(page, "suppliers");
  await offered.getByRole("button", { name: `List item ${item.sku}` }).click();
  const dialog = page.getByRole("dialog", { name: "List item" });
  await dialog.getByLabel("Title").fill("Corner Blanket");
  await dialog.getByLabel(/^Price/).fill("95.00");
  await dialog.getByLabel("Status").selectOption("ACTIVE");
  await shoot(page, "suppliers-list-item");
  await dialog.getByRole("button", { name: "List item" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Corner Blanket is listed and on sale." })).toBeVisible();
  await expect(offered.getByText("Listed", { exact: true })).toBeVisible();
  const [listing] = await sql<{ title: string; priceCents: number; sku: string; status: string }>(
    `SELECT p.title, v."priceCents", i.sku, p.status FROM "Variant" v JOIN "Product" p ON p.id = v."productId" JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
     JOIN "Store" s ON s.id = v."storeId" WHERE s.slug = $1`,
    [slug],
  );
  expect(listing).toEqual({ title: "Corner Blanket", priceCents: 9500, sku: item.sku, status: "ACTIVE" });

  // Revoke, confirmed.
  await rowWith(page, reseller.slug).getByRole("button", { name: `Revoke ${reseller.slug}` }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke Harbor Market?" });
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Harbor Market can no longer list your items." })).toBeVisible();
  await expect(page.getByText("No resellers")).toBeVisible();

  // The listing in the products list, with its price in the store's currency.
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Products", exact: true }).click();
  await expect(page.getByRole("link", { name: "Corner Blanket" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("$95.00");
  await shoot(page, "products");
});
