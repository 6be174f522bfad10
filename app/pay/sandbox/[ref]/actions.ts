"use server";
// The sandbox's hosted page buttons: settle the sandbox-side payment, send the signed webhook
// (unless SANDBOX_WEBHOOKS=off), then send the shopper back to the shop's order page.
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { selfOrigin } from "@/lib/http/origin";
import { isSandboxActive, sandboxSecretOf } from "@/lib/payments/create-payment-providers";
import { completeSandboxPayment } from "@/lib/payments/sandbox/complete-sandbox-payment";
import { paymentRefSchema } from "@/lib/payments/schemas";

async function complete(ref: string, outcome: "succeed" | "fail"): Promise<never> {
  const env = getEnv();
  const parsed = paymentRefSchema.safeParse(ref);
  if (!isSandboxActive(env) || !parsed.success) notFound();
  // The app's own origin (APP_URL, or this server on loopback): never a request header.
  const origin = selfOrigin();
  const webhook = env.SANDBOX_WEBHOOKS ? { url: `${origin}/api/payments/webhooks/sandbox`, secret: sandboxSecretOf(env) } : null;
  let returnUrl: string;
  try {
    const done = await completeSandboxPayment({ db: getDb(), now: new Date() }, { ref: parsed.data, outcome, webhook });
    returnUrl = done.payment.returnUrl;
  } catch (e) {
    // Already settled or expired: the page says so.
    if (isAppError(e) && e.code === "CONFLICT") redirect(`/pay/sandbox/${parsed.data}`);
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  redirect(returnUrl);
}

export async function payNow(ref: string): Promise<never> {
  return complete(ref, "succeed");
}

export async function decline(ref: string): Promise<never> {
  return complete(ref, "fail");
}
