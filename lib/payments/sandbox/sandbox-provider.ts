// The shop's adapter for the sandbox provider: the PaymentProvider interface over the sandbox's
// books, exactly as a real provider's SDK would be used (create, status, cancel, refund, webhooks).
import { z } from "zod";
import { text } from "@/lib/schemas/text";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PaymentOutcome, PaymentProvider, ProviderEvent } from "@/lib/payments/payment-provider";
import {
  expireSandboxPayment,
  findSandboxPayment,
  openSandboxPayment,
  refundSandboxPayment,
  sandboxRefFor,
} from "@/lib/payments/sandbox/sandbox-books";
import { isValidSandboxSignature, SANDBOX_SIGNATURE_HEADER } from "@/lib/payments/sandbox/sandbox-signature";

export type SandboxProviderConfig = {
  db: Db;
  /** Signs refs and webhooks (SANDBOX_WEBHOOK_SECRET). */
  secret: string;
  /** Prefix of the hosted page's URL ("" for a path relative to the app). */
  baseUrl?: string;
};

const sandboxEventSchema = z.object({
  id: text({ min: 1, max: 200, trim: false }),
  type: text({ min: 1, max: 100, trim: false }),
  created: z.number().int().optional(),
  data: z.object({ ref: text({ min: 1, max: 200, trim: false }), status: text({ max: 50, trim: false }).optional(), reference: text({ max: 200, trim: false }).optional() }),
});

const OUTCOME_OF_EVENT: Record<string, PaymentOutcome> = {
  "payment.succeeded": "succeeded",
  "payment.failed": "failed",
  "payment.expired": "expired",
};

export function createSandboxProvider(config: SandboxProviderConfig): PaymentProvider {
  const { db, secret } = config;
  const base = (config.baseUrl ?? "").replace(/\/+$/, "");
  return {
    name: "sandbox",
    async createPayment(input) {
      const ref = sandboxRefFor(input.orderId, secret);
      await openSandboxPayment(
        { db, now: input.now },
        {
          ref,
          amountCents: input.amountCents,
          currency: input.currency,
          reference: input.orderId,
          returnUrl: input.returnUrl,
          expiresAt: input.expiresAt,
        },
      );
      return { ref, redirectUrl: `${base}/pay/sandbox/${ref}` };
    },
    async getStatus(ref, now) {
      const payment = await findSandboxPayment({ db, now }, ref);
      if (!payment) throw new Error(`sandbox: no payment ${ref}`);
      return payment.status;
    },
    async cancel(ref, now) {
      const status = await expireSandboxPayment({ db, now }, ref);
      if (!status) throw new Error(`sandbox: no payment ${ref}`);
      return status;
    },
    async refund(ref, now) {
      const status = await refundSandboxPayment({ db, now }, ref);
      if (status !== "refunded") throw new Error(`sandbox: payment ${ref} could not be refunded (${status ?? "missing"})`);
    },
    verifyWebhook(rawBody, headers, now): ProviderEvent {
      if (!isValidSandboxSignature(rawBody, headers.get(SANDBOX_SIGNATURE_HEADER), secret, now)) {
        throw new AppError("UNAUTHENTICATED", "The webhook signature is missing or invalid.");
      }
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new AppError("INVALID_INPUT", "The webhook body is not valid JSON.");
      }
      const parsed = sandboxEventSchema.safeParse(json);
      if (!parsed.success) throw new AppError("INVALID_INPUT", "The webhook body is not a sandbox event.");
      const event = parsed.data;
      return { id: event.id, type: event.type, ref: event.data.ref, outcome: OUTCOME_OF_EVENT[event.type] ?? null };
    },
  };
}
