// Small fixtures for the cart's database tests: stores, products with stock (and the opening
// ledger row, so the books balance), carts by token, and the invariant check.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { hashCartToken, newCartToken } from "@/lib/cart/cart-token";
import { grantIfReseller } from "@/lib/testing/inventory-fixtures";

const tag = () => randomBytes(4).toString("hex");

export async function createTestStore(
  db: Db,
  over: { reservationTtlSeconds?: number; maxHoldExtensions?: number; lowStockDefault?: number; currency?: string } = {},
) {
  const slug = `s-${tag()}`;
  return db.store.create({
    data: { slug, name: `Store ${slug}`, ...over },
    select: { id: true, slug: true, reservationTtlSeconds: true, maxHoldExtensions: true, lowStockDefault: true, currency: true },
  });
}

export type TestProductInput = {
  storeId: string;
  stock: number;
  /** The store that owns the units (a reseller listing when it differs from storeId). */
  ownerStoreId?: string;
  /** Reuse an existing item instead of creating one. */
  itemId?: string;
  status?: "ACTIVE" | "DRAFT" | "ARCHIVED";
  releaseAt?: Date | null;
  endsAt?: Date | null;
  perCustomerLimit?: number | null;
  lowStockThreshold?: number | null;
  priceCents?: number;
  position?: number;
  title?: string;
  variants?: number;
};

/** A product with `variants` variants (default 1), each on its own new item of `stock` units. */
export async function createTestProduct(db: Db, input: TestProductInput) {
  const t = tag();
  const product = await db.product.create({
    data: {
      storeId: input.storeId,
      slug: `p-${t}`,
      title: input.title ?? `Product ${t}`,
      imageUrl: `/images/${t}.jpg`,
      status: input.status ?? "ACTIVE",
      releaseAt: input.releaseAt ?? null,
      endsAt: input.endsAt ?? null,
      perCustomerLimit: input.perCustomerLimit ?? null,
      position: input.position ?? 0,
    },
    select: { id: true, slug: true },
  });
  const variantIds: string[] = [];
  const itemIds: string[] = [];
  for (let n = 0; n < (input.variants ?? 1); n++) {
    let itemId = input.itemId;
    if (!itemId) {
      const owner = input.ownerStoreId ?? input.storeId;
      const item = await db.inventoryItem.create({
        data: { storeId: owner, sku: `SKU-${t}-${n}`, stock: input.stock, lowStockThreshold: input.lowStockThreshold ?? null },
        select: { id: true },
      });
      itemId = item.id;
      await db.stockMovement.create({
        data: {
          storeId: owner,
          inventoryItemId: itemId,
          kind: "ADJUST",
          stockDelta: input.stock,
          stockAfter: input.stock,
          reservedAfter: 0,
          actorType: "SYSTEM",
          reason: "opening stock",
        },
      });
    }
    await grantIfReseller(db, input.storeId, itemId);
    const variant = await db.variant.create({
      data: {
        storeId: input.storeId,
        productId: product.id,
        inventoryItemId: itemId,
        title: `Size ${n}`,
        priceCents: input.priceCents ?? 1000,
        position: n,
      },
      select: { id: true },
    });
    variantIds.push(variant.id);
    itemIds.push(itemId);
  }
  return { productId: product.id, slug: product.slug, variantId: variantIds[0]!, itemId: itemIds[0]!, variantIds, itemIds };
}

/** A guest shopper: the token their cookie would carry and its hash. */
export function newGuest(storeId: string) {
  const token = newCartToken();
  return { storeId, userId: null, tokenHash: hashCartToken(token), token };
}

export async function createTestUser(db: Db) {
  return db.user.create({ data: { email: `u-${tag()}@example.test`, passwordHash: "x" }, select: { id: true } });
}

export async function itemCounters(db: Db, itemId: string) {
  return db.inventoryItem.findUniqueOrThrow({ where: { id: itemId }, select: { stock: true, reserved: true } });
}

/** Throws if any item's counters disagree with its ACTIVE holds or its ledger. */
export async function assertInvariants(db: Db): Promise<void> {
  const drift = await db.$queryRaw<{ id: string }[]>`
    SELECT i.id FROM "InventoryItem" i
    LEFT JOIN (SELECT "inventoryItemId", sum(quantity)::int AS held FROM "Hold" WHERE status = 'ACTIVE' GROUP BY 1) h ON h."inventoryItemId" = i.id
    LEFT JOIN (SELECT "inventoryItemId", sum("stockDelta")::int AS s, sum("reservedDelta")::int AS r FROM "StockMovement" GROUP BY 1) m ON m."inventoryItemId" = i.id
    WHERE i.reserved <> COALESCE(h.held, 0) OR i.stock <> COALESCE(m.s, 0) OR i.reserved <> COALESCE(m.r, 0)`;
  if (drift.length > 0) throw new Error(`invariants broken for items ${drift.map((d) => d.id).join(", ")}`);
}
