// The storefront's product grid: a store's products on sale or coming soon (a drop not yet
// released), paged by (position, id), each with its variants' live availability.
import type { Db, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isHostileText } from "@/lib/schemas/text";
import { getStockLevels, type StockLevel, type StockState } from "@/lib/inventory/availability";
import type { ProductCard } from "@/lib/catalog/schemas";
import { keysetPage } from "@/lib/admin/cursor";

type Cursor = { position: number; id: string };

export function encodeProductCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.position, c.id])).toString("base64url");
}

export function decodeProductCursor(s: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, "base64url").toString("utf8"));
    // position is an int4 column: a wider number would be a database error, not a page.
    if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && Math.abs(v[0] as number) <= 2_147_483_647 && typeof v[1] === "string" && v[1].length <= 64 && !isHostileText(v[1])) {
      return { position: v[0] as number, id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError("INVALID_INPUT", "The cursor is not valid.", { fields: [{ path: "cursor", message: "Invalid cursor" }] });
}

export const productCardSelect = {
  id: true,
  slug: true,
  title: true,
  imageUrl: true,
  releaseAt: true,
  endsAt: true,
  perCustomerLimit: true,
  variants: {
    where: { archivedAt: null }, // an archived variant (deleted while held or ordered) is not shown
    select: { id: true, title: true, priceCents: true, inventoryItem: { select: { sku: true } } },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.ProductSelect;

type CardRow = {
  id: string;
  slug: string;
  title: string;
  imageUrl: string | null;
  releaseAt: Date | null;
  endsAt: Date | null;
  perCustomerLimit: number | null;
  variants: { id: string; title: string; priceCents: number; inventoryItem: { sku: string } }[];
};

const STATE_RANK: Record<StockState, number> = { in_stock: 0, low_stock: 1, coming_soon: 2, out_of_stock: 3, unavailable: 4 };

/** Shapes product rows into cards with the levels of their variants. */
export function toProductCard(p: CardRow, levels: Map<string, StockLevel>): ProductCard {
  const variants = p.variants.map((v) => {
    const level = levels.get(v.id) ?? { available: 0, state: "unavailable" as const };
    return { id: v.id, sku: v.inventoryItem.sku, title: v.title, priceCents: v.priceCents, available: level.available, state: level.state };
  });
  const best = variants.reduce<StockState>((s, v) => (STATE_RANK[v.state] < STATE_RANK[s] ? v.state : s), "unavailable");
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    imageUrl: p.imageUrl,
    priceCents: variants.length ? Math.min(...variants.map((v) => v.priceCents)) : 0,
    releaseAt: p.releaseAt ? p.releaseAt.toISOString() : null,
    endsAt: p.endsAt ? p.endsAt.toISOString() : null,
    perCustomerLimit: p.perCustomerLimit,
    available: variants.reduce((n, v) => n + v.available, 0),
    state: best,
    variants,
  };
}

export async function listProducts(
  deps: { db: Db; now: Date },
  input: { storeId: string; cursor?: string | null; limit: number },
): Promise<{ items: ProductCard[]; nextCursor: string | null }> {
  const after = input.cursor ? decodeProductCursor(input.cursor) : null;
  const rows = await deps.db.product.findMany({
    where: {
      storeId: input.storeId,
      status: "ACTIVE",
      variants: { some: { archivedAt: null } },
      AND: [
        { OR: [{ endsAt: null }, { endsAt: { gt: deps.now } }] },
        ...(after ? [{ OR: [{ position: { gt: after.position } }, { position: after.position, id: { gt: after.id } }] }] : []),
      ],
    },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: { ...productCardSelect, position: true },
  });
  const { page, nextCursor } = keysetPage(rows, input.limit, (last) => encodeProductCursor({ position: last.position, id: last.id }));
  const levels = await getStockLevels(deps, { storeId: input.storeId, variantIds: page.flatMap((p) => p.variants.map((v) => v.id)) });
  const byId = new Map(levels.map((l) => [l.variantId, l]));
  return { items: page.map((p) => toProductCard(p, byId)), nextCursor };
}
