// Every storefront page, in the states people meet, has no serious or critical axe violation and
// does not scroll sideways.
import { expect, test } from "@playwright/test";
import { expectNoSeriousViolations, expectNoSidewaysScroll } from "../support/axe";
import { createProduct } from "../support/fixtures";
import { addToCart, alerts, createStore } from "./shop-fixtures";

test.describe.configure({ timeout: 90_000 });


for (const width of [390, 1280]) {
  test(`storefront pages at ${width}px have no serious or critical axe violations and do not scroll sideways`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const expectClean = async (label: string) => {
      await expectNoSeriousViolations(page, label);
      await expectNoSidewaysScroll(page, label);
    };
    // A long name with a long word in it (German compounds are real): the directory and the store's own
    // header must still fit a phone.
    const store = await createStore({ reservationTtlSeconds: 10, name: "Axe Goods Einzelhandelsgenossenschaftsverband Nord" });
    const product = await createProduct({ store, stock: 4, title: "Audit Apron" });
    const drop = await createProduct({ store, stock: 5, title: "Audit Drop", releaseAt: new Date(Date.now() + 86_400_000) });
    await createProduct({ store, stock: 0, title: "Audit Sold Out" });

    await page.goto("/");
    await expectClean("store directory");
    await page.goto(`/${store}`);
    await expectClean("product grid");
    await page.goto(`/${store}/products/${drop.slug}`);
    await expect(page.getByRole("button", { name: /^Available / })).toBeDisabled();
    await expectClean("drop page");
    await page.goto(`/${store}/cart`);
    await expectClean("empty cart");
    await page.goto(`/${store}/products/${product.slug}`);
    await addToCart(page, 2);
    await expectClean("product page after adding");
    await page.goto(`/${store}/cart`);
    await expectClean("cart with holds");
    await expect(alerts(page)).toBeVisible({ timeout: 20_000 });
    await expectClean("cart with an issue");
    await page.getByRole("button", { name: "Fix cart" }).click();
    await expect(alerts(page)).toHaveCount(0);
    await page.getByLabel("Email").fill("guest@example.test");
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.waitForURL(/\/pay\/sandbox\//);
    await page.getByRole("button", { name: "Pay now" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Paid" })).toBeVisible();
    await expectClean("paid order");
    await page.goto(`/${store}/products/no-such-thing`);
    await expectClean("not found");
    await page.goto("/signin");
    await expectClean("sign in");
    await page.goto("/signup");
    await expectClean("sign up");
  });
}
