// POST /api/stores/{store}/waitlist { variantId, email?, quantity? } → 201 { entry }: join the line
// (docs/waitlist.md). GET ?variantId= → { items }: this shopper's live entries (for the product page).
import { parseWith, readJson, searchParamsOf } from "@/lib/http/route";
import { shopperJson, shopperRoute } from "@/lib/http/shopper-route";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { listMyWaitlistEntries } from "@/lib/waitlist/leave-waitlist";
import { joinWaitlistSchema, myWaitlistQuerySchema } from "@/lib/waitlist/schemas";

export const POST = shopperRoute(
  async ({ shopper, req }) => {
    const input = parseWith(joinWaitlistSchema, await readJson(req));
    const entry = await joinWaitlist(shopper.deps, {
      storeId: shopper.store.id,
      variantId: input.variantId,
      quantity: input.quantity,
      user: shopper.user ? { id: shopper.user.id, email: shopper.user.email } : null,
      email: input.email ?? null,
      guestTokenHash: shopper.owner.tokenHash,
    });
    return shopperJson(shopper, { entry }, { status: 201 });
  },
  { rateLimit: "cart-write", write: true },
);

export const GET = shopperRoute(async ({ shopper, req }) => {
  const { variantId } = parseWith(myWaitlistQuerySchema, searchParamsOf(req));
  const { store, owner } = shopper;
  const items = await listMyWaitlistEntries(shopper.deps, { storeId: store.id, userId: owner.userId, guestTokenHash: owner.tokenHash, variantId });
  return shopperJson(shopper, { items, signedIn: shopper.user !== null });
});
