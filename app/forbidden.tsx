// The 403 page (served with HTTP 403 by forbidden()): signed in, but not an admin of the store whose
// dashboard was asked for. proxy.ts names that store in a request header, since this file gets no params.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { AdminForbidden } from "@/components/admin/admin-forbidden";
import { getSessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { findStoreBySlug } from "@/lib/stores/get-store";
import { ADMIN_STORE_HEADER } from "@/proxy";

export const metadata: Metadata = { title: "No access", robots: { index: false } };

export default async function Forbidden() {
  const slug = (await headers()).get(ADMIN_STORE_HEADER) ?? "";
  const [user, store] = await Promise.all([getSessionUser(), slug ? findStoreBySlug({ db: getDb() }, slug) : null]);
  return <AdminForbidden store={store ? { slug: store.slug, name: store.name } : null} userEmail={user?.email ?? ""} />;
}
