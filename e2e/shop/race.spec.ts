// Two shoppers, one unit: exactly one gets it; the other is told it is sold out.
import { expect, test } from "@playwright/test";
import { checkInvariants, createProduct, itemCounters } from "../support/fixtures";
import { alerts } from "./shop-fixtures";

test("two browsers race for the last unit: one holds it, the other sees Sold out", async ({ browser }) => {
  const product = await createProduct({ stock: 1, title: "Last Lantern" });
  const a = await browser.newContext();
  const b = await browser.newContext();
  try {
    const pageA = await a.newPage();
    const pageB = await b.newPage();
    await Promise.all([pageA.goto(`/demo/products/${product.slug}`), pageB.goto(`/demo/products/${product.slug}`)]);
    await expect(pageA.getByRole("status")).toHaveText("Only 1 left");
    await expect(pageB.getByRole("status")).toHaveText("Only 1 left");

    await Promise.all([
      pageA.getByRole("button", { name: "Add to cart" }).click(),
      pageB.getByRole("button", { name: "Add to cart" }).click(),
    ]);

    const outcome = async (page: typeof pageA) => {
      const won = page.getByText("Added to your cart");
      const lost = alerts(page);
      await expect(won.or(lost)).toBeVisible();
      return (await won.isVisible()) ? "won" : "lost";
    };
    const results = await Promise.all([outcome(pageA), outcome(pageB)]);
    expect([...results].sort()).toEqual(["lost", "won"]);

    const loser = results[0] === "lost" ? pageA : pageB;
    const winner = loser === pageA ? pageB : pageA;
    await expect(alerts(loser)).toContainText("Sold out");
    await expect(loser.getByRole("status")).toHaveText("Sold out");
    await expect(winner.getByRole("status")).toHaveText("Sold out");
    await expect(winner.getByRole("link", { name: "Cart, 1 item" })).toBeVisible();
    await expect(loser.getByRole("link", { name: "Cart, 0 items" })).toBeVisible();
    expect(await itemCounters(product.itemId)).toEqual({ stock: 1, reserved: 1 });
    await checkInvariants();
  } finally {
    await a.close();
    await b.close();
  }
});
