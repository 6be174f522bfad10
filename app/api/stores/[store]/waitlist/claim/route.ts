// POST /api/stores/{store}/waitlist/claim { token } → 200 { cart }: the offer's units, held in the
// claimer's cart (the account's, else this browser's guest cart, created when missing) with a fresh
// TTL. 410 OFFER_EXPIRED for a lapsed offer; 409 when already claimed; 401/403 for an account's
// offer claimed by someone else; 404 for a bad link.
import { getEnv } from "@/lib/env";
import { parseWith, readJson } from "@/lib/http/route";
import { cartResponse, shopperRoute } from "@/lib/http/shopper-route";
import { claimWaitlistOffer } from "@/lib/waitlist/claim-offer";
import { claimSecretOf } from "@/lib/waitlist/claim-token";
import { claimOfferSchema } from "@/lib/waitlist/schemas";

export const POST = shopperRoute(
  async ({ shopper, req }) => {
    const { token } = parseWith(claimOfferSchema, await readJson(req));
    const cart = await claimWaitlistOffer(shopper.deps, { owner: shopper.owner, token, secret: claimSecretOf(getEnv().AUTH_SECRET) });
    return cartResponse(shopper, cart);
  },
  { rateLimit: "cart-write", write: true },
);
