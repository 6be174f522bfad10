// At sign-in, a guest cart joins the account's cart (cart_merge): quantities and holds add up,
// reserved does not move. Returns the account's cart id (null: nothing to merge and no cart).
import type { Db } from "@/lib/db";
import { traceOperation } from "@/lib/observability/trace-operation";

export async function mergeGuestCart(
  deps: { db: Db; now: Date },
  input: { storeId: string; tokenHash: string; userId: string },
): Promise<string | null> {
  return traceOperation("inventory.merge_cart", { "shop.store_id": input.storeId }, () => mergeCarts(deps, input));
}

async function mergeCarts(deps: { db: Db; now: Date }, input: { storeId: string; tokenHash: string; userId: string }): Promise<string | null> {
  const rows = await deps.db.$queryRaw<{ cart_id: string | null }[]>`
    SELECT cart_merge(${input.storeId}, ${input.tokenHash}, ${input.userId}, ${deps.now.toISOString()}::timestamp(3)) AS cart_id`;
  return rows[0]?.cart_id ?? null;
}
