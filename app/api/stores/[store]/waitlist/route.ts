// POST /api/stores/{store}/waitlist { variantId, email?, quantity? } → 201 { entry }: join the line
// (docs/waitlist.md). GET ?variantId= → { items }: this shopper's live entries (for the product page).
import { parseWith, readJson, route, searchParamsOf } from "@/lib/http/route";
import { resolveWaitlistShopper, waitlistJson } from "@/lib/http/waitlist-shopper";
import { joinWaitlist } from "@/lib/waitlist/join-waitlist";
import { listMyWaitlistEntries } from "@/lib/waitlist/leave-waitlist";
import { joinWaitlistSchema, myWaitlistQuerySchema } from "@/lib/waitlist/schemas";

type Ctx = { params: Promise<{ store: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveWaitlistShopper(req, ctx.params, { write: true });
  const input = parseWith(joinWaitlistSchema, await readJson(req));
  const entry = await joinWaitlist(shopper.deps, {
    storeId: shopper.store.id,
    variantId: input.variantId,
    quantity: input.quantity,
    user: shopper.user ? { id: shopper.user.id, email: shopper.user.email } : null,
    email: input.email ?? null,
    guestTokenHash: shopper.tokenHash,
  });
  return waitlistJson(shopper, { entry }, 201);
}, { rateLimit: "cart-write" });

export const GET = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveWaitlistShopper(req, ctx.params);
  const { variantId } = parseWith(myWaitlistQuerySchema, searchParamsOf(req));
  const items = await listMyWaitlistEntries(shopper.deps, { storeId: shopper.store.id, userId: shopper.user?.id ?? null, guestTokenHash: shopper.tokenHash, variantId });
  return waitlistJson(shopper, { items, signedIn: shopper.user !== null });
});
