// The sign-in hook: merges the browser's guest carts (its `cart_<store>` cookies) into the account
// and clears those cookies. A failed merge never blocks the sign-in: the cookie stays for a retry.
import "server-only";
import { cookies } from "next/headers";
import { getDb } from "@/lib/db";
import { mergeGuestCarts } from "@/lib/users/merge-guest-carts";

export async function mergeGuestCartsOnSignIn(userId: string): Promise<void> {
  try {
    const jar = await cookies();
    const result = await mergeGuestCarts({ db: getDb(), now: new Date() }, { userId, cookies: jar.getAll() });
    for (const name of result.clear) jar.delete({ name, path: "/" });
    for (const f of result.failed) console.error(`[auth] guest cart merge failed for store ${f.store}`, f.error);
  } catch (e) {
    console.error("[auth] guest cart merge failed", e);
  }
}
