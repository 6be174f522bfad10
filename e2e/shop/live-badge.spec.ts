// The badge is live: what another shopper takes or gives back shows within 5 seconds, no reload.
import { expect, test } from "@playwright/test";
import { createProduct } from "../support/fixtures";
import { addToCart, createStore, productCard } from "./shop-fixtures";

test("a grid badge follows another shopper's cart within 5 seconds", async ({ browser }) => {
  const store = await createStore();
  const product = await createProduct({ store, stock: 7, title: "Live Lantern" });
  await createProduct({ store, stock: 20, title: "Bystander Bowl" });
  const watcher = await browser.newContext();
  const shopper = await browser.newContext();
  try {
    const watch = await watcher.newPage();
    await watch.goto(`/${store}`);
    const badge = productCard(watch, "Live Lantern").getByRole("status");
    await expect(badge).toHaveText("In stock");

    // One batched stock request serves every badge on the page.
    const stockCalls: string[] = [];
    watch.on("request", (r) => {
      if (r.url().includes(`/api/stores/${store}/stock`)) stockCalls.push(r.url());
    });

    const shop = await shopper.newPage();
    await shop.goto(`/${store}/products/${product.slug}`);
    await addToCart(shop, 3);
    await expect(badge).toHaveText("Only 4 left", { timeout: 5000 });
    await expect(productCard(watch, "Bystander Bowl").getByRole("status")).toHaveText("In stock");

    await shop.goto(`/${store}/cart`);
    await shop.getByRole("button", { name: "Remove" }).click();
    await expect(shop.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
    await expect(badge).toHaveText("In stock", { timeout: 5000 });

    expect(stockCalls.length).toBeGreaterThan(0);
    for (const url of stockCalls) expect(new URL(url).searchParams.get("variantIds")?.split(",")).toHaveLength(2);
  } finally {
    await watcher.close();
    await shopper.close();
  }
});

test("the product page badge and quantity bound follow a sale elsewhere", async ({ browser }) => {
  const product = await createProduct({ stock: 4, title: "Bounded Basket" });
  const watcher = await browser.newContext();
  const shopper = await browser.newContext();
  try {
    const watch = await watcher.newPage();
    await watch.goto(`/demo/products/${product.slug}`);
    await expect(watch.getByRole("status")).toHaveText("Only 4 left");
    await expect(watch.getByLabel("Quantity", { exact: true })).toHaveAttribute("max", "4");

    const shop = await shopper.newPage();
    await shop.goto(`/demo/products/${product.slug}`);
    await addToCart(shop, 3);
    await expect(watch.getByRole("status")).toHaveText("Only 1 left", { timeout: 5000 });
    await expect(watch.getByLabel("Quantity", { exact: true })).toHaveAttribute("max", "1");
  } finally {
    await watcher.close();
    await shopper.close();
  }
});
