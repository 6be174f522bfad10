// GET / PATCH { url?, events?, enabled? } / DELETE admin/webhooks/{id} → { webhook }.
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { getEnv } from "@/lib/env";
import { updateWebhookInputSchema, webhookIdSchema } from "@/lib/events/schemas";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/events/webhook-endpoints";
import { noteWebhookEndpointsChanged } from "@/lib/http/after-events";
import { parseWith, readJson, route } from "@/lib/http/route";
import { adminJson, requestDeps } from "../../_shared/respond";

type Ctx = { params: Promise<{ store: string; id: string }> };

export const GET = route(async (req, { params }: Ctx) => {
  const p = await params;
  const { store } = await authorizeStoreAdmin(req, p.store);
  return adminJson({ webhook: await getWebhook(requestDeps(), { storeId: store.id, webhookId: parseWith(webhookIdSchema, p.id) }) });
});

export const PATCH = route(async (req, { params }: Ctx) => {
  const p = await params;
  const { store } = await authorizeStoreAdmin(req, p.store);
  const webhookId = parseWith(webhookIdSchema, p.id);
  const input = parseWith(updateWebhookInputSchema, await readJson(req, 16 * 1024));
  const webhook = await updateWebhook(
    { ...requestDeps(), allowPrivateTargets: getEnv().WEBHOOKS_ALLOW_PRIVATE_TARGETS },
    { storeId: store.id, webhookId, ...input },
  );
  noteWebhookEndpointsChanged();
  return adminJson({ webhook });
});

export const DELETE = route(async (req, { params }: Ctx) => {
  const p = await params;
  const { store } = await authorizeStoreAdmin(req, p.store);
  return adminJson({ webhook: await deleteWebhook(requestDeps(), { storeId: store.id, webhookId: parseWith(webhookIdSchema, p.id) }) });
});
