// A store's API tokens (active first, newest first), without secrets or hashes.
import type { Deps } from "@/lib/deps";
import { apiTokenViewSelect, toApiTokenView } from "@/lib/tokens/api-token-view";
import type { ApiTokenView } from "@/lib/tokens/schemas";

export async function listApiTokens({ db }: Pick<Deps, "db">, input: { storeId: string }): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({
    where: { storeId: input.storeId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { id: "desc" }],
    select: apiTokenViewSelect,
    take: 500,
  });
  return rows.map(toApiTokenView);
}
