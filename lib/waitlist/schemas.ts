// The waitlist's wire shapes: route inputs (full zod) and the answers (response-schemas.ts).
import { z } from "zod";
import { variantIdSchema } from "@/lib/cart/schemas";
import { MAX_WAITLIST_QUANTITY } from "@/lib/constants";

export * from "./response-schemas";

export { MAX_WAITLIST_QUANTITY };

/** Text with no control characters (NUL included) and no lone surrogates. */
const cleanText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { message: "Control characters are not allowed." })
    .refine((v) => v.isWellFormed(), { message: "Invalid text." });

export const waitlistEmailSchema = cleanText(254)
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.email({ message: "Enter a valid email address." }));

/** POST /waitlist. The email is required for guests; a signed-in shopper's account email is used. */
export const joinWaitlistSchema = z
  .object({
    variantId: variantIdSchema.pipe(cleanText(64)),
    email: waitlistEmailSchema.optional(),
    quantity: z.number().int().min(1).max(MAX_WAITLIST_QUANTITY).default(1),
  })
  .strict();
export type JoinWaitlistInput = z.infer<typeof joinWaitlistSchema>;

/** GET /waitlist?variantId=: the shopper's own live entries (of one variant, or all). */
export const myWaitlistQuerySchema = z.object({ variantId: variantIdSchema.pipe(cleanText(64)).optional() });

export const waitlistIdSchema = z.string().min(1).max(64).pipe(cleanText(64));

/** POST /waitlist/claim. */
export const claimOfferSchema = z.object({ token: z.string().min(1).max(400).pipe(cleanText(400)) }).strict();

/** GET admin/waitlist. */
export const adminWaitlistQuerySchema = z.object({
  sku: z.string().trim().max(100).pipe(cleanText(100)).optional().transform((v) => (v ? v : undefined)),
  status: z.enum(["WAITING", "OFFERED", "CLAIMED", "LAPSED", "CANCELLED"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type AdminWaitlistQuery = z.infer<typeof adminWaitlistQuerySchema>;

export const adminWaitlistItemSchema = z.object({
  id: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  status: z.enum(["WAITING", "OFFERED", "CLAIMED", "LAPSED", "CANCELLED"]),
  email: z.string(),
  createdAt: z.string(),
  offeredAt: z.string().nullable(),
  offerExpiresAt: z.string().nullable(),
  offeredQuantity: z.number().int().nullable(),
  claimedAt: z.string().nullable(),
  orderStatus: z.string().nullable(),
});
export type AdminWaitlistItem = z.infer<typeof adminWaitlistItemSchema>;

/** GET admin/waitlist: the entries and the store's summary (docs/waitlist.md). */
export const adminWaitlistResponseSchema = z.object({
  items: z.array(adminWaitlistItemSchema),
  summary: z.object({ waiting: z.number(), waitingUnits: z.number(), offered: z.number(), claimed: z.number(), paid: z.number(), lapsed: z.number() }),
});
