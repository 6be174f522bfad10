// POST admin/products/{id}/variants variantInput → 201 { variant }
import { parseWith, route } from "@/lib/http/route";
import { catalogIdSchema, variantInputSchema } from "@/lib/catalog/admin/schemas";
import { addVariant } from "@/lib/catalog/admin/variants";
import { adminWrite } from "../../../_shared/write";

type Ctx = { params: Promise<{ store: string; productId: string }> };

export const POST = route(async (req, { params }: Ctx) => {
  const p = await params;
  return adminWrite(req, p.store, async ({ store, actor, json, deps }) => {
    const productId = parseWith(catalogIdSchema, p.productId);
    const variant = parseWith(variantInputSchema, json());
    return { status: 201, body: { variant: await addVariant(deps, { storeId: store.id, productId, actor, variant }) } };
  });
});
