// Input shapes of the admin API (query strings and bodies), parsed at the route edge. The response
// shapes live in response-schemas.ts (shared with the dashboard) and are re-exported here.
import { z } from "zod";
import { idText, text } from "@/lib/schemas/text";
import { inventoryStateSchema } from "./response-schemas";

export * from "./response-schemas";

const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
const optionalText = (max: number) =>
  text({ max })
    .optional()
    .transform((v) => (v ? v : undefined));

export const listInventoryQuerySchema = z.object({
  state: inventoryStateSchema.optional(),
  q: optionalText(100),
  cursor: text({ max: 400, trim: false }).optional(),
  limit: limit(500, 50),
});
export type ListInventoryQuery = z.infer<typeof listInventoryQuerySchema>;

export const holdStatusFilterSchema = z.enum(["active", "released", "expired", "sold", "all"]);

export const listReservationsQuerySchema = z.object({
  status: holdStatusFilterSchema.default("active"),
  sku: optionalText(100),
  cursor: text({ max: 400, trim: false }).optional(),
  limit: limit(500, 100),
});
export type ListReservationsQuery = z.infer<typeof listReservationsQuerySchema>;

/** An opaque id from the URL (holds, tokens). */
export const idParamSchema = idText(64);

export const releaseReservationQuerySchema = z.object({ reason: optionalText(500) });

export const listMovementsQuerySchema = z.object({
  sku: optionalText(100),
  cursor: text({ max: 19, trim: false })
    .regex(/^[0-9]{1,19}$/, { message: "Use the nextCursor of the previous page." })
    // zod runs every check even after the regex failed: BigInt("abc") would throw (a 500).
    .refine((v) => /^[0-9]{1,19}$/.test(v) && BigInt(v) <= 9_223_372_036_854_775_807n, {
      message: "Use the nextCursor of the previous page.",
    })
    .optional(),
  limit: limit(500, 50),
});
export type ListMovementsQuery = z.infer<typeof listMovementsQuerySchema>;

export const storeSettingsSchema = z.object({
  reservationTtlSeconds: z.number().int().min(10).max(86_400),
  paymentTimeoutSeconds: z.number().int().min(60).max(86_400),
  maxHoldExtensions: z.number().int().min(0).max(10),
  lowStockDefault: z.number().int().min(0).max(100_000),
  /** How long a waitlist offer holds its units (docs/waitlist.md). */
  offerTtlSeconds: z.number().int().min(10).max(86_400),
});
export type StoreSettings = z.infer<typeof storeSettingsSchema>;

export const updateStoreSettingsInputSchema = storeSettingsSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Change at least one setting." });
export type UpdateStoreSettingsInput = z.infer<typeof updateStoreSettingsInputSchema>;

/** Who did it, for the ledger and audit trail. */
export type AdminActor = { type: "USER" | "TOKEN"; id: string; label: string };
