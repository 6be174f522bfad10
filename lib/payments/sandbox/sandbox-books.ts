// The sandbox provider's own side (a stand-in for an external payment service): its payments live
// in their own table, its hosted page sets their outcome, and it tells the shop by signed webhook.
// The shop reads these books only through the provider interface (sandbox-provider.ts).
import { createHmac, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { signSandboxPayload, SANDBOX_SIGNATURE_HEADER } from "@/lib/payments/sandbox/sandbox-signature";

export type SandboxStatus = "pending" | "succeeded" | "failed" | "expired" | "refunded";

export type SandboxPaymentView = {
  ref: string;
  amountCents: number;
  currency: string;
  status: SandboxStatus;
  reference: string;
  returnUrl: string;
  expiresAt: Date;
};

/** The shop-facing event the sandbox posts after an outcome. */
export type SandboxEvent = {
  id: string;
  type: `payment.${Exclude<SandboxStatus, "pending">}`;
  created: number;
  data: { ref: string; status: SandboxStatus; reference: string };
};

const select = { ref: true, amountCents: true, currency: true, status: true, reference: true, returnUrl: true, expiresAt: true } as const;

/** A payment's ref: derived from the order id (so asking twice gives the same payment), unguessable without the secret. */
export function sandboxRefFor(orderId: string, secret: string): string {
  return `sbx_${createHmac("sha256", secret).update(`payment:${orderId}`).digest("base64url").slice(0, 32)}`;
}

export async function openSandboxPayment(
  deps: { db: Db; now: Date },
  input: { ref: string; amountCents: number; currency: string; reference: string; returnUrl: string; expiresAt: Date },
): Promise<void> {
  await deps.db.$executeRaw`
    INSERT INTO "SandboxPayment" (ref, "amountCents", currency, status, reference, "returnUrl", "expiresAt", "createdAt", "updatedAt")
    VALUES (${input.ref}, ${input.amountCents}, ${input.currency}, 'pending', ${input.reference}, ${input.returnUrl},
      ${input.expiresAt.toISOString()}::timestamp(3), ${deps.now.toISOString()}::timestamp(3), ${deps.now.toISOString()}::timestamp(3))
    ON CONFLICT (ref) DO NOTHING`;
}

/** The payment as the sandbox sees it now: a pending payment past its expiry is expired. */
export async function findSandboxPayment(deps: { db: Db; now: Date }, ref: string): Promise<SandboxPaymentView | null> {
  const row = await deps.db.sandboxPayment.findUnique({ where: { ref }, select });
  if (!row) return null;
  const status = row.status === "pending" && row.expiresAt <= deps.now ? "expired" : (row.status as SandboxStatus);
  return { ...row, status };
}

export async function getSandboxPaymentOrThrow(deps: { db: Db; now: Date }, ref: string): Promise<SandboxPaymentView> {
  const payment = await findSandboxPayment(deps, ref);
  if (!payment) throw new AppError("NOT_FOUND", "Payment not found.");
  return payment;
}

export type SandboxOutcome = "succeed" | "fail" | "pending";

/**
 * The hosted page's Pay now / Decline (and the simulation route): one guarded update, so a payment
 * is settled once. "pending" changes nothing (it stays open). An expired or settled payment is a 409.
 * Returns the payment after the change and the event to send (null when nothing changed).
 */
export async function setSandboxOutcome(
  deps: { db: Db; now: Date },
  input: { ref: string; outcome: SandboxOutcome },
): Promise<{ payment: SandboxPaymentView; event: SandboxEvent | null }> {
  if (input.outcome !== "pending") {
    const status = input.outcome === "succeed" ? "succeeded" : "failed";
    const changed = await deps.db.$executeRaw`
      UPDATE "SandboxPayment" SET status = ${status}, "updatedAt" = ${deps.now.toISOString()}::timestamp(3)
      WHERE ref = ${input.ref} AND status = 'pending' AND "expiresAt" > ${deps.now.toISOString()}::timestamp(3)`;
    const payment = await getSandboxPaymentOrThrow(deps, input.ref);
    if (changed === 1) return { payment, event: sandboxEventOf(payment, deps.now) };
    if (payment.status === status) return { payment, event: null }; // a repeated click
    throw new AppError("CONFLICT", `This payment is already ${payment.status}.`, { status: payment.status });
  }
  const payment = await getSandboxPaymentOrThrow(deps, input.ref);
  if (payment.status !== "pending") {
    throw new AppError("CONFLICT", `This payment is already ${payment.status}.`, { status: payment.status });
  }
  return { payment, event: null };
}

/** Provider-side cancel: a pending payment expires now (a late Pay now then fails); returns the final status. */
export async function expireSandboxPayment(deps: { db: Db; now: Date }, ref: string): Promise<SandboxStatus | null> {
  await deps.db.$executeRaw`
    UPDATE "SandboxPayment" SET status = 'expired', "updatedAt" = ${deps.now.toISOString()}::timestamp(3)
    WHERE ref = ${ref} AND status = 'pending'`;
  return (await findSandboxPayment(deps, ref))?.status ?? null;
}

/** Refunds a succeeded payment (idempotent: refunding twice changes nothing). */
export async function refundSandboxPayment(deps: { db: Db; now: Date }, ref: string): Promise<SandboxStatus | null> {
  await deps.db.$executeRaw`
    UPDATE "SandboxPayment" SET status = 'refunded', "updatedAt" = ${deps.now.toISOString()}::timestamp(3)
    WHERE ref = ${ref} AND status = 'succeeded'`;
  return (await findSandboxPayment(deps, ref))?.status ?? null;
}

export function sandboxEventOf(payment: SandboxPaymentView, now: Date): SandboxEvent | null {
  if (payment.status === "pending") return null;
  return {
    id: `evt_${randomUUID()}`,
    type: `payment.${payment.status}`,
    created: Math.floor(now.getTime() / 1000),
    data: { ref: payment.ref, status: payment.status, reference: payment.reference },
  };
}

/**
 * Posts the signed event to the shop's webhook endpoint. Fire-and-forget in spirit: a failure is
 * reported, never thrown, and the outcome does not depend on it (the sync job polls the status).
 */
export async function sendSandboxWebhook(
  input: { url: string; secret: string; event: SandboxEvent; now: Date; timeoutMs?: number },
  fetchImpl: typeof fetch = fetch,
): Promise<{ delivered: boolean; status?: number; error?: string }> {
  const body = JSON.stringify(input.event);
  try {
    const res = await fetchImpl(input.url, {
      method: "POST",
      headers: { "content-type": "application/json", [SANDBOX_SIGNATURE_HEADER]: signSandboxPayload(body, input.secret, input.now) },
      body,
      // The shop's own endpoint answers directly: a redirect would send the signed event elsewhere.
      redirect: "manual",
      signal: AbortSignal.timeout(input.timeoutMs ?? 5000),
    });
    await res.body?.cancel().catch(() => {});
    return { delivered: res.ok, status: res.status };
  } catch (e) {
    return { delivered: false, error: e instanceof Error ? e.message : String(e) };
  }
}
