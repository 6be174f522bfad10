// PATCH admin/products/{id}/variants/{variantId} { title?, priceCents?, position? } → { variant }
//   (a new price applies to cart lines and checkouts from now on; placed orders keep theirs)
// DELETE → 200 { deleted: true } or, for a variant that holds, carts or orders refer to,
//   { deleted: false, archived: true, details: { archived: true } } (no new holds through it).
import { parseWith, route } from "@/lib/http/route";
import { catalogIdSchema, updateVariantInputSchema } from "@/lib/catalog/admin/schemas";
import { deleteVariant, updateVariant } from "@/lib/catalog/admin/variants";
import { adminWrite } from "../../../../_shared/write";

type Ctx = { params: Promise<{ store: string; productId: string; variantId: string }> };

export const PATCH = route(async (req, { params }: Ctx) => {
  const p = await params;
  return adminWrite(req, p.store, async ({ store, actor, json, deps }) => {
    const productId = parseWith(catalogIdSchema, p.productId);
    const variantId = parseWith(catalogIdSchema, p.variantId);
    const changes = parseWith(updateVariantInputSchema, json());
    return { status: 200, body: { variant: await updateVariant(deps, { storeId: store.id, productId, variantId, actor, changes }) } };
  });
});

export const DELETE = route(async (req, { params }: Ctx) => {
  const p = await params;
  return adminWrite(req, p.store, async ({ store, actor, deps }) => {
    const productId = parseWith(catalogIdSchema, p.productId);
    const variantId = parseWith(catalogIdSchema, p.variantId);
    const r = await deleteVariant(deps, { storeId: store.id, productId, variantId, actor });
    return { status: 200, body: r.archived ? { ...r, details: { archived: true } } : r };
  });
});
