// The whole guest journey: browse → add → cart → checkout → the sandbox provider → the order page.
import { expect, test } from "@playwright/test";
import { checkInvariants, createProduct, itemCounters, sql } from "../support/fixtures";
import { addToCart, alerts, createStore, productCard } from "./shop-fixtures";

test("a guest browses, adds, checks out and pays: the order is Paid and the units are sold", async ({ page }) => {
  const store = await createStore({ name: "Journey Goods" });
  const product = await createProduct({ store, stock: 8, title: "Journey Lamp", priceCents: 4200 });

  await page.goto(`/${store}`);
  await expect(page.getByRole("heading", { level: 1, name: "Journey Goods" })).toBeVisible();
  const card = productCard(page, "Journey Lamp");
  await expect(card.getByRole("status")).toHaveText("In stock");
  await expect(card).toContainText("$42.00");
  await card.getByRole("link", { name: "Journey Lamp" }).click();

  await expect(page).toHaveURL(new RegExp(`/${store}/products/${product.slug}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Journey Lamp" })).toBeVisible();
  await addToCart(page, 2);
  await expect(page.getByRole("link", { name: "Cart, 2 items" })).toBeVisible();

  await page.getByRole("link", { name: "Cart, 2 items" }).click();
  await expect(page).toHaveURL(new RegExp(`/${store}/cart$`));
  await expect(page.getByRole("heading", { name: "Journey Lamp" })).toBeVisible();
  await expect(page.getByText(/Reserved for \d\d:\d\d/)).toBeVisible();
  await expect(alerts(page)).toHaveCount(0);
  expect(await itemCounters(product.itemId)).toEqual({ stock: 8, reserved: 2 });

  await page.getByLabel("Email").fill("guest@example.test");
  await page.getByRole("button", { name: "Checkout" }).click();
  await expect(page).toHaveURL(/\/pay\/sandbox\//);
  await page.getByRole("button", { name: "Pay now" }).click();

  await expect(page).toHaveURL(new RegExp(`/${store}/orders/[^/]+$`));
  await expect(page.getByRole("heading", { level: 1, name: "Paid" })).toBeVisible();
  await expect(page.getByText("$84.00").first()).toBeVisible();
  expect(await itemCounters(product.itemId)).toEqual({ stock: 6, reserved: 0 });

  // The cart is spent; the badge shows what is left.
  await page.goto(`/${store}/cart`);
  await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
  await page.goto(`/${store}`);
  await expect(productCard(page, "Journey Lamp").getByRole("status")).toHaveText("In stock");
  await checkInvariants();
});

test("a declined payment shows Payment failed and puts the units back on the badge", async ({ page }) => {
  const store = await createStore();
  const product = await createProduct({ store, stock: 3, title: "Declined Kettle" });

  await page.goto(`/${store}/products/${product.slug}`);
  await expect(page.getByRole("status")).toHaveText("Only 3 left");
  await addToCart(page, 2);
  await expect(page.getByRole("status")).toHaveText("Only 1 left");

  await page.goto(`/${store}/cart`);
  await page.getByLabel("Email").fill("guest@example.test");
  await page.getByRole("button", { name: "Checkout" }).click();
  await expect(page).toHaveURL(/\/pay\/sandbox\//);
  await page.getByRole("button", { name: "Decline" }).click();

  await expect(page).toHaveURL(new RegExp(`/${store}/orders/[^/]+$`));
  await expect(page.getByRole("heading", { level: 1, name: "Payment failed" })).toBeVisible();
  expect(await itemCounters(product.itemId)).toEqual({ stock: 3, reserved: 0 });

  await page.goto(`/${store}`);
  await expect(productCard(page, "Declined Kettle").getByRole("status")).toHaveText("Only 3 left");
  await checkInvariants();
});

test("an order awaiting payment updates its heading by itself when the provider settles it", async ({ page }) => {
  const store = await createStore();
  const product = await createProduct({ store, stock: 5, title: "Patient Parcel" });
  await page.goto(`/${store}/products/${product.slug}`);
  await addToCart(page);
  await page.goto(`/${store}/cart`);

  await page.getByLabel("Email").fill("guest@example.test");
  await page.getByRole("button", { name: "Checkout" }).click();
  await page.waitForURL(/\/pay\/sandbox\/[^/]+$/);
  const ref = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
  const [order] = await sql<{ id: string }>(
    `SELECT o.id FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id WHERE l."variantId" = $1`,
    [product.variantId],
  );
  expect(order).toBeDefined();

  // Leave the provider's page unpaid and look at the order.
  await page.goto(`/${store}/orders/${order!.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Awaiting payment" })).toBeVisible();
  expect(await itemCounters(product.itemId)).toEqual({ stock: 5, reserved: 1 });

  // The provider settles it elsewhere (as its webhook would); the open page follows without a reload.
  const settled = await page.request.post(`/api/payments/sandbox/${encodeURIComponent(ref)}`, { data: { outcome: "succeed" } });
  expect(settled.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Paid" })).toBeVisible({ timeout: 5000 });
  expect(await itemCounters(product.itemId)).toEqual({ stock: 4, reserved: 0 });
});
