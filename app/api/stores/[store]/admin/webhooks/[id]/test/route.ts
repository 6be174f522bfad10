// POST admin/webhooks/{id}/test → { delivery }: a signed `webhook.test` event sent now (not retried).
import { authorizeStoreAdmin } from "@/lib/auth/admin";
import { getEnv } from "@/lib/env";
import { webhookIdSchema } from "@/lib/events/schemas";
import { sendTestEvent } from "@/lib/events/webhook-endpoints";
import { parseWith, route } from "@/lib/http/route";
import { adminJson, requestDeps } from "../../../_shared/respond";

type Ctx = { params: Promise<{ store: string; id: string }> };

export const POST = route(async (req, { params }: Ctx) => {
  const p = await params;
  const { store } = await authorizeStoreAdmin(req, p.store);
  const delivery = await sendTestEvent(
    { ...requestDeps(), allowPrivateTargets: getEnv().WEBHOOKS_ALLOW_PRIVATE_TARGETS },
    { storeId: store.id, webhookId: parseWith(webhookIdSchema, p.id) },
  );
  return adminJson({ delivery });
});
