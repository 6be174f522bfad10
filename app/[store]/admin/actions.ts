"use server";
import { signOut } from "@/lib/auth/auth";

/** Signs the admin out and takes them to the store's front page. */
export async function signOutAdminAction(formData: FormData) {
  const store = formData.get("store");
  const slug = typeof store === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(store) ? store : "";
  await signOut({ redirectTo: `/${slug}` });
}
