// The inventory section: filter, search, adjust with a reason (seen in Activity and on the
// storefront), refusals below what is held, shared stock, and all-or-nothing CSV imports.
import { expect, test } from "@playwright/test";
import { createProduct, createUser, itemCounters, listReseller } from "../support/fixtures";
import { DEMO_ADMIN, holdAsGuest, rowWith, signInAt } from "./admin-fixtures";
import { expectAxeClean } from "../support/axe";

test("an admin filters low stock, adjusts an item with a reason; Activity and the storefront badge follow", async ({ page, browser }) => {
  const title = `Dash Lantern ${Date.now().toString(36)}`;
  const item = await createProduct({ store: "demo", stock: 3, title });
  const shopperContext = await browser.newContext();
  try {
    const shop = await shopperContext.newPage();
    await shop.goto("/demo");
    const badge = shop.getByRole("article", { name: title }).getByRole("status");
    await expect(badge).toHaveText("Only 3 left");

    await signInAt(page, "/demo/admin/inventory", DEMO_ADMIN);
    await expect(page.getByRole("heading", { level: 1, name: "Inventory" })).toBeVisible();
    const table = page.getByRole("table");
    for (const name of ["SKU", "Product", "Stock", "Reserved", "Available", "Threshold", "Status"]) {
      await expect(table.getByRole("columnheader", { name, exact: true })).toBeVisible();
    }

    await page.getByRole("button", { name: "Low stock" }).click();
    await expect(page.getByRole("button", { name: "Low stock" })).toHaveAttribute("aria-pressed", "true");
    const row = rowWith(page, item.sku);
    await expect(row).toBeVisible();
    await expect(row.getByText("Low stock")).toBeVisible();
    await expect(rowWith(page, "NOTE-FIELD")).toHaveCount(0); // 100 on hand: not low

    await page.getByLabel("Search").fill(item.sku);
    await expect(table.getByRole("row")).toHaveCount(2); // header + the one item

    await row.getByRole("button", { name: "Adjust stock" }).click();
    const dialog = page.getByRole("dialog", { name: "Adjust stock" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("New stock").fill("12");
    await dialog.getByLabel("Reason").fill("Delivery received from the workshop");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: `${item.sku}: stock set to 12 (was 3)` })).toBeVisible();
    expect(await itemCounters(item.itemId)).toEqual({ stock: 12, reserved: 0 });

    // No longer low: gone from the filter, back under All with its new numbers.
    await expect(rowWith(page, item.sku)).toHaveCount(0);
    await page.getByRole("button", { name: "All", exact: true }).click();
    await expect(rowWith(page, item.sku).getByRole("cell", { name: "12", exact: true }).first()).toBeVisible();
    await expect(rowWith(page, item.sku).getByText("In stock")).toBeVisible();

    // The storefront badge changes on its own.
    await expect(badge).toHaveText("In stock", { timeout: 5000 });

    // Activity: who, what, when and why.
    await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Activity" }).click();
    await page.getByLabel("Filter by SKU").fill(item.sku);
    const entry = page.getByRole("row").filter({ hasText: "Delivery received from the workshop" });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText("Stock adjusted");
    await expect(entry).toContainText("stock 3 → 12 (+9)");
    await expect(entry).toContainText(DEMO_ADMIN.email);
    await expect(entry.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
    // The opening stock row is there too, older.
    await expect(page.getByRole("row").filter({ hasText: "opening stock" })).toHaveCount(1);
  } finally {
    await shopperContext.close();
  }
});

test("numbers update live while the page is open, and columns sort", async ({ page, playwright }) => {
  const a = await createProduct({ store: "demo", stock: 9, title: `Dash Sorter A ${Date.now().toString(36)}` });
  await signInAt(page, "/demo/admin/inventory", DEMO_ADMIN);
  const row = rowWith(page, a.sku);
  await expect(row).toBeVisible();
  await holdAsGuest(playwright.request, "demo", a.variantId, 4);
  // Reserved 4, available 5 appear without a reload (polling every ~3 s).
  await expect(row.getByRole("cell").nth(3)).toHaveText("4", { timeout: 8000 });
  await expect(row.getByRole("cell").nth(4)).toHaveText("5");

  const stockHeader = page.getByRole("columnheader", { name: "Stock", exact: true });
  await stockHeader.getByRole("button").click();
  await expect(stockHeader).toHaveAttribute("aria-sort", "ascending");
  const firstStock = async () => Number(await page.getByRole("row").nth(1).getByRole("cell").nth(2).textContent());
  expect(await firstStock()).toBe(0); // PACK-20L is sold out
  await stockHeader.getByRole("button").click();
  await expect(stockHeader).toHaveAttribute("aria-sort", "descending");
  expect(await firstStock()).toBeGreaterThanOrEqual(100);
});

