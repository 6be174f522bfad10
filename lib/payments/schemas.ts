// Inputs of the payment routes, parsed at the edge.
import { z } from "zod";

export const providerNameSchema = z.enum(["sandbox", "stripe"]);

export const paymentRefSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, "Not a payment reference.");

/** POST /api/payments/sandbox/{paymentRef}: the outcome a script or test wants. */
export const sandboxSimulationSchema = z.object({ outcome: z.enum(["succeed", "fail", "pending"]) }).strict();
