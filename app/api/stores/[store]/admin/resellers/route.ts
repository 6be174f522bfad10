// GET admin/resellers → { items: [{ store, name, since }] } — the stores allowed to list this store's items.
// POST { store } → 201 { grant } on a new grant, 200 when it already exists.
import { parseWith, route } from "@/lib/http/route";
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { grantInputSchema } from "@/lib/catalog/admin/schemas";
import { grantReseller, listResellers } from "@/lib/catalog/admin/grants";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";
import { adminWrite } from "../_shared/write";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  return adminJson({ items: await listResellers(requestDeps(), { storeId: store.id }) });
});

export const POST = route(async (req, { params }: StoreCtx) =>
  adminWrite(
    req,
    (await params).store,
    async ({ store, actor, json, deps }) => {
      const input = parseWith(grantInputSchema, json());
      const r = await grantReseller(deps, { storeId: store.id, resellerSlug: input.store, actor });
      return { status: r.created ? 201 : 200, body: { grant: r.grant, created: r.created } };
    },
    { maxBytes: 4096 },
  ),
);
