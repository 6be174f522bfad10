// GET admin/webhooks → { items }; POST { url, events } → 201 { webhook, secret } (the signing secret
// is shown once). Private and loopback targets are refused unless WEBHOOKS_ALLOW_PRIVATE_TARGETS.
import { getEnv } from "@/lib/env";
import { createWebhookInputSchema } from "@/lib/events/schemas";
import { createWebhook, listWebhooks } from "@/lib/events/webhook-endpoints";
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { noteWebhookEndpointsChanged } from "@/lib/http/after-events";
import { parseWith, readJson } from "@/lib/http/route";

export const GET = adminRoute(async ({ admin: { store }, deps }) => adminJson({ items: await listWebhooks(deps, { storeId: store.id }) }));

export const POST = adminRoute(async ({ admin: { store }, deps, req }) => {
  const input = parseWith(createWebhookInputSchema, await readJson(req, 16 * 1024));
  const created = await createWebhook({ ...deps, allowPrivateTargets: getEnv().WEBHOOKS_ALLOW_PRIVATE_TARGETS }, { storeId: store.id, ...input });
  noteWebhookEndpointsChanged();
  return adminJson(created, { status: 201 });
});
