// The order DTO of API.md, built from an explicit select (never a whole row).
import type { Prisma } from "@/lib/db";
import type { OrderView } from "@/lib/orders/schemas";

export const orderViewSelect = {
  id: true,
  number: true,
  status: true,
  totalCents: true,
  currency: true,
  paymentDeadline: true,
  createdAt: true,
  paidAt: true,
  cancelledAt: true,
  cancelReason: true,
  email: true,
  store: { select: { slug: true } },
  lines: {
    select: { variantId: true, sku: true, productTitle: true, variantTitle: true, unitPriceCents: true, quantity: true },
    orderBy: [{ productTitle: "asc" }, { variantTitle: "asc" }, { id: "asc" }],
  },
  payments: {
    select: { provider: true, status: true, redirectUrl: true },
    orderBy: { createdAt: "desc" },
    take: 1,
  },
} satisfies Prisma.OrderSelect;

type OrderRow = {
  id: string;
  number: number;
  status: OrderView["status"];
  totalCents: number;
  currency: string;
  paymentDeadline: Date;
  createdAt: Date;
  paidAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  email: string | null;
  store: { slug: string };
  lines: { variantId: string; sku: string; productTitle: string; variantTitle: string; unitPriceCents: number; quantity: number }[];
  payments: { provider: string; status: "PENDING" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "REFUNDED"; redirectUrl: string | null }[];
};

export function toOrderView(row: OrderRow): OrderView {
  const payment = row.payments[0];
  return {
    id: row.id,
    number: row.number,
    store: row.store.slug,
    status: row.status,
    lines: row.lines.map((l) => ({ ...l, lineTotalCents: l.unitPriceCents * l.quantity })),
    totalCents: row.totalCents,
    currency: row.currency,
    paymentDeadline: row.paymentDeadline.toISOString(),
    createdAt: row.createdAt.toISOString(),
    paidAt: row.paidAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelReason: row.cancelReason,
    email: row.email,
    payment: payment
      ? {
          provider: payment.provider,
          status: payment.status,
          redirectUrl: payment.status === "PENDING" && row.status === "PENDING_PAYMENT" ? payment.redirectUrl : null,
        }
      : null,
  };
}
