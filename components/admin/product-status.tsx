// A product's status as the dashboard shows it: Draft, Active, Archived.
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ProductStatus } from "@/lib/api-client/catalog-admin";

export const PRODUCT_STATUS_LABEL: Record<ProductStatus, string> = { DRAFT: "Draft", ACTIVE: "Active", ARCHIVED: "Archived" };
const tones: Record<ProductStatus, BadgeTone> = { DRAFT: "neutral", ACTIVE: "success", ARCHIVED: "muted" };

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  return <Badge tone={tones[status]}>{PRODUCT_STATUS_LABEL[status]}</Badge>;
}
