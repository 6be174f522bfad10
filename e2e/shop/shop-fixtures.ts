// Storefront spec helpers: a fresh store of the spec's own (so its grid holds only its products and
// its settings, e.g. a short hold TTL, touch nobody else), and the common page steps.
import { expect, type Page } from "@playwright/test";
import { newId, sql } from "../support/fixtures";

export type StoreSettings = {
  reservationTtlSeconds?: number;
  maxHoldExtensions?: number;
  lowStockDefault?: number;
  name?: string;
};

/** A new store with its own slug; returns the slug. */
export async function createStore(settings: StoreSettings = {}): Promise<string> {
  const slug = `shop-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await sql(
    `INSERT INTO "Store" (id, slug, name, currency, "reservationTtlSeconds", "maxHoldExtensions", "lowStockDefault", "updatedAt")
     VALUES ($1, $2, $3, 'USD', $4, $5, $6, now())`,
    [
      newId(),
      slug,
      settings.name ?? "Test Goods",
      settings.reservationTtlSeconds ?? 900,
      settings.maxHoldExtensions ?? 2,
      settings.lowStockDefault ?? 5,
    ],
  );
  return slug;
}

/** The product card of the grid, found as a person would: the article named by its heading. */
export function productCard(page: Page, title: string) {
  return page.getByRole("article", { name: title });
}

/**
 * The page's own alerts. Next.js keeps a route announcer (an empty or title-bearing role="alert"
 * outside <main>) on every page; what the shop says lives inside <main>.
 */
export function alerts(page: Page) {
  return page.getByRole("main").getByRole("alert");
}

/** On a product page: sets the quantity and adds to the cart, waiting for the confirmation. */
export async function addToCart(page: Page, quantity = 1) {
  if (quantity !== 1) await page.getByLabel("Quantity", { exact: true }).fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Added to your cart")).toBeVisible();
}
