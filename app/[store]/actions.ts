"use server";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { validatedAction } from "@/lib/http/validated-action";
import { STORE_SLUG_PATTERN } from "@/lib/constants";

// The store the form names, or "" (the home page) when it is missing or not a store slug.
const signOutFormSchema = z.object({ store: z.string().regex(STORE_SLUG_PATTERN).catch("") });

/** Signs the shopper or the admin out (storefront header, dashboard shell) to the store's front page. */
export const signOutAction = validatedAction(signOutFormSchema, async ({ store }) => {
  await signOut({ redirectTo: `/${store}` });
});
