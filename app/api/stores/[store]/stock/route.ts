import { parseWith, route, searchParamsOf } from "@/lib/http/route";
import { requestDeps } from "@/lib/http/deps";
import { getStoreBySlugOrThrow } from "@/lib/stores/get-store";
import { getStockLevels } from "@/lib/inventory/availability";
import { stockQuerySchema } from "@/lib/catalog/schemas";

type Ctx = { params: Promise<{ store: string }> };

// Public and polled by every product badge: a second of shared caching absorbs bursts (s-maxage:
// Vercel's CDN caches a function's response only when told so; max-age alone is for browsers).
export const GET = route(async (req: Request, ctx: Ctx) => {
  const deps = requestDeps();
  const store = await getStoreBySlugOrThrow(deps, (await ctx.params).store);
  const { variantIds } = parseWith(stockQuerySchema, searchParamsOf(req));
  const items = await getStockLevels(deps, { storeId: store.id, variantIds });
  return Response.json(
    { items, asOf: deps.now.toISOString() },
    { headers: { "Cache-Control": "public, max-age=1, s-maxage=1, stale-while-revalidate=1" } },
  );
});
