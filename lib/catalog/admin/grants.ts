// Suppliers and resellers: a supplier store grants a reseller store the right to list its items
// (SupplierGrant); the reseller browses what it may list and lists items as its own variants
// (variants.ts). Revoking stops new holds through the reseller's listings at once — the engine
// checks the live grant where it checks NOT_AVAILABLE — and leaves existing holds and orders alone.
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, containsPattern, keysetPage } from "@/lib/admin/cursor";
import type { Actor } from "@/lib/inventory/actor";
import { availableUnits } from "@/lib/inventory/availability";
import { writeAudit } from "@/lib/catalog/admin/audit";
import type { SupplierItemsQuery } from "@/lib/catalog/admin/schemas";
import { inTransaction, type CatalogDeps } from "@/lib/catalog/admin/tx";
import type { GrantView, SupplierItemView } from "@/lib/catalog/admin/response-schemas";

export type { GrantView, SupplierItemView };

/** The stores this store lets list its items (live grants), oldest first. */
export async function listResellers(deps: CatalogDeps, input: { storeId: string }): Promise<GrantView[]> {
  const rows = await deps.db.supplierGrant.findMany({
    where: { supplierStoreId: input.storeId, revokedAt: null },
    orderBy: [{ since: "asc" }, { id: "asc" }],
    select: { since: true, resellerStore: { select: { slug: true, name: true } } },
  });
  return rows.map((r) => ({ store: r.resellerStore.slug, name: r.resellerStore.name, since: r.since.toISOString() }));
}

/** The stores whose items this store may list (live grants it received). */
export async function listSuppliers(deps: CatalogDeps, input: { storeId: string }): Promise<GrantView[]> {
  const rows = await deps.db.supplierGrant.findMany({
    where: { resellerStoreId: input.storeId, revokedAt: null },
    orderBy: [{ since: "asc" }, { id: "asc" }],
    select: { since: true, supplierStore: { select: { slug: true, name: true } } },
  });
  return rows.map((r) => ({ store: r.supplierStore.slug, name: r.supplierStore.name, since: r.since.toISOString() }));
}

/** Grants `resellerSlug` the right to list this store's items. `created: false` when a live grant already exists. */
export async function grantReseller(
  deps: CatalogDeps,
  input: { storeId: string; resellerSlug: string; actor: Actor },
): Promise<{ created: boolean; grant: GrantView }> {
  return inTransaction(deps.db, async (tx) => {
    const reseller = await tx.store.findUnique({ where: { slug: input.resellerSlug }, select: { id: true, slug: true, name: true } });
    if (!reseller) throw new AppError("NOT_FOUND", `No store "${input.resellerSlug}".`, { field: "store" });
    if (reseller.id === input.storeId) {
      throw new AppError("INVALID_INPUT", "A store cannot grant itself.", { fields: [{ path: "store", message: "Another store." }] });
    }
    // One row per pair (unique index): a concurrent grant of the same pair waits on the insert, then finds it live.
    const at = deps.now.toISOString();
    const inserted = await tx.$executeRaw`
      INSERT INTO "SupplierGrant" (id, "supplierStoreId", "resellerStoreId", since)
      VALUES (gen_random_uuid()::text, ${input.storeId}, ${reseller.id}, ${at}::timestamp(3))
      ON CONFLICT ("supplierStoreId", "resellerStoreId") DO NOTHING`;
    let created = inserted > 0;
    if (!created) {
      // Granting again after a revocation is a new grant (a new `since`).
      created = (await tx.$executeRaw`
        UPDATE "SupplierGrant" SET since = ${at}::timestamp(3), "revokedAt" = NULL
        WHERE "supplierStoreId" = ${input.storeId} AND "resellerStoreId" = ${reseller.id} AND "revokedAt" IS NOT NULL`) > 0;
    }
    const row = await tx.supplierGrant.findUniqueOrThrow({
      where: { supplierStoreId_resellerStoreId: { supplierStoreId: input.storeId, resellerStoreId: reseller.id } },
      select: { since: true },
    });
    if (created) {
      await writeAudit(tx, { storeId: input.storeId, actor: input.actor, action: "grant.create", entityId: reseller.id, changes: { reseller: reseller.slug }, now: deps.now });
    }
    return { created, grant: { store: reseller.slug, name: reseller.name, since: row.since.toISOString() } };
  });
}

