// Accounts on the storefront: sign up, sign out, and a guest cart that follows the shopper into their account.
import { expect, test } from "@playwright/test";
import { createProduct, createUser } from "../support/fixtures";
import { addToCart, alerts } from "./shop-fixtures";

test("sign up, sign out, then sign in with a guest cart that is merged into the account", async ({ page }) => {
  const email = `shopper-${Date.now().toString(36)}@example.test`;
  const password = "correct horse battery";

  // Sign up from the store's header.
  await page.goto("/demo");
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill("Robin Shopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/demo$/);
  const header = page.getByRole("banner");
  await expect(header.getByText("Robin Shopper")).toBeVisible();
  await expect(header.getByRole("button", { name: "Sign out" })).toBeVisible();

  await header.getByRole("button", { name: "Sign out" }).click();
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(header.getByText("Robin Shopper")).toHaveCount(0);

  // As a guest, fill a cart; signing in brings it along.
  const product = await createProduct({ stock: 10, title: "Merge Mittens" });
  await page.goto(`/demo/products/${product.slug}`);
  await addToCart(page, 2);
  await expect(header.getByRole("link", { name: "Cart, 2 items" })).toBeVisible();

  await header.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/demo/products/${product.slug}$`));
  await expect(header.getByText("Robin Shopper")).toBeVisible();
  await expect(header.getByRole("link", { name: "Cart, 2 items" })).toBeVisible();

  await page.goto("/demo/cart");
  await expect(page.getByRole("heading", { name: "Merge Mittens" })).toBeVisible();
  await expect(page.getByLabel("Quantity of Merge Mittens")).toHaveValue("2");

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Cart, 0 items" })).toBeVisible();
});

test("a wrong password is refused with a message", async ({ page }) => {
  const user = await createUser();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alerts(page)).toContainText("do not match");
});
