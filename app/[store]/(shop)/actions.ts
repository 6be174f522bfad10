"use server";
import { signOut } from "@/lib/auth/auth";

/** Signs the shopper out and brings them back to the store they were in. */
export async function signOutAction(formData: FormData) {
  const store = formData.get("store");
  const slug = typeof store === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(store) ? store : "";
  await signOut({ redirectTo: `/${slug}` });
}
