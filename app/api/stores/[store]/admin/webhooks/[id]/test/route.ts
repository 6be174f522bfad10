// POST admin/webhooks/{id}/test → { delivery }: a signed `webhook.test` event sent now (not retried).
import { getEnv } from "@/lib/env";
import { webhookIdSchema } from "@/lib/events/schemas";
import { sendTestEvent } from "@/lib/events/webhook-endpoints";
import { adminJson, adminRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";

export const POST = adminRoute<{ store: string; id: string }>(async ({ admin: { store }, deps, params }) => {
  const webhookId = parseWith(webhookIdSchema, params.id);
  const delivery = await sendTestEvent({ ...deps, allowPrivateTargets: getEnv().WEBHOOKS_ALLOW_PRIVATE_TARGETS }, { storeId: store.id, webhookId });
  return adminJson({ delivery });
});
