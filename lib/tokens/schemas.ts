// Input shapes of the admin token routes.
import { z } from "zod";
import { idText, text } from "@/lib/schemas/text";

export const createApiTokenInputSchema = z
  .object({ name: text({ min: 1, max: 100, minMessage: "Give the token a name." }) })
  .strict();
export type CreateApiTokenInput = z.infer<typeof createApiTokenInputSchema>;

export const tokenIdSchema = idText(64);

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
