// Mints a store's admin API token; the secret is returned once and never stored.
import type { Deps } from "@/lib/deps";
import { generateApiToken } from "@/lib/tokens/api-token";
import { apiTokenViewSelect, toApiTokenView } from "@/lib/tokens/api-token-view";
import type { ApiTokenView } from "@/lib/tokens/schemas";

export async function createApiToken(
  { db, now }: Deps,
  input: { storeId: string; name: string; createdById?: string | null },
): Promise<{ token: ApiTokenView; secret: string }> {
  const { secret, tokenHash, prefix } = generateApiToken();
  const row = await db.apiToken.create({
    data: { storeId: input.storeId, name: input.name, tokenHash, prefix, createdById: input.createdById ?? null, createdAt: now },
    select: apiTokenViewSelect,
  });
  return { token: toApiTokenView(row), secret };
}
