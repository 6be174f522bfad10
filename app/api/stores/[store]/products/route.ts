import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { requestDeps } from "@/lib/http/deps";
import { getStoreBySlugOrThrow } from "@/lib/stores/get-store";
import { listProducts } from "@/lib/catalog/list-products";
import { productsQuerySchema } from "@/lib/catalog/schemas";

type Ctx = { params: Promise<{ store: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const deps = requestDeps();
  const store = await getStoreBySlugOrThrow(deps, (await ctx.params).store);
  const { cursor, limit } = parseWith(productsQuerySchema, searchParamsOf(req));
  const page = await listProducts(deps, { storeId: store.id, cursor, limit });
  return Response.json(page, { headers: { "Cache-Control": "public, max-age=1, s-maxage=1, stale-while-revalidate=5" } });
});
