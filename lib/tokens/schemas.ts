// Input shapes of the admin token routes.
import { z } from "zod";

export const createApiTokenInputSchema = z
  .object({ name: z.string().trim().min(1, { message: "Give the token a name." }).max(100) })
  .strict();
export type CreateApiTokenInput = z.infer<typeof createApiTokenInputSchema>;

export const tokenIdSchema = z.string().min(1).max(64);

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
