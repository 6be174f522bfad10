// GET admin/webhooks → { items }; POST { url, events } → 201 { webhook, secret } (the signing secret
// is shown once). Private and loopback targets are refused unless WEBHOOKS_ALLOW_PRIVATE_TARGETS.
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { getEnv } from "@/lib/env";
import { createWebhookInputSchema } from "@/lib/events/schemas";
import { createWebhook, listWebhooks } from "@/lib/events/webhook-endpoints";
import { noteWebhookEndpointsChanged } from "@/lib/http/after-events";
import { parseWith, readJson, route } from "@/lib/http/route";
import { adminJson, requestDeps, type StoreCtx } from "../_shared/respond";

export const GET = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  return adminJson({ items: await listWebhooks(requestDeps(), { storeId: store.id }) });
});

export const POST = route(async (req, { params }: StoreCtx) => {
  const { store } = await authorizeStoreAdmin(req, (await params).store);
  const input = parseWith(createWebhookInputSchema, await readJson(req, 16 * 1024));
  const created = await createWebhook(
    { ...requestDeps(), allowPrivateTargets: getEnv().WEBHOOKS_ALLOW_PRIVATE_TARGETS },
    { storeId: store.id, ...input },
  );
  noteWebhookEndpointsChanged();
  return adminJson(created, { status: 201 });
});
