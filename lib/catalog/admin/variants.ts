// Variants of a product: add (an own item with its opening stock as a ledger row, or a listing of a
// granted supplier's item), edit title/price/position, delete — or archive when shoppers or orders
// already refer to it (no new holds; what is held runs to its end).
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/inventory/actor";
import { createInventoryItem } from "@/lib/inventory/create-inventory-item";
import { writeAudit } from "@/lib/catalog/admin/audit";
import { loadProductViews, type AdminVariantView } from "@/lib/catalog/admin/product-view";
import type { UpdateVariantInput, VariantInput } from "@/lib/catalog/admin/schemas";
import { conflict, inTransaction, type CatalogDeps } from "@/lib/catalog/admin/tx";
import type { Prisma } from "@/lib/db";

type TxDeps = { db: Prisma.TransactionClient; now: Date };

/** Inside the caller's transaction: the variant (and, for an own item, the item with its opening ledger row). */
export async function insertVariant(
  deps: TxDeps,
  input: { storeId: string; productId: string; position: number; variant: VariantInput; actor: Actor },
): Promise<string> {
  const { db } = deps;
  const v = input.variant;
  let itemId: string;
  let title: string;
  if ("sku" in v) {
    // A SKU the store already lists from a supplier would be shadowed by the new own item.
    const listed = await db.$queryRaw<Array<{ id: string }>>`
      SELECT v.id FROM "Variant" v JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
      WHERE v."storeId" = ${input.storeId} AND i."storeId" <> ${input.storeId} AND i.sku = ${v.sku} LIMIT 1`;
    if (listed.length > 0) throw conflict("sku", `This store already lists a supplier's item with the SKU "${v.sku}".`, { sku: v.sku });
    try {
      const item = await createInventoryItem(
        { db, now: deps.now },
        {
          storeId: input.storeId,
          sku: v.sku,
          stock: v.stock ?? 0,
          lowStockThreshold: v.lowStockThreshold ?? null,
          actor: input.actor,
          reason: "opening stock",
        },
      );
      itemId = item.id;
    } catch (e) {
      if (e instanceof AppError && e.code === "CONFLICT") throw conflict("sku", `This store already has the SKU "${v.sku}".`, { sku: v.sku });
      throw e;
    }
    title = v.title;
  } else {
    const supplier = await db.store.findUnique({ where: { slug: v.supplierStore }, select: { id: true } });
    if (supplier && supplier.id === input.storeId) {
      throw new AppError("INVALID_INPUT", "This store's own items are added with sku, not supplierStore.", {
        fields: [{ path: "supplierStore", message: "Not another store." }],
      });
    }
    // Unknown and ungranted suppliers answer alike: nothing about other stores is revealed.
    const grant = supplier
      ? await db.supplierGrant.findFirst({
          where: { supplierStoreId: supplier.id, resellerStoreId: input.storeId, revokedAt: null },
          select: { id: true },
        })
      : null;
    if (!supplier || !grant) {
      throw new AppError("FORBIDDEN", `Store "${v.supplierStore}" has not granted this store the right to list its items.`, { field: "supplierStore" });
    }
    const item = await db.inventoryItem.findUnique({
      where: { storeId_sku: { storeId: supplier.id, sku: v.supplierSku } },
      select: { id: true, variants: { where: { storeId: supplier.id }, select: { title: true }, orderBy: { position: "asc" }, take: 1 } },
    });
    if (!item) throw new AppError("NOT_FOUND", `Store "${v.supplierStore}" has no item with the SKU "${v.supplierSku}".`, { field: "supplierSku" });
    const inReach = await db.$queryRaw<Array<{ id: string }>>`
      SELECT i.id FROM "InventoryItem" i WHERE i."storeId" = ${input.storeId} AND i.sku = ${v.supplierSku}
      UNION ALL
      SELECT v."inventoryItemId" FROM "Variant" v WHERE v."storeId" = ${input.storeId} AND v."inventoryItemId" = ${item.id}
      LIMIT 1`;
    if (inReach.length > 0) throw conflict("sku", `This store already has or lists the SKU "${v.supplierSku}".`, { sku: v.supplierSku });
    itemId = item.id;
    title = v.title ?? item.variants[0]?.title ?? v.supplierSku;
  }
  const created = await db.variant.create({
    data: { storeId: input.storeId, productId: input.productId, inventoryItemId: itemId, title, priceCents: v.priceCents, position: input.position },
    select: { id: true },
  });
  return created.id;
}

async function variantView(deps: CatalogDeps, storeId: string, productId: string, variantId: string): Promise<AdminVariantView> {
  const [product] = await loadProductViews(deps, { storeId, ids: [productId] });
  const variant = product?.variants.find((x) => x.id === variantId);
  if (!variant) throw new AppError("NOT_FOUND", "Variant not found.");
  return variant;
}

