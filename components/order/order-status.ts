// An order's status in the shopper's words (the order page's heading and the account list's badge).
import type { BadgeTone } from "@/components/ui/badge";
import type { Order } from "@/lib/api-client/contract";

export function orderStatusLabel(order: Pick<Order, "status" | "cancelReason">): { label: string; tone: BadgeTone } {
  switch (order.status) {
    case "PENDING_PAYMENT":
      return { label: "Awaiting payment", tone: "info" };
    case "PAID":
      return { label: "Paid", tone: "success" };
    case "CANCELLED":
      return order.cancelReason === "PAYMENT_FAILED" ? { label: "Payment failed", tone: "danger" } : { label: "Cancelled", tone: "neutral" };
  }
}
