// Inputs of the payment routes, parsed at the edge.
import { z } from "zod";
import { text } from "@/lib/schemas/text";

export const providerNameSchema = z.enum(["sandbox", "stripe"]);

export const paymentRefSchema = text({ min: 1, max: 200, trim: false }).regex(/^[A-Za-z0-9_-]+$/, "Not a payment reference.");

/** POST /api/payments/sandbox/{paymentRef}: the outcome a script or test wants. */
export const sandboxSimulationSchema = z.object({ outcome: z.enum(["succeed", "fail", "pending"]) }).strict();
