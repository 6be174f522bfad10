// Joining the line for a sold-out variant (or a drop before its release). A listing the cart would
// refuse as 409 NOT_AVAILABLE (product archived or ended, variant archived, a reseller's listing
// whose supplier grant was revoked) is refused the same way. Refused with 409 IN_STOCK
// when the units could be held right now; one live entry per shopper (email) and variant (joining
// again answers 409 CONFLICT with the existing entry). Units already free (fewer than asked for)
// are offered to the line at once, in the same transaction (waitlist_serve).
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { readEntryViews } from "@/lib/waitlist/entry-view";
import type { WaitlistEntryView } from "@/lib/waitlist/response-schemas";
import { randomUUID } from "node:crypto";

export type JoinWaitlistDomainInput = {
  storeId: string;
  variantId: string;
  quantity: number;
  /** The account's id and email when signed in. */
  user: { id: string; email: string } | null;
  /** A guest's email (required without a user). */
  email: string | null;
  /** The guest's cart-cookie hash, so that browser can see and leave its entry. */
  guestTokenHash: string | null;
};

type VariantRow = {
  itemId: string;
  status: string;
  /** catalog_sale_state (prisma/sql/catalog/): ON_SALE | NOT_AVAILABLE | NOT_RELEASED. */
  sale: "ON_SALE" | "NOT_AVAILABLE" | "NOT_RELEASED";
  limit: number | null;
  shown: number;
  /** The variant is not archived and, listing another store's item, the supplier's grant is live (the cart's test). */
  listed: boolean;
};

export async function joinWaitlist(deps: Deps, input: JoinWaitlistDomainInput): Promise<WaitlistEntryView> {
  const { db, now } = deps;
  const email = (input.user ? input.user.email : input.email)?.trim().toLowerCase() || null;
  if (!email) throw new AppError("INVALID_INPUT", "Enter your email so we can tell you when it is back.", { fields: [{ path: "email", message: "Required" }] });
  const [v] = await db.$queryRaw<VariantRow[]>`
    SELECT v."inventoryItemId" AS "itemId", p.status::text AS status,
      catalog_sale_state(p, ${now}::timestamp(3)) AS sale, p."perCustomerLimit" AS "limit",
      -- What shoppers are shown (lib/inventory/availability.ts): free + lapsed-but-unswept − the line's demand.
      GREATEST(0, i.stock - i.reserved + (SELECT l.units FROM inv_lapsed_units(i.id, ${now}::timestamp(3)) l)
        - COALESCE((SELECT sum(w.quantity) FROM "WaitlistEntry" w WHERE w."inventoryItemId" = i.id AND w.status = 'WAITING'), 0))::int AS shown,
      (SELECT ls.listed FROM catalog_listed(v, i, v."storeId") ls) AS listed
    FROM "Variant" v JOIN "Product" p ON p.id = v."productId" JOIN "InventoryItem" i ON i.id = v."inventoryItemId"
    WHERE v.id = ${input.variantId} AND v."storeId" = ${input.storeId}`;
  if (!v || v.status === "DRAFT") throw new AppError("NOT_FOUND", "Product not found.");
  if (!v.listed || v.sale === "NOT_AVAILABLE") {
    throw new AppError("NOT_AVAILABLE", "This item is no longer available.");
  }
  if (v.limit !== null && input.quantity > v.limit) {
    throw new AppError("LIMIT_EXCEEDED", `You can have at most ${v.limit} of this item.`, { limit: v.limit });
  }
  if (v.sale === "ON_SALE" && v.shown >= input.quantity) {
    throw new AppError("IN_STOCK", "It is in stock: add it to your cart instead.", { available: v.shown });
  }
  const id = randomUUID();
  try {
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO "WaitlistEntry" (id, "storeId", "variantId", "inventoryItemId", "userId", email, "guestTokenHash", quantity, status, "createdAt", "updatedAt")
        VALUES (${id}, ${input.storeId}, ${input.variantId}, ${v.itemId}, ${input.user?.id ?? null}, ${email},
          ${input.user ? null : input.guestTokenHash}, ${input.quantity}, 'WAITING', ${now}, ${now})`;
      await tx.$queryRaw`SELECT waitlist_serve(${v.itemId}, ${now}::timestamp(3))`;
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const existing = await db.$queryRaw<{ id: string }[]>`
        SELECT id FROM "WaitlistEntry" WHERE "variantId" = ${input.variantId} AND email = ${email} AND status IN ('WAITING', 'OFFERED')`;
      const [entry] = existing[0] ? await readEntryViews(db, { storeId: input.storeId, ids: [existing[0].id] }) : [];
      throw new AppError("CONFLICT", "You are already in line for this item.", entry ? { entry } : undefined);
    }
    throw e;
  }
  const [entry] = await readEntryViews(db, { storeId: input.storeId, ids: [id] });
  if (!entry) throw new Error("waitlist entry vanished");
  return entry;
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; meta?: { code?: string }; cause?: { code?: string }; message?: string };
  return err?.code === "P2002" || err?.code === "23505" || err?.meta?.code === "23505" || err?.cause?.code === "23505" || /23505|unique constraint/i.test(err?.message ?? "");
}