async function lockProduct(db: Prisma.TransactionClient, storeId: string, productId: string): Promise<void> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Product" WHERE id = ${productId} AND "storeId" = ${storeId} FOR UPDATE`;
  if (rows.length === 0) throw new AppError("NOT_FOUND", "Product not found.");
}

export async function addVariant(
  deps: CatalogDeps,
  input: { storeId: string; productId: string; actor: Actor; variant: VariantInput },
): Promise<AdminVariantView> {
  const variantId = await inTransaction(deps.db, async (tx) => {
    await lockProduct(tx, input.storeId, input.productId);
    const count = await tx.variant.count({ where: { productId: input.productId } });
    if (count >= 100) throw new AppError("CONFLICT", "A product has at most 100 variants.", { field: "variants", limit: 100 });
    const top = await tx.variant.aggregate({ where: { productId: input.productId }, _max: { position: true } });
    const id = await insertVariant({ db: tx, now: deps.now }, { ...input, position: (top._max.position ?? -1) + 1 });
    await tx.product.update({ where: { id: input.productId }, data: { updatedAt: deps.now } });
    await writeAudit(tx, { storeId: input.storeId, actor: input.actor, action: "variant.add", entityId: id, changes: { productId: input.productId, ...input.variant }, now: deps.now });
    return id;
  });
  return variantView(deps, input.storeId, input.productId, variantId);
}

/** Title, price, position. A new price applies to cart lines and checkouts from now on; placed orders keep theirs. */
export async function updateVariant(
  deps: CatalogDeps,
  input: { storeId: string; productId: string; variantId: string; actor: Actor; changes: UpdateVariantInput },
): Promise<AdminVariantView> {
  await inTransaction(deps.db, async (tx) => {
    const found = await tx.variant.findFirst({
      where: { id: input.variantId, productId: input.productId, storeId: input.storeId },
      select: { title: true, priceCents: true, position: true },
    });
    if (!found) throw new AppError("NOT_FOUND", "Variant not found.");
    await tx.variant.update({ where: { id: input.variantId }, data: input.changes });
    await tx.product.update({ where: { id: input.productId }, data: { updatedAt: deps.now } });
    const changes = Object.fromEntries(
      Object.entries(input.changes).map(([k, v]) => [k, { from: found[k as keyof typeof found], to: v }]),
    );
    await writeAudit(tx, { storeId: input.storeId, actor: input.actor, action: "variant.update", entityId: input.variantId, changes, now: deps.now });
  });
  return variantView(deps, input.storeId, input.productId, input.variantId);
}

/**
 * Deletes a variant nobody has touched. One that carts, holds or orders refer to is archived
 * instead (`archived: true`): no new holds through it; its live holds and orders run to their end.
 */
export async function deleteVariant(
  deps: CatalogDeps,
  input: { storeId: string; productId: string; variantId: string; actor: Actor },
): Promise<{ deleted: boolean; archived: boolean }> {
  return inTransaction(deps.db, async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string; archivedAt: Date | null }>>`
      SELECT id, "archivedAt" FROM "Variant"
      WHERE id = ${input.variantId} AND "productId" = ${input.productId} AND "storeId" = ${input.storeId} FOR UPDATE`;
    const variant = rows[0];
    if (!variant) throw new AppError("NOT_FOUND", "Variant not found.");
    const [used] = await tx.$queryRaw<Array<{ used: boolean }>>`
      SELECT EXISTS (SELECT 1 FROM "Hold" WHERE "variantId" = ${input.variantId})
        OR EXISTS (SELECT 1 FROM "OrderLine" WHERE "variantId" = ${input.variantId})
        OR EXISTS (SELECT 1 FROM "CartLine" WHERE "variantId" = ${input.variantId}) AS used`;
    await tx.product.update({ where: { id: input.productId }, data: { updatedAt: deps.now } });
    if (used?.used) {
      if (!variant.archivedAt) await tx.variant.update({ where: { id: input.variantId }, data: { archivedAt: deps.now } });
      await writeAudit(tx, { storeId: input.storeId, actor: input.actor, action: "variant.archive", entityId: input.variantId, changes: { productId: input.productId }, now: deps.now });
      return { deleted: false, archived: true };
    }
    await tx.variant.delete({ where: { id: input.variantId } });
    await writeAudit(tx, { storeId: input.storeId, actor: input.actor, action: "variant.delete", entityId: input.variantId, changes: { productId: input.productId }, now: deps.now });
    return { deleted: true, archived: false };
  });
}
