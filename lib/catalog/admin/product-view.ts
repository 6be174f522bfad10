// The admin's view of a product (API.md `product`): its fields and every variant with the stock it
// sells from — own or a supplier's (`owned: false`, `supplierStore`) — and what shoppers could take.
import { availableUnits } from "@/lib/inventory/availability";
import type { AnyDb } from "@/lib/catalog/admin/tx";
import type { AdminProductView, AdminVariantView } from "@/lib/catalog/admin/response-schemas";

export type { AdminProductView, AdminVariantView };

/** A product's row: the answer's fields without its variants, with the times as Dates. */
type ProductRow = Omit<AdminProductView, "releaseAt" | "endsAt" | "createdAt" | "updatedAt" | "variants"> & {
  releaseAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

type VariantRow = {
  id: string;
  productId: string;
  sku: string;
  title: string;
  priceCents: number;
  position: number;
  archivedAt: Date | null;
  ownerId: string;
  ownerSlug: string;
  stock: number;
  reserved: number;
  lapsed: number;
};

/** Views of the store's products `ids` (others' ids are left out), variants by position. */
export async function loadProductViews(deps: { db: AnyDb; now: Date }, input: { storeId: string; ids: readonly string[] }): Promise<AdminProductView[]> {
  if (input.ids.length === 0) return [];
  const products = await deps.db.product.findMany({
    where: { storeId: input.storeId, id: { in: [...input.ids] } },
    select: {
      id: true, slug: true, title: true, description: true, imageUrl: true, status: true,
      releaseAt: true, endsAt: true, perCustomerLimit: true, createdAt: true, updatedAt: true,
    },
  });
  const now = deps.now.toISOString();
  const variants = await deps.db.$queryRaw<VariantRow[]>`
    SELECT v.id, v."productId", i.sku, v.title, v."priceCents", v.position, v."archivedAt",
      i."storeId" AS "ownerId", o.slug AS "ownerSlug", i.stock, i.reserved, l.units AS lapsed
    FROM "Variant" v
    JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
    JOIN "Store" o ON o.id = i."storeId"
    LEFT JOIN LATERAL inv_lapsed_units(i.id, ${now}::timestamp(3)) l ON true
    WHERE v."storeId" = ${input.storeId} AND v."productId" = ANY(${[...input.ids]}::text[])
    ORDER BY v.position, v.id`;
  const byProduct = new Map<string, AdminVariantView[]>();
  for (const v of variants) {
    const list = byProduct.get(v.productId) ?? [];
    list.push({
      id: v.id,
      sku: v.sku,
      title: v.title,
      priceCents: v.priceCents,
      position: v.position,
      owned: v.ownerId === input.storeId,
      supplierStore: v.ownerId === input.storeId ? null : v.ownerSlug,
      archived: v.archivedAt !== null,
      stock: v.stock,
      reserved: v.reserved,
      available: availableUnits(v),
    });
    byProduct.set(v.productId, list);
  }
  const byId = new Map(products.map((p: ProductRow) => [p.id, p]));
  return input.ids.flatMap((id) => {
    const p = byId.get(id);
    return p ? [toView(p, byProduct.get(id) ?? [])] : [];
  });
}

function toView(p: ProductRow, variants: AdminVariantView[]): AdminProductView {
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    description: p.description,
    imageUrl: p.imageUrl,
    status: p.status,
    releaseAt: p.releaseAt?.toISOString() ?? null,
    endsAt: p.endsAt?.toISOString() ?? null,
    perCustomerLimit: p.perCustomerLimit,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    variants,
  };
}
