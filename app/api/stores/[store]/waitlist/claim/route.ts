// POST /api/stores/{store}/waitlist/claim { token } → 200 { cart }: the offer's units, held in the
// claimer's cart (the account's, else this browser's guest cart, created when missing) with a fresh
// TTL. 410 OFFER_EXPIRED for a lapsed offer; 409 when already claimed; 401/403 for an account's
// offer claimed by someone else; 404 for a bad link.
import { getEnv } from "@/lib/env";
import { parseWith, readJson, route } from "@/lib/http/route";
import { resolveWaitlistShopper } from "@/lib/http/waitlist-shopper";
import { cartResponse } from "@/lib/http/shopper";
import { claimWaitlistOffer } from "@/lib/waitlist/claim-offer";
import { claimSecretOf } from "@/lib/waitlist/claim-token";
import { claimOfferSchema } from "@/lib/waitlist/schemas";

type Ctx = { params: Promise<{ store: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const shopper = await resolveWaitlistShopper(req, ctx.params, { write: true });
  const { token } = parseWith(claimOfferSchema, await readJson(req));
  const owner = { storeId: shopper.store.id, userId: shopper.user?.id ?? null, tokenHash: shopper.tokenHash };
  const cart = await claimWaitlistOffer(shopper.deps, { owner, token, secret: claimSecretOf(getEnv().AUTH_SECRET) });
  return cartResponse({ deps: shopper.deps, store: shopper.store, owner, newToken: shopper.newToken, secureCookies: shopper.secureCookies }, cart);
}, { rateLimit: "cart-write" });
