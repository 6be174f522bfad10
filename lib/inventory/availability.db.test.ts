// "On sale now" has one definition in the engine, catalog_sale_state (prisma/sql/catalog/), which every
// write, checkout and waitlist path asks. The storefront reads it off rows the engine already returned
// (saleStateOf, and through it the badge, stockStateFor, and the cart view's `sellable`, isSellable);
// this shows they say what the engine says, for any status, release and end, to the millisecond.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTestProduct, createTestStore } from "@/lib/testing/cart-fixtures";
import { testDbForFile } from "@/lib/testing/test-db";
import { isSellable, saleStateOf, stockStateFor } from "@/lib/inventory/availability";

const t = testDbForFile();
const NOW = new Date("2026-12-06T12:00:00.000Z");
const around = fc.option(
  fc.integer({ min: -2_000, max: 2_000 }).map((ms) => new Date(NOW.getTime() + ms)),
  { nil: null },
);

describe("catalog_sale_state and the storefront's reading of it", () => {
  it("agree on every status, release and end", async () => {
    const store = await createTestStore(t.db);
    const { productId } = await createTestProduct(t.db, { storeId: store.id, stock: 5 });
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("DRAFT", "ACTIVE", "ARCHIVED"), around, around, async (status, releaseAt, endsAt) => {
        const [row] = await t.db.$queryRaw<Array<{ sale: string }>>`
          UPDATE "Product" p SET status = ${status}::"ProductStatus", "releaseAt" = ${releaseAt}, "endsAt" = ${endsAt}
          WHERE p.id = ${productId}
          RETURNING catalog_sale_state(p, ${NOW}::timestamp(3)) AS sale`;
        const sale = row!.sale;
        seen.add(sale);
        const input = { productStatus: status, releaseAt, endsAt, now: NOW };
        expect(saleStateOf(input)).toBe(sale);
        expect(isSellable(input)).toBe(sale === "ON_SALE");
        const badge = stockStateFor({ ...input, available: 1, lowStockThreshold: 0 });
        expect(badge).toBe({ ON_SALE: "in_stock", NOT_AVAILABLE: "unavailable", NOT_RELEASED: "coming_soon" }[sale]);
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual(["NOT_AVAILABLE", "NOT_RELEASED", "ON_SALE"]);
  });
});
