// PATCH admin/products/{id}/variants/{variantId} { title?, priceCents?, position? } → { variant }
//   (a new price applies to cart lines and checkouts from now on; placed orders keep theirs)
// DELETE → 200 { deleted: true } or, for a variant that holds, carts or orders refer to,
//   { deleted: false, archived: true, details: { archived: true } } (no new holds through it).
import { adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { catalogIdSchema, updateVariantInputSchema } from "@/lib/catalog/admin/schemas";
import { deleteVariant, updateVariant } from "@/lib/catalog/admin/variants";

type Params = { store: string; productId: string; variantId: string };

export const PATCH = adminWriteRoute<Params>(async ({ admin: { store, actor }, deps, params, json }) => {
  const productId = parseWith(catalogIdSchema, params.productId);
  const variantId = parseWith(catalogIdSchema, params.variantId);
  const changes = parseWith(updateVariantInputSchema, json());
  return { status: 200, body: { variant: await updateVariant(deps, { storeId: store.id, productId, variantId, actor, changes }) } };
});

export const DELETE = adminWriteRoute<Params>(async ({ admin: { store, actor }, deps, params }) => {
  const productId = parseWith(catalogIdSchema, params.productId);
  const variantId = parseWith(catalogIdSchema, params.variantId);
  const r = await deleteVariant(deps, { storeId: store.id, productId, variantId, actor });
  return { status: 200, body: r.archived ? { ...r, details: { archived: true } } : r };
});
