// GET / PATCH { url?, events?, enabled? } / DELETE admin/webhooks/{id} → { webhook }.
import { getEnv } from "@/lib/env";
import { updateWebhookInputSchema, webhookIdSchema } from "@/lib/events/schemas";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/events/webhook-endpoints";
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { noteWebhookEndpointsChanged } from "@/lib/http/after-events";
import { parseWith, readJson } from "@/lib/http/route";

type Params = { store: string; id: string };

export const GET = adminRoute<Params>(async ({ admin: { store }, deps, params }) =>
  adminJson({ webhook: await getWebhook(deps, { storeId: store.id, webhookId: parseWith(webhookIdSchema, params.id) }) }),
);

export const PATCH = adminRoute<Params>(async ({ admin: { store }, deps, req, params }) => {
  const webhookId = parseWith(webhookIdSchema, params.id);
  const input = parseWith(updateWebhookInputSchema, await readJson(req, 16 * 1024));
  const webhook = await updateWebhook({ ...deps, allowPrivateTargets: getEnv().WEBHOOKS_ALLOW_PRIVATE_TARGETS }, { storeId: store.id, webhookId, ...input });
  noteWebhookEndpointsChanged();
  return adminJson({ webhook });
});

export const DELETE = adminRoute<Params>(async ({ admin: { store }, deps, params }) =>
  adminJson({ webhook: await deleteWebhook(deps, { storeId: store.id, webhookId: parseWith(webhookIdSchema, params.id) }) }),
);
