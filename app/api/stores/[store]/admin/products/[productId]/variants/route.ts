// POST admin/products/{id}/variants variantInput → 201 { variant }
import { adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { catalogIdSchema, variantInputSchema } from "@/lib/catalog/admin/schemas";
import { addVariant } from "@/lib/catalog/admin/variants";

export const POST = adminWriteRoute<{ store: string; productId: string }>(async ({ admin: { store, actor }, deps, params, json }) => {
  const productId = parseWith(catalogIdSchema, params.productId);
  const variant = parseWith(variantInputSchema, json());
  return { status: 201, body: { variant: await addVariant(deps, { storeId: store.id, productId, actor, variant }) } };
});
