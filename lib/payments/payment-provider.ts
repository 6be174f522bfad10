// The one interface every payment provider (sandbox, stripe) implements, so orders, webhooks and
// the jobs never depend on which provider is active. Types only, plus outcomeOf: providersOf
// (lib/payments/providers-of.ts) bundles the providers, each traced.

/** What the provider says about one payment. */
export type ProviderPaymentStatus = "pending" | "succeeded" | "failed" | "expired" | "refunded";

/** An outcome that settles a payment (pending settles nothing). */
export type PaymentOutcome = "succeeded" | "failed" | "expired";

export type CreateProviderPaymentInput = {
  orderId: string;
  orderNumber: number;
  storeName: string;
  amountCents: number;
  currency: string;
  /** The order's payment deadline: the provider-side payment must not be payable after it. */
  expiresAt: Date;
  /** Where the provider sends the shopper back (the order page). */
  returnUrl: string;
  now: Date;
};

export type ProviderPayment = { ref: string; redirectUrl: string };

/** A verified webhook event; `outcome` null means an event this shop does not act on. */
export type ProviderEvent = { id: string; type: string; ref: string | null; outcome: PaymentOutcome | null };

export interface PaymentProvider {
  readonly name: "sandbox" | "stripe";
  /** Idempotent per order: asking twice for the same order returns the same payment. */
  createPayment(input: CreateProviderPaymentInput): Promise<ProviderPayment>;
  /** Read-only status query (the sync job's poll). */
  getStatus(ref: string, now: Date): Promise<ProviderPaymentStatus>;
  /** Cancels or expires the payment if still pending, so a late payment cannot land; returns the final status. */
  cancel(ref: string, now: Date): Promise<ProviderPaymentStatus>;
  /** Refunds a succeeded payment; idempotent. */
  refund(ref: string, now: Date): Promise<void>;
  /** Verifies the signature and parses the event; throws AppError UNAUTHENTICATED / INVALID_INPUT. */
  verifyWebhook(rawBody: string, headers: Headers, now: Date): ProviderEvent;
}

export type PaymentProviders = {
  /** The provider new payments are made with (PAYMENT_PROVIDER). */
  active: PaymentProvider;
  /** A configured provider by name (payments made before a switch still settle), or null. */
  get(name: string): PaymentProvider | null;
};

/** Maps a provider status to the outcome to apply, or null while still pending. */
export function outcomeOf(status: ProviderPaymentStatus): PaymentOutcome | null {
  switch (status) {
    case "succeeded":
      return "succeeded";
    case "failed":
      return "failed";
    case "expired":
    case "refunded":
      return "expired";
    case "pending":
      return null;
  }
}
