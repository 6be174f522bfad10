// POST /api/payments/webhooks/{provider}: a provider's signed event → settle the payment once.
// 200 { received, eventId, result } fast; 401 for a bad signature; 404 for a provider that is not
// configured (the sandbox's only while it is the active provider).
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requestDeps } from "@/lib/http/deps";
import { MAX_JSON_BYTES, readTextCapped, route } from "@/lib/http/route";
import { createPaymentProviders, isSandboxActive } from "@/lib/payments/create-payment-providers";
import { handlePaymentWebhook } from "@/lib/payments/handle-payment-webhook";
import { providerNameSchema } from "@/lib/payments/schemas";

type Ctx = { params: Promise<{ provider: string }> };

export const POST = route(async (req: Request, { params }: Ctx) => {
  const parsed = providerNameSchema.safeParse((await params).provider);
  if (!parsed.success || (parsed.data === "sandbox" && !isSandboxActive())) throw new AppError("NOT_FOUND", "Unknown payment provider.");
  const provider = parsed.data;
  const rawBody = await readTextCapped(req, MAX_JSON_BYTES);
  const deps = requestDeps();
  const result = await handlePaymentWebhook(
    { ...deps, payments: createPaymentProviders(deps.db, { env: getEnv() }) },
    { provider, rawBody, headers: req.headers },
  );
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
});