/** Takes the grant back: the reseller's listings of this store's items take no new holds from now on. */
export async function revokeReseller(
  deps: CatalogDeps,
  input: { storeId: string; resellerSlug: string; actor: Actor },
): Promise<{ revoked: GrantView }> {
  return inTransaction(deps.db, async (tx) => {
    const reseller = await tx.store.findUnique({ where: { slug: input.resellerSlug }, select: { id: true, slug: true, name: true } });
    const grant = reseller
      ? await tx.supplierGrant.findFirst({ where: { supplierStoreId: input.storeId, resellerStoreId: reseller.id, revokedAt: null }, select: { id: true, since: true } })
      : null;
    if (!reseller || !grant) throw new AppError("NOT_FOUND", `Store "${input.resellerSlug}" has no grant from this store.`);
    await tx.supplierGrant.update({ where: { id: grant.id }, data: { revokedAt: deps.now } });
    await writeAudit(tx, { storeId: input.storeId, actor: input.actor, action: "grant.revoke", entityId: reseller.id, changes: { reseller: reseller.slug }, now: deps.now });
    return { revoked: { store: reseller.slug, name: reseller.name, since: grant.since.toISOString() } };
  });
}

type SupplierItemRow = {
  supplierStore: string;
  sku: string;
  productTitle: string | null;
  variantTitle: string | null;
  stock: number;
  reserved: number;
  lapsed: number;
  listed: boolean;
};

/**
 * The items the store's suppliers (live grants) offer it, by supplier and SKU: each with the
 * supplier's own product and variant titles and what shoppers could take now. `supplier` narrows
 * to one supplier; an unknown or ungranted one is 403 (nothing about other stores is revealed).
 */
export async function listSupplierItems(
  deps: CatalogDeps,
  input: { storeId: string } & SupplierItemsQuery,
): Promise<{ items: SupplierItemView[]; nextCursor: string | null }> {
  if (input.supplier) {
    const live = await deps.db.supplierGrant.findFirst({
      where: { resellerStoreId: input.storeId, revokedAt: null, supplierStore: { slug: input.supplier } },
      select: { id: true },
    });
    if (!live) throw new AppError("FORBIDDEN", `Store "${input.supplier}" has not granted this store the right to list its items.`);
  }
  const [afterStore, afterSku] = input.cursor ? (decodeCursor(input.cursor, 2) as [string, string]) : [null, null];
  const q = input.q ? containsPattern(input.q) : null;
  const now = deps.now.toISOString();
  const rows = await deps.db.$queryRaw<SupplierItemRow[]>`
    SELECT s.slug AS "supplierStore", i.sku, t."productTitle", t."variantTitle", i.stock, i.reserved,
      l.units AS lapsed,
      EXISTS (SELECT 1 FROM "Variant" mine WHERE mine."storeId" = ${input.storeId} AND mine."inventoryItemId" = i.id) AS listed
    FROM "SupplierGrant" g
    JOIN "Store" s ON s.id = g."supplierStoreId"
    JOIN "InventoryItem" i ON i."storeId" = g."supplierStoreId"
    LEFT JOIN LATERAL (
      SELECT p.title AS "productTitle", v.title AS "variantTitle" FROM "Variant" v JOIN "Product" p ON p.id = v."productId"
      WHERE v."inventoryItemId" = i.id AND v."storeId" = i."storeId" ORDER BY (p.status = 'ARCHIVED'), v.position, v.id LIMIT 1
    ) t ON true
    LEFT JOIN LATERAL inv_lapsed_units(i.id, ${now}::timestamp(3)) l ON true
    WHERE g."resellerStoreId" = ${input.storeId} AND g."revokedAt" IS NULL
      AND (${input.supplier ?? null}::text IS NULL OR s.slug = ${input.supplier ?? null}::text)
      AND (${q}::text IS NULL OR i.sku ILIKE ${q}::text OR t."productTitle" ILIKE ${q}::text OR t."variantTitle" ILIKE ${q}::text)
      AND (${afterStore}::text IS NULL OR (s.slug, i.sku) > (${afterStore}::text, ${afterSku}::text))
    ORDER BY s.slug, i.sku
    LIMIT ${input.limit + 1}`;
  const { page, nextCursor } = keysetPage(rows, input.limit, (last) => encodeCursor([last.supplierStore, last.sku]));
  return {
    items: page.map((r) => ({
      supplierStore: r.supplierStore,
      sku: r.sku,
      productTitle: r.productTitle,
      variantTitle: r.variantTitle,
      available: availableUnits(r),
      listed: r.listed,
    })),
    nextCursor,
  };
}