test("setting stock below what is held is refused in the dialog, with the reason", async ({ page, playwright }) => {
  const item = await createProduct({ store: "demo", stock: 5, title: `Dash Held Kettle ${Date.now().toString(36)}` });
  await holdAsGuest(playwright.request, "demo", item.variantId, 3);
  await signInAt(page, "/demo/admin/inventory", DEMO_ADMIN);
  await page.getByLabel("Search").fill(item.sku);
  const row = rowWith(page, item.sku);
  await expect(row.getByRole("cell").nth(3)).toHaveText("3");
  await row.getByRole("button", { name: "Adjust stock" }).click();
  const dialog = page.getByRole("dialog", { name: "Adjust stock" });
  await dialog.getByLabel("New stock").fill("1");
  await dialog.getByLabel("Reason").fill("Miscounted");
  await dialog.getByRole("button", { name: "Save" }).click();
  const refusal = dialog.getByRole("alert");
  await expect(refusal).toContainText("stock can't go below what is held");
  await expect(refusal).toContainText(/3/);
  await expect(dialog).toBeVisible();
  expect(await itemCounters(item.itemId)).toEqual({ stock: 5, reserved: 3 });
  // Fixing the number within the dialog goes through.
  await dialog.getByLabel("New stock").fill("3");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  expect(await itemCounters(item.itemId)).toEqual({ stock: 3, reserved: 3 });
});

test("a reseller's admin sees shared stock with adjusting disabled and why", async ({ page }) => {
  const supplier = await createProduct({ store: "demo", stock: 8, title: `Dash Shared Stool ${Date.now().toString(36)}` });
  await listReseller({ store: "outlet", itemId: supplier.itemId, title: "Outlet Stool" });
  const outletAdmin = await createUser({ store: "outlet", role: "ADMIN" });
  await signInAt(page, "/outlet/admin/inventory", outletAdmin);
  await page.getByLabel("Search").fill(supplier.sku);
  const row = rowWith(page, supplier.sku);
  await expect(row.getByText("Shared", { exact: true })).toBeVisible();
  const adjust = row.getByRole("button", { name: "Adjust stock" });
  await expect(adjust).toBeDisabled();
  await expect(adjust).toHaveAccessibleDescription(/supplier manages its stock/);
  // And the API agrees: the units are not theirs to change.
  const res = await page.request.patch(`/api/stores/outlet/admin/inventory/${supplier.sku}`, { data: { stock: 1, reason: "try" } });
  expect(res.status()).toBe(403);
});

test("the CSV preview refusing an unknown SKU (server check, Import disabled); a good CSV applies every row", async ({ page }) => {
  const a = await createProduct({ store: "demo", stock: 5, title: `Dash Csv A ${Date.now().toString(36)}` });
  const b = await createProduct({ store: "demo", stock: 6, title: `Dash Csv B ${Date.now().toString(36)}` });
  await signInAt(page, "/demo/admin/inventory", DEMO_ADMIN);

  await page.getByRole("button", { name: "Import CSV" }).click();
  let dialog = page.getByRole("dialog", { name: "Import CSV" });
  await dialog.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(`sku,stock\n${a.sku},40\nNO-SUCH-SKU-${Date.now()},3\n${b.sku},41\n`) });
  await expect(dialog.getByText("Preview: 3 rows")).toBeVisible();
  // The preview asks the server (validate-only import, rolled back): the unknown SKU is marked with
  // the server's message before anything is imported, and Import stays disabled.
  await expect(dialog.getByRole("row").filter({ hasText: "No inventory item" })).toContainText("NO-SUCH-SKU");
  await expect(dialog.getByText("The server would refuse 1 row")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Import 3 rows" })).toBeDisabled();
  await expectAxeClean(page, "admin inventory: CSV preview with a refused row", { widths: [1280] });
  expect(await itemCounters(a.itemId)).toEqual({ stock: 5, reserved: 0 });
  expect(await itemCounters(b.itemId)).toEqual({ stock: 6, reserved: 0 });
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("button", { name: "Import CSV" }).click();
  dialog = page.getByRole("dialog", { name: "Import CSV" });
  await dialog.getByLabel("CSV file").setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(`sku,stock,lowStockThreshold\n${a.sku},40,\n${b.sku},41,7\n`) });
  await dialog.getByLabel("Reason").fill("Quarterly count");
  await dialog.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "2 items updated" })).toBeVisible();
  expect(await itemCounters(a.itemId)).toEqual({ stock: 40, reserved: 0 });
  expect(await itemCounters(b.itemId)).toEqual({ stock: 41, reserved: 0 });
  await page.getByLabel("Search").fill(b.sku);
  // The Threshold cell, found by its column's header (columns come and go: Waiting came with the
  // waitlist); polled, since the search re-renders the table.
  const thresholdOf = async (sku: string) => {
    const headers = await page.getByRole("columnheader").allTextContents();
    const at = headers.findIndex((h) => h.toLowerCase().includes("threshold"));
    return at < 0 ? null : rowWith(page, sku).getByRole("cell").nth(at).textContent({ timeout: 1000 }).catch(() => null);
  };
  await expect.poll(() => thresholdOf(b.sku)).toBe("7");
});

test("Export CSV downloads the inventory", async ({ page }) => {
  await signInAt(page, "/demo/admin/inventory", DEMO_ADMIN);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("demo-inventory.csv");
  const text = await (await download.createReadStream()).toArray();
  const csv = Buffer.concat(text).toString("utf8");
  expect(csv.split(/\r?\n/)[0]).toMatch(/^sku,/);
  expect(csv).toContain("NOTE-FIELD");
});
