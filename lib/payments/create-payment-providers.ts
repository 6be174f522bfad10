// Builds the configured payment providers from the environment: the sandbox unless
// PAYMENT_PROVIDER=stripe (then Stripe, with the sandbox kept only for payments it still holds).
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import type { PaymentProviders } from "@/lib/payments/payment-provider";
import { providersOf } from "@/lib/payments/providers-of";
import { createSandboxProvider } from "@/lib/payments/sandbox/sandbox-provider";
import { createStripeProvider } from "@/lib/payments/stripe/stripe-provider";

/** The sandbox's signing secret: SANDBOX_WEBHOOK_SECRET, else derived from AUTH_SECRET (dev: a fixed one). */
export function sandboxSecretOf(env: Pick<Env, "SANDBOX_WEBHOOK_SECRET" | "AUTH_SECRET">): string {
  if (env.SANDBOX_WEBHOOK_SECRET) return env.SANDBOX_WEBHOOK_SECRET;
  return createHash("sha256").update(`sandbox-webhook:${env.AUTH_SECRET ?? "development-only-sandbox-secret"}`).digest("hex");
}

export function isSandboxActive(env: Pick<Env, "PAYMENT_PROVIDER"> = getEnv()): boolean {
  return env.PAYMENT_PROVIDER === "sandbox";
}

/** appUrl: the app's public origin (APP_URL, or the request's) for the hosted page's links. */
export function createPaymentProviders(db: Db, options: { appUrl?: string; env?: Env } = {}): PaymentProviders {
  const env = options.env ?? getEnv();
  const sandbox = createSandboxProvider({ db, secret: sandboxSecretOf(env), baseUrl: options.appUrl ?? env.APP_URL ?? "" });
  if (env.PAYMENT_PROVIDER !== "stripe") return providersOf(sandbox);
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
    throw new Error("PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.");
  }
  const stripe = createStripeProvider({
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    host: env.STRIPE_API_HOST,
    port: env.STRIPE_API_PORT,
    protocol: env.STRIPE_API_PROTOCOL,
  });
  return providersOf(stripe, sandbox);
}
