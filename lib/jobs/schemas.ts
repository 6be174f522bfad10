// Query strings of the cron routes (?dryRun=1, ?repair=1), parsed at the edge.
import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

export const cleanupQuerySchema = z.object({ dryRun: flag, repair: flag }).strict();
export const paymentSyncQuerySchema = z.object({ dryRun: flag }).strict();
