// Releasing a hold from Reservations gives its units back to the storefront at once.
import { expect, test } from "@playwright/test";
import { createProduct, itemCounters } from "../support/fixtures";
import { DEMO_ADMIN, holdAsGuest, rowWith, signInAt } from "./admin-fixtures";

test("releasing a hold from Reservations returns the units to the storefront", async ({ page, browser, playwright }) => {
  const title = `Dash Release Rug ${Date.now().toString(36)}`;
  const item = await createProduct({ store: "demo", stock: 2, title });
  await holdAsGuest(playwright.request, "demo", item.variantId, 2);
  const shopperContext = await browser.newContext();
  try {
    const shop = await shopperContext.newPage();
    await shop.goto("/demo");
    const badge = shop.getByRole("article", { name: title }).getByRole("status");
    await expect(badge).toHaveText("Sold out");

    await signInAt(page, "/demo/admin/reservations", DEMO_ADMIN);
    await expect(page.getByRole("heading", { level: 1, name: "Reservations" })).toBeVisible();
    await page.getByLabel("SKU").fill(item.sku);
    const row = rowWith(page, item.sku);
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("cell").nth(2)).toHaveText("2"); // quantity
    await expect(row).toContainText("Cart");
    await expect(row.locator("time")).toHaveText(/^1[45]m \d+s$/); // ~15 minutes left

    await row.getByRole("button", { name: "Release" }).click();
    const dialog = page.getByRole("dialog", { name: "Release hold" });
    await dialog.getByLabel("Reason").fill("Abandoned cart");
    await dialog.getByRole("button", { name: "Release hold" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: `Released 2 units of ${item.sku}.` })).toBeVisible();
    await expect(rowWith(page, item.sku)).toHaveCount(0);
    expect(await itemCounters(item.itemId)).toEqual({ stock: 2, reserved: 0 });

    // The storefront shows the units again, on its own.
    await expect(badge).toHaveText("Only 2 left", { timeout: 5000 });

    // The release is in the ledger with who and why.
    await page.goto(`/demo/admin/activity?sku=${encodeURIComponent(item.sku)}`);
    const entry = page.getByRole("row").filter({ hasText: "Abandoned cart" });
    await expect(entry).toContainText("Released");
    await expect(entry).toContainText(DEMO_ADMIN.email);
  } finally {
    await shopperContext.close();
  }
});
