// A refused add says why: a drop before its release, the per-customer limit, how many are left.
// The disabled buttons' pages (a drop before its release, a sold-out variant) are axe-clean at 390 and 1280 px.
import { expect, test } from "@playwright/test";
import { expectAxeClean } from "../support/axe";
import { createProduct, itemCounters } from "../support/fixtures";
import { addToCart, alerts, createStore, productCard } from "./shop-fixtures";

test("a drop before its release shows Coming soon with its time, a disabled Available {date}, and the server refuses an add", async ({ page }) => {
  const store = await createStore();
  const releaseAt = new Date(Date.now() + 3 * 3600_000);
  const product = await createProduct({ store, stock: 10, title: "Dawn Drop Jacket", releaseAt });

  await page.goto(`/${store}`);
  const card = productCard(page, "Dawn Drop Jacket");
  await expect(card.getByRole("status")).toHaveText("Coming soon");
  await expect(card.locator(`time[datetime="${releaseAt.toISOString()}"]`)).toBeVisible();

  await card.getByRole("link", { name: "Dawn Drop Jacket" }).click();
  await expect(page.getByRole("status")).toHaveText("Coming soon");
  await expect(page.getByText("Releases")).toBeVisible();
  // The button says what will happen instead of inviting a refusal.
  await expect(page.getByRole("button", { name: "Add to cart" })).toHaveCount(0);
  const soon = page.getByRole("button", { name: /^Available / });
  await expect(soon).toBeDisabled();
  await expect(soon.locator(`time[datetime="${releaseAt.toISOString()}"]`)).toBeVisible();
  await expectAxeClean(page, "drop before its release");
  // Anyone calling the API anyway is refused with the release time.
  const refused = await page.request.post(`/api/stores/${store}/cart/items`, { data: { variantId: product.variantId, quantity: 1 } });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toMatchObject({ error: { code: "NOT_RELEASED", details: { releaseAt: releaseAt.toISOString() } } });
  await expect(page.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();
  expect(await itemCounters(product.itemId)).toEqual({ stock: 10, reserved: 0 });
});

test("a sold-out variant shows a disabled Sold out instead of Add to cart", async ({ page }) => {
  const store = await createStore();
  const gone = await createProduct({ store, stock: 0, title: "Gone Gloves" });
  await page.goto(`/${store}/products/${gone.slug}`);
  await expect(page.getByRole("status")).toHaveText("Sold out");
  await expect(page.getByRole("button", { name: "Sold out" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Add to cart" })).toHaveCount(0);
  await expect(alerts(page)).toHaveCount(0);
  await expectAxeClean(page, "sold-out product");
});

test("the per-customer limit and the units left are explained", async ({ page }) => {
  const limited = await createProduct({ stock: 10, title: "Limited Ladle", perCustomerLimit: 2 });
  await page.goto(`/demo/products/${limited.slug}`);
  await expect(page.getByText("limit 2 per customer")).toBeVisible();
  await expect(page.getByLabel("Quantity", { exact: true })).toHaveAttribute("max", "2");
  await addToCart(page, 2);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(alerts(page)).toContainText("limit of 2 per customer");
  expect(await itemCounters(limited.itemId)).toEqual({ stock: 10, reserved: 2 });
});

test("asking for more than is left says how many are left", async ({ page, browser }) => {
  const scarce = await createProduct({ stock: 3, title: "Scarce Spoon" });
  await page.goto(`/demo/products/${scarce.slug}`);
  await expect(page.getByRole("status")).toHaveText("Only 3 left");
  // Freeze this page's view of the stock, so it still offers 3 when someone else takes 2.
  await page.route("**/api/stores/demo/stock**", (route) => route.abort());
  await page.getByLabel("Quantity", { exact: true }).fill("3");

  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await otherPage.goto(`/demo/products/${scarce.slug}`);
    await addToCart(otherPage, 2);
  } finally {
    await other.close();
  }

  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(alerts(page)).toContainText("Only 1 left");
  expect(await itemCounters(scarce.itemId)).toEqual({ stock: 3, reserved: 2 });
});
