"use server";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { validatedAction } from "@/lib/http/validated-action";

// The store the form names, or "" (the home page) when it is missing or not a store slug.
const signOutFormSchema = z.object({ store: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).catch("") });

/** Signs the admin out and takes them to the store's front page. */
export const signOutAdminAction = validatedAction(signOutFormSchema, async ({ store }) => {
  await signOut({ redirectTo: `/${store}` });
});
