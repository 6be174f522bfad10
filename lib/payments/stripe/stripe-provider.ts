// The Stripe adapter: Checkout Sessions through the official SDK. A session expires at the order's
// payment deadline (Stripe allows 30 min .. 24 h: clamped), webhooks are verified with the signing
// secret, and the sync job's status queries retrieve the session.
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import type { PaymentOutcome, PaymentProvider, ProviderEvent, ProviderPaymentStatus } from "@/lib/payments/payment-provider";

export type StripeProviderConfig = {
  secretKey: string;
  webhookSecret: string;
  /** A stand-in API for tests (the SDK accepts host, port and protocol). */
  host?: string;
  port?: number;
  protocol?: "http" | "https";
};

const MIN_SESSION_SECONDS = 30 * 60 + 60; // Stripe's floor is 30 minutes after creation; a minute of slack
const MAX_SESSION_SECONDS = 24 * 60 * 60 - 60;

/** The session's expires_at for a deadline (unix seconds), inside Stripe's allowed window. */
export function sessionExpiry(deadline: Date, now: Date): number {
  const nowS = Math.floor(now.getTime() / 1000);
  const wanted = Math.floor(deadline.getTime() / 1000);
  return Math.min(Math.max(wanted, nowS + MIN_SESSION_SECONDS), nowS + MAX_SESSION_SECONDS);
}

export function statusOfSession(session: Pick<Stripe.Checkout.Session, "status" | "payment_status">): ProviderPaymentStatus {
  if (session.status === "expired") return "expired";
  if (session.status === "complete" && (session.payment_status === "paid" || session.payment_status === "no_payment_required")) {
    return "succeeded";
  }
  return "pending"; // open, or complete with an asynchronous payment still processing
}

/** The outcome a verified Stripe event carries for this shop, or null for events it ignores. */
export function outcomeOfStripeEvent(event: Stripe.Event): { ref: string | null; outcome: PaymentOutcome | null } {
  switch (event.type) {
    case "checkout.session.completed": {
      const s = event.data.object;
      return { ref: s.id, outcome: statusOfSession(s) === "succeeded" ? "succeeded" : null };
    }
    case "checkout.session.async_payment_succeeded":
      return { ref: event.data.object.id, outcome: "succeeded" };
    case "checkout.session.async_payment_failed":
      return { ref: event.data.object.id, outcome: "failed" };
    case "checkout.session.expired":
      return { ref: event.data.object.id, outcome: "expired" };
    default:
      return { ref: null, outcome: null };
  }
}

export function createStripeProvider(config: StripeProviderConfig): PaymentProvider {
  const stripe = new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    ...(config.host ? { host: config.host } : {}),
    ...(config.port ? { port: config.port } : {}),
    ...(config.protocol ? { protocol: config.protocol } : {}),
  });

  async function retrieveStatus(ref: string): Promise<ProviderPaymentStatus> {
    return statusOfSession(await stripe.checkout.sessions.retrieve(ref));
  }

  return {
    name: "stripe",
    async createPayment(input) {
      const session = await stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: input.currency.toLowerCase(),
                unit_amount: input.amountCents,
                product_data: { name: `${input.storeName} order #${input.orderNumber}` },
              },
            },
          ],
          client_reference_id: input.orderId,
          metadata: { orderId: input.orderId },
          payment_intent_data: { metadata: { orderId: input.orderId } },
          success_url: input.returnUrl,
          cancel_url: input.returnUrl,
          expires_at: sessionExpiry(input.expiresAt, input.now),
        },
        // The same order never gets two sessions, even when checkout is retried.
        { idempotencyKey: `order-session-${input.orderId}` },
      );
      if (!session.url) throw new Error("stripe: the Checkout Session has no url");
      return { ref: session.id, redirectUrl: session.url };
    },
    getStatus: (ref) => retrieveStatus(ref),
    async cancel(ref) {
      try {
        return statusOfSession(await stripe.checkout.sessions.expire(ref));
      } catch (e) {
        // Only open sessions can be expired: anything else already has its final state.
        if (e instanceof Stripe.errors.StripeInvalidRequestError) return retrieveStatus(ref);
        throw e;
      }
    },
    async refund(ref) {
      const session = await stripe.checkout.sessions.retrieve(ref);
      const intent = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
      if (!intent) throw new Error(`stripe: session ${ref} has no payment to refund`);
      try {
        await stripe.refunds.create({ payment_intent: intent }, { idempotencyKey: `order-refund-${ref}` });
      } catch (e) {
        // Refunding twice (after the idempotency key's 24 h) is not an error for us.
        if (e instanceof Stripe.errors.StripeInvalidRequestError && e.code === "charge_already_refunded") return;
        throw e;
      }
    },
    verifyWebhook(rawBody, headers): ProviderEvent {
      const signature = headers.get("stripe-signature");
      if (!signature) throw new AppError("UNAUTHENTICATED", "The webhook signature is missing.");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret);
      } catch (e) {
        if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
          throw new AppError("UNAUTHENTICATED", "The webhook signature is invalid.");
        }
        throw new AppError("INVALID_INPUT", "The webhook body is not a Stripe event.");
      }
      const { ref, outcome } = outcomeOfStripeEvent(event);
      return { id: event.id, type: event.type, ref, outcome };
    },
  };
}
