// Test fixtures shared by database tests: stores, and items with a product and variant, every item
// created with its opening ledger row (through createInventoryItem) so the invariants hold from the start.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { createInventoryItem } from "@/lib/inventory/create-inventory-item";

const suffix = () => randomBytes(4).toString("hex");

export type SeededStore = { id: string; slug: string };

export async function seedStore(
  db: Db,
  opts: { slug?: string; name?: string; reservationTtlSeconds?: number; paymentTimeoutSeconds?: number; maxHoldExtensions?: number; lowStockDefault?: number } = {},
): Promise<SeededStore> {
  const slug = opts.slug ?? `store-${suffix()}`;
  const store = await db.store.create({
    data: {
      slug,
      name: opts.name ?? `Store ${slug}`,
      ...(opts.reservationTtlSeconds !== undefined ? { reservationTtlSeconds: opts.reservationTtlSeconds } : {}),
      ...(opts.paymentTimeoutSeconds !== undefined ? { paymentTimeoutSeconds: opts.paymentTimeoutSeconds } : {}),
      ...(opts.maxHoldExtensions !== undefined ? { maxHoldExtensions: opts.maxHoldExtensions } : {}),
      ...(opts.lowStockDefault !== undefined ? { lowStockDefault: opts.lowStockDefault } : {}),
    },
    select: { id: true, slug: true },
  });
  return store;
}

export type ProductOpts = {
  title?: string;
  slug?: string;
  status?: "ACTIVE" | "DRAFT" | "ARCHIVED";
  releaseAt?: Date | null;
  endsAt?: Date | null;
  perCustomerLimit?: number | null;
  position?: number;
  variantTitle?: string;
  priceCents?: number;
};

export type SeededListing = { variantId: string; productId: string };

/** A product with one variant in `storeId` selling from `itemId` (another store's item: a reseller listing). */
export async function seedListing(db: Db, input: { storeId: string; itemId: string; productOpts?: ProductOpts }): Promise<SeededListing> {
  const o = input.productOpts ?? {};
  const product = await db.product.create({
    data: {
      storeId: input.storeId,
      slug: o.slug ?? `product-${suffix()}`,
      title: o.title ?? "Test product",
      status: o.status ?? "ACTIVE",
      releaseAt: o.releaseAt ?? null,
      endsAt: o.endsAt ?? null,
      perCustomerLimit: o.perCustomerLimit ?? null,
      position: o.position ?? 0,
    },
    select: { id: true },
  });
  await grantIfReseller(db, input.storeId, input.itemId);
  const variant = await db.variant.create({
    data: {
      storeId: input.storeId,
      productId: product.id,
      inventoryItemId: input.itemId,
      title: o.variantTitle ?? "Default",
      priceCents: o.priceCents ?? 1000,
    },
    select: { id: true },
  });
  return { variantId: variant.id, productId: product.id };
}

/** A listing of another store's item needs that store's live grant (SupplierGrant), as the engine checks. */
export async function grantIfReseller(db: Db, storeId: string, itemId: string): Promise<void> {
  const item = await db.inventoryItem.findUniqueOrThrow({ where: { id: itemId }, select: { storeId: true } });
  if (item.storeId === storeId) return;
  await db.supplierGrant.upsert({
    where: { supplierStoreId_resellerStoreId: { supplierStoreId: item.storeId, resellerStoreId: storeId } },
    create: { supplierStoreId: item.storeId, resellerStoreId: storeId, since: new Date() },
    update: {},
  });
}

export type SeededItem = { itemId: string; variantId: string; productId: string; sku: string };

/** An item owned by `storeId`, with its opening ledger row, and a product + variant listing it in the same store. */
export async function seedItem(
  db: Db,
  input: { storeId: string; stock: number; sku?: string; lowStockThreshold?: number | null; productOpts?: ProductOpts; now?: Date },
): Promise<SeededItem> {
  const sku = input.sku ?? `SKU-${suffix().toUpperCase()}`;
  const item = await createInventoryItem(
    { db, now: input.now ?? new Date() },
    { storeId: input.storeId, sku, stock: input.stock, lowStockThreshold: input.lowStockThreshold ?? null, actor: { type: "SYSTEM" }, reason: "test fixture" },
  );
  const listing = await seedListing(db, { storeId: input.storeId, itemId: item.id, ...(input.productOpts ? { productOpts: input.productOpts } : {}) });
  return { itemId: item.id, sku, ...listing };
}

export type CartSetLineResult = { code: string; cartId: string | null; available: number | null };

/** The engine's cart_set_line, raw (no all-or-nothing wrapper), for engine-level tests. */
export async function cartSetLine(
  db: Db,
  input: { storeId: string; token?: string | null; userId?: string | null; variantId: string; mode: "add" | "set"; quantity: number; now: Date; maxLine?: number },
): Promise<CartSetLineResult> {
  const rows = await db.$queryRaw<CartSetLineResult[]>`
    SELECT code, cart_id AS "cartId", available FROM cart_set_line(${input.storeId}, ${input.userId ?? null}::text,
      ${input.token ?? null}::text, ${input.variantId}, ${input.mode}, ${input.quantity}::int, ${input.maxLine ?? 99}::int,
      ${input.now.toISOString()}::timestamp(3))`;
  const r = rows[0];
  if (!r) throw new Error("cart_set_line returned no row");
  return r;
}
