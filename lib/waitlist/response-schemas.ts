// The waitlist's answers as the storefront reads them (zod/mini, like the cart's: lib/api-client).
import * as z from "zod/mini";

export const waitlistStatusSchema = z.enum(["WAITING", "OFFERED", "CLAIMED", "LAPSED", "CANCELLED"]);
export type WaitlistStatus = z.infer<typeof waitlistStatusSchema>;

/** One entry as its shopper sees it; `position` is the place in line (1 = next), null once not waiting. */
export const waitlistEntrySchema = z.object({
  id: z.string(),
  variantId: z.string(),
  quantity: z.int(),
  status: waitlistStatusSchema,
  position: z.nullable(z.int()),
  offeredQuantity: z.optional(z.nullable(z.int())),
  offerExpiresAt: z.optional(z.nullable(z.string())),
});
export type WaitlistEntryView = z.infer<typeof waitlistEntrySchema>;

export const waitlistEntryResponseSchema = z.object({ entry: waitlistEntrySchema });
/** GET /waitlist: the shopper's live entries, and whether they are signed in (then no email is asked). */
export const waitlistEntriesResponseSchema = z.object({ items: z.array(waitlistEntrySchema), signedIn: z.boolean() });
