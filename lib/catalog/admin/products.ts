// Products for store admins and integrations (API.md "Catalog and stores (admin)"): list, create with
// its variants in one all-or-nothing transaction, read, partial update (null clears), archive.
import type { Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, keysetPage } from "@/lib/admin/cursor";
import type { Actor } from "@/lib/inventory/actor";
import { writeAudit } from "@/lib/catalog/admin/audit";
import { loadProductViews, type AdminProductView } from "@/lib/catalog/admin/product-view";
import {
  slugify,
  type CreateProductInput,
  type ListProductsQuery,
  type UpdateProductInput,
} from "@/lib/catalog/admin/schemas";
import { conflict, inTransaction, uniqueViolationTarget, type CatalogDeps } from "@/lib/catalog/admin/tx";
import { insertVariant } from "@/lib/catalog/admin/variants";

export type { AdminProductView };

export async function listAdminProducts(
  deps: CatalogDeps,
  input: { storeId: string } & ListProductsQuery,
): Promise<{ items: AdminProductView[]; nextCursor: string | null }> {
  const where: Prisma.ProductWhereInput = { storeId: input.storeId };
  if (input.status) where.status = input.status;
  const and: Prisma.ProductWhereInput[] = [];
  if (input.q) {
    and.push({
      OR: [
        { title: { contains: input.q, mode: "insensitive" } },
        { slug: { contains: input.q, mode: "insensitive" } },
        { variants: { some: { inventoryItem: { sku: { contains: input.q, mode: "insensitive" } } } } },
      ],
    });
  }
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor, 2) as [string, string];
    const t = new Date(at);
    if (Number.isNaN(t.getTime())) throw new AppError("INVALID_INPUT", "The cursor is not valid; use the nextCursor of the previous page.");
    and.push({ OR: [{ createdAt: { lt: t } }, { createdAt: t, id: { lt: id } }] });
  }
  if (and.length > 0) where.AND = and;
  const rows = await deps.db.product.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: { id: true, createdAt: true },
  });
  const { page, nextCursor } = keysetPage(rows, input.limit, (last) => encodeCursor([last.createdAt.toISOString(), last.id]));
  const items = await loadProductViews(deps, { storeId: input.storeId, ids: page.map((r) => r.id) });
  return { items, nextCursor };
}

export async function getAdminProduct(deps: CatalogDeps, input: { storeId: string; productId: string }): Promise<AdminProductView> {
  const [view] = await loadProductViews(deps, { storeId: input.storeId, ids: [input.productId] });
  if (!view) throw new AppError("NOT_FOUND", "Product not found.");
  return view;
}

