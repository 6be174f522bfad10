// Revokes one of a store's tokens; revoking twice keeps the first revocation time.
import type { Deps } from "@/lib/deps";
import { AppError } from "@/lib/errors";
import { apiTokenViewSelect, toApiTokenView } from "@/lib/tokens/api-token-view";
import type { ApiTokenView } from "@/lib/tokens/schemas";

export async function revokeApiToken({ db, now }: Deps, input: { storeId: string; tokenId: string }): Promise<ApiTokenView> {
  // Scoped by store: another store's token id is simply "not found".
  await db.apiToken.updateMany({
    where: { id: input.tokenId, storeId: input.storeId, revokedAt: null },
    data: { revokedAt: now },
  });
  const row = await db.apiToken.findFirst({ where: { id: input.tokenId, storeId: input.storeId }, select: apiTokenViewSelect });
  if (!row) throw new AppError("NOT_FOUND", "Token not found.");
  return toApiTokenView(row);
}
