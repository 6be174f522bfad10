// POST /api/payments/sandbox/{paymentRef} { outcome: "succeed" | "fail" | "pending" }: scripts and
// tests set a sandbox payment's outcome, exactly like its hosted page (a signed webhook follows
// unless SANDBOX_WEBHOOKS=off). Exists only while the sandbox is the active provider (else 404).
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseWith, readJson, route } from "@/lib/http/route";
import { requestDeps } from "@/lib/http/deps";
import { selfOrigin } from "@/lib/http/origin";
import { isSandboxActive, sandboxSecretOf } from "@/lib/payments/create-payment-providers";
import { completeSandboxPayment, sandboxPaymentDto } from "@/lib/payments/sandbox/complete-sandbox-payment";
import { paymentRefSchema, sandboxSimulationSchema } from "@/lib/payments/schemas";

type Ctx = { params: Promise<{ paymentRef: string }> };

export const POST = route(async (req: Request, { params }: Ctx) => {
  const env = getEnv();
  if (!isSandboxActive(env)) throw new AppError("NOT_FOUND", "Not found.");
  const ref = parseWith(paymentRefSchema, (await params).paymentRef);
  const { outcome } = parseWith(sandboxSimulationSchema, await readJson(req));
  const webhook = env.SANDBOX_WEBHOOKS ? { url: `${selfOrigin()}/api/payments/webhooks/sandbox`, secret: sandboxSecretOf(env) } : null;
  const done = await completeSandboxPayment(requestDeps(), { ref, outcome, webhook });
  return Response.json({ payment: sandboxPaymentDto(done.payment), webhook: done.webhook }, { headers: { "Cache-Control": "no-store" } });
});
