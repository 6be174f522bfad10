"use server";
// The sandbox's hosted page buttons: settle the sandbox-side payment, send the signed webhook
// (unless SANDBOX_WEBHOOKS=off), then send the shopper back to the shop's order page.
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { isSandboxActive, sandboxSecretOf } from "@/lib/payments/create-payment-providers";
import { completeSandboxPayment } from "@/lib/payments/sandbox/complete-sandbox-payment";
import { paymentRefSchema } from "@/lib/payments/schemas";

async function appOrigin(): Promise<string> {
  const env = getEnv();
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, "");
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "127.0.0.1"}`;
}

async function complete(ref: string, outcome: "succeed" | "fail"): Promise<never> {
  const env = getEnv();
  const parsed = paymentRefSchema.safeParse(ref);
  if (!isSandboxActive(env) || !parsed.success) notFound();
  const origin = await appOrigin();
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