/** A free slug for `title` in the store: the title's slug, else with -2, -3, … appended. */
async function freeSlugFor(db: CatalogDeps["db"], storeId: string, title: string): Promise<string> {
  const base = slugify(title).slice(0, 72).replace(/-+$/, "") || "product";
  const taken = new Set(
    (await db.product.findMany({ where: { storeId, slug: { startsWith: base } }, select: { slug: true } })).map((p) => p.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; n < 10_000; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  return `${base}-${Date.now().toString(36)}`;
}

/**
 * The product and all its variants (own items with their opening stock as a ledger row, or listings
 * of a granted supplier's items) in one transaction: any error leaves nothing behind. A slug or SKU
 * the store already has (also one a concurrent request just took) is 409 CONFLICT `details.field`.
 */
export async function createProduct(
  deps: CatalogDeps,
  input: { storeId: string; actor: Actor } & CreateProductInput,
): Promise<AdminProductView> {
  const skus = new Map<string, number>();
  input.variants.forEach((v, i) => {
    const sku = "sku" in v ? v.sku : `${v.supplierStore}/${v.supplierSku}`;
    if (skus.has(sku)) {
      throw new AppError("INVALID_INPUT", `Variant ${i + 1} repeats the SKU of variant ${skus.get(sku)! + 1}.`, {
        fields: [{ path: `variants.${i}.sku`, message: "Each variant needs its own SKU." }],
      });
    }
    skus.set(sku, i);
  });
  if (input.releaseAt && input.endsAt && input.endsAt <= input.releaseAt) throw endsBeforeRelease();

  const productId = await inTransaction(deps.db, async (tx) => {
    const slug = input.slug ?? (await freeSlugFor(tx, input.storeId, input.title));
    const top = await tx.product.aggregate({ where: { storeId: input.storeId }, _max: { position: true } });
    let product: { id: string };
    try {
      product = await tx.product.create({
        data: {
          storeId: input.storeId,
          slug,
          title: input.title,
          description: input.description ?? "",
          imageUrl: input.imageUrl ?? null,
          status: input.status ?? "DRAFT",
          releaseAt: input.releaseAt ?? null,
          endsAt: input.endsAt ?? null,
          perCustomerLimit: input.perCustomerLimit ?? null,
          position: (top._max.position ?? -1) + 1,
          createdAt: deps.now,
          updatedAt: deps.now,
        },
        select: { id: true },
      });
    } catch (e) {
      if (uniqueViolationTarget(e) !== null) throw conflict("slug", `This store already has a product with the slug "${slug}".`, { slug });
      throw e;
    }
    for (const [position, variant] of input.variants.entries()) {
      await insertVariant({ db: tx, now: deps.now }, { storeId: input.storeId, productId: product.id, position, variant, actor: input.actor });
    }
    await writeAudit(tx, {
      storeId: input.storeId,
      actor: input.actor,
      action: "product.create",
      entityId: product.id,
      changes: { ...input, actor: undefined, storeId: undefined, slug },
      now: deps.now,
    });
    return product.id;
  });
  return getAdminProduct(deps, { storeId: input.storeId, productId });
}

/**
 * A partial update; `null` clears an optional field. `status: "ARCHIVED"` stops new holds at once
 * (the engine answers NOT_AVAILABLE) and leaves existing holds and orders alone.
 */
export async function updateProduct(
  deps: CatalogDeps,
  input: { storeId: string; productId: string; actor: Actor; changes: UpdateProductInput },
): Promise<AdminProductView> {
  const c = input.changes;
  await inTransaction(deps.db, async (tx) => {
    const rows = await tx.$queryRaw<Array<{ releaseAt: Date | null; endsAt: Date | null }>>`
      SELECT "releaseAt", "endsAt" FROM "Product" WHERE id = ${input.productId} AND "storeId" = ${input.storeId} FOR UPDATE`;
    const before = rows[0];
    if (!before) throw new AppError("NOT_FOUND", "Product not found.");
    const releaseAt = c.releaseAt !== undefined ? c.releaseAt : before.releaseAt;
    const endsAt = c.endsAt !== undefined ? c.endsAt : before.endsAt;
    if (releaseAt && endsAt && endsAt <= releaseAt) throw endsBeforeRelease();
    const data: Prisma.ProductUpdateInput = { updatedAt: deps.now };
    if (c.title !== undefined) data.title = c.title;
    if (c.slug !== undefined) data.slug = c.slug;
    if (c.description !== undefined) data.description = c.description ?? "";
    if (c.imageUrl !== undefined) data.imageUrl = c.imageUrl;
    if (c.status !== undefined) data.status = c.status;
    if (c.releaseAt !== undefined) data.releaseAt = c.releaseAt;
    if (c.endsAt !== undefined) data.endsAt = c.endsAt;
    if (c.perCustomerLimit !== undefined) data.perCustomerLimit = c.perCustomerLimit;
    try {
      await tx.product.update({ where: { id: input.productId }, data });
    } catch (e) {
      if (uniqueViolationTarget(e) !== null) throw conflict("slug", `This store already has a product with the slug "${c.slug}".`, { slug: c.slug });
      throw e;
    }
    await writeAudit(tx, { storeId: input.storeId, actor: input.actor, action: "product.update", entityId: input.productId, changes: c, now: deps.now });
  });
  return getAdminProduct(deps, { storeId: input.storeId, productId: input.productId });
}

function endsBeforeRelease(): AppError {
  return new AppError("INVALID_INPUT", "endsAt must be after releaseAt.", { fields: [{ path: "endsAt", message: "endsAt must be after releaseAt." }] });
}
