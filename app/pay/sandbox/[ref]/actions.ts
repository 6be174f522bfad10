"use server";
// The sandbox's hosted page buttons: settle the sandbox-side payment, send the signed webhook
// (unless SANDBOX_WEBHOOKS=off), then send the shopper back to the shop's order page.
import { notFound, redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { requestDeps } from "@/lib/http/deps";
import { selfOrigin } from "@/lib/http/origin";
import { validatedBoundAction } from "@/lib/http/validated-action";
import { isSandboxActive, sandboxSecretOf } from "@/lib/payments/create-payment-providers";
import { completeSandboxPayment } from "@/lib/payments/sandbox/complete-sandbox-payment";
import { paymentRefSchema } from "@/lib/payments/schemas";

async function complete(ref: string, outcome: "succeed" | "fail"): Promise<never> {
  const env = getEnv();
  if (!isSandboxActive(env)) notFound();
  // The app's own origin (APP_URL, or this server on loopback): never a request header.
  const origin = selfOrigin();
  const webhook = env.SANDBOX_WEBHOOKS ? { url: `${origin}/api/payments/webhooks/sandbox`, secret: sandboxSecretOf(env) } : null;
  let returnUrl: string;
  try {
    const done = await completeSandboxPayment(requestDeps(), { ref, outcome, webhook });
    returnUrl = done.payment.returnUrl;
  } catch (e) {
    // Already settled or expired: the page says so.
    if (isAppError(e) && e.code === "CONFLICT") redirect(`/pay/sandbox/${ref}`);
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  redirect(returnUrl);
}

// Bound to the page's payment reference; one that is not a reference is 404, like an unknown one.
const bound = { onInvalid: () => notFound() };

export const payNow = validatedBoundAction(paymentRefSchema, (ref) => complete(ref, "succeed"), bound);

export const decline = validatedBoundAction(paymentRefSchema, (ref) => complete(ref, "fail"), bound);
