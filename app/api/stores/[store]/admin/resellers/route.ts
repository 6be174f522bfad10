// GET admin/resellers → { items: [{ store, name, since }] } — the stores allowed to list this store's items.
// POST { store } → 201 { grant } on a new grant, 200 when it already exists.
import { adminJson, adminRoute, adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { grantInputSchema } from "@/lib/catalog/admin/schemas";
import { grantReseller, listResellers } from "@/lib/catalog/admin/grants";

export const GET = adminRoute(async ({ admin: { store }, deps }) => adminJson({ items: await listResellers(deps, { storeId: store.id }) }));

export const POST = adminWriteRoute(
  async ({ admin: { store, actor }, deps, json }) => {
    const input = parseWith(grantInputSchema, json());
    const r = await grantReseller(deps, { storeId: store.id, resellerSlug: input.store, actor });
    return { status: r.created ? 201 : 200, body: { grant: r.grant, created: r.created } };
  },
  { maxBytes: 4096 },
);
