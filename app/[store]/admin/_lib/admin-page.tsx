// The dashboard page shell: every section page is the guard (requireStoreAdminPage: sign-in, 403,
// 404), its header and its body. `adminPage` writes that once; a page names its section and header
// and renders its body with the store, the signed-in admin and the query string.
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/admin/admin-ui";
import { requireStoreAdminPage, type AdminPageAccess } from "./require-store-admin-page";

export type AdminPageContext = AdminPageAccess & {
  /** The store's slug from the URL. */
  slug: string;
  searchParams: Record<string, string | string[] | undefined>;
};

type Header = { title: string; description?: ReactNode; actions?: (ctx: AdminPageContext) => ReactNode };

type PageArgs = { params: Promise<{ store: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `section` is the path under /{store}/admin/ (where sign-in comes back to); `render` the body under
 * the header. Returns the page's metadata (its title) and its default export.
 */
export function adminPage(section: string, header: Header, render: (ctx: AdminPageContext) => ReactNode | Promise<ReactNode>) {
  async function AdminSectionPage({ params, searchParams }: PageArgs) {
    const [{ store: slug }, query] = await Promise.all([params, searchParams]);
    const access = await requireStoreAdminPage(slug, `/${slug}/admin/${section}`);
    const ctx: AdminPageContext = { ...access, slug, searchParams: query };
    return (
      <>
        <PageHeader title={header.title} description={header.description} actions={header.actions?.(ctx)} />
        {await render(ctx)}
      </>
    );
  }
  const metadata: Metadata = { title: header.title };
  return { metadata, Page: AdminSectionPage };
}
