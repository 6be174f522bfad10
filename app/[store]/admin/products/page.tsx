import Link from "next/link";
import { ProductsPanel } from "@/components/admin/products-panel";
import { buttonClasses } from "@/components/ui/button";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "products",
  {
    title: "Products",
    description: "What the shop sells: drafts only you see, active products on sale (or dropping later), archived ones kept for their orders.",
    actions: ({ slug }) => (
      <Link href={`/${slug}/admin/products/new`} className={buttonClasses({ size: "md" })}>
        New product
      </Link>
    ),
  },
  ({ slug, store }) => <ProductsPanel store={slug} currency={store.currency} />,
);
export { metadata };
export default Page;
