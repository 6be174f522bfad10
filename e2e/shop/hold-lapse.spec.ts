// Holds that lapse while the cart is open: the alerts appear by themselves, Fix cart resolves them.
import { expect, test } from "@playwright/test";
import { checkInvariants, createProduct, itemCounters } from "../support/fixtures";
import { addToCart, alerts, createStore } from "./shop-fixtures";

test.describe.configure({ timeout: 60_000 });

test("a lapsed hold raises an alert without reload; Fix cart re-holds and enables Checkout", async ({ page }) => {
  const store = await createStore({ reservationTtlSeconds: 10 });
  const product = await createProduct({ store, stock: 5, title: "Fleeting Flask" });

  await page.goto(`/${store}/products/${product.slug}`);
  await addToCart(page, 2);
  await page.goto(`/${store}/cart`);
  await expect(page.getByText(/Reserved for 00:(0\d|10)/)).toBeVisible();
  const checkout = page.getByRole("button", { name: "Checkout" });
  await expect(checkout).toBeEnabled();
  await expect(alerts(page)).toHaveCount(0);

  const alert = alerts(page);
  await expect(alert).toHaveCount(1, { timeout: 20_000 });
  await expect(alert).toContainText("Fleeting Flask");
  await expect(alert).toContainText("Your reservation expired");
  await expect(checkout).toBeDisabled();
  await expect(page.getByText(/Reserved for/)).toHaveCount(0);

  await page.getByRole("button", { name: "Fix cart" }).click();
  await expect(alerts(page)).toHaveCount(0);
  await expect(checkout).toBeEnabled();
  await expect(page.getByText(/Reserved for 00:(0\d|10)/)).toBeVisible();
  expect(await itemCounters(product.itemId)).toMatchObject({ stock: 5, reserved: 2 });
  await checkInvariants();
});

test("when others took the lapsed units, the alert says how many are left and Fix cart lowers the quantity", async ({
  browser,
}) => {
  const store = await createStore({ reservationTtlSeconds: 10 });
  const product = await createProduct({ store, stock: 4, title: "Scarce Skillet" });
  const mine = await browser.newContext();
  const theirs = await browser.newContext();
  try {
    const page = await mine.newPage();
    await page.goto(`/${store}/products/${product.slug}`);
    await addToCart(page, 3);
    await page.goto(`/${store}/cart`);
    await expect(alerts(page)).toContainText("Your reservation expired", { timeout: 20_000 });

    // Someone else takes 2 of the 4 while my hold is lapsed.
    const other = await theirs.newPage();
    await other.goto(`/${store}/products/${product.slug}`);
    await addToCart(other, 2);

    const alert = alerts(page);
    await expect(alert).toContainText("Only 2 left — we reduced your quantity", { timeout: 5000 });
    await expect(alert).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Checkout" })).toBeDisabled();

    await page.getByRole("button", { name: "Fix cart" }).click();
    await expect(alerts(page)).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Checkout" })).toBeEnabled();
    await expect(page.getByLabel("Quantity of Scarce Skillet")).toHaveValue("2");
    expect(await itemCounters(product.itemId)).toEqual({ stock: 4, reserved: 4 });
    await checkInvariants();
  } finally {
    await mine.close();
    await theirs.close();
  }
});

test("Keep my items renews the hold, as many times as the store allows", async ({ page }) => {
  const store = await createStore({ reservationTtlSeconds: 30, maxHoldExtensions: 2 });
  const product = await createProduct({ store, stock: 5, title: "Patient Pot" });
  await page.goto(`/${store}/products/${product.slug}`);
  await addToCart(page);
  await page.goto(`/${store}/cart`);
  await expect(page.getByText(/Reserved for 00:(2\d|30)/)).toBeVisible();
  await expect(page.getByText(/Reserved for 00:(0\d|1\d)/)).toBeVisible({ timeout: 20_000 });

  const keep = page.getByRole("button", { name: "Keep my items" });
  await keep.click();
  await expect(page.getByText(/Reserved for 00:(2\d|30)/)).toBeVisible();
  await keep.click();
  await expect(keep).toHaveCount(0);
  await expect(page.getByText(/Reserved for 00:(2\d|30)/)).toBeVisible();
});
