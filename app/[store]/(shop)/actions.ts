"use server";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { validatedAction } from "@/lib/http/validated-action";

// The store the form names, or "" (the home page) when it is missing or not a store slug.
const signOutFormSchema = z.object({ store: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).catch("") });

/** Signs the shopper out and brings them back to the store they were in. */
export const signOutAction = validatedAction(signOutFormSchema, async ({ store }) => {
  await signOut({ redirectTo: `/${store}` });
});
