import { ProductForm } from "@/components/admin/product-form";
import { adminPage } from "../../_lib/admin-page";

const { metadata, Page } = adminPage(
  "products/new",
  { title: "New product", description: "Saved as a draft unless you make it active. Opening stock is written to the stock ledger." },
  ({ slug, store }) => <ProductForm mode="create" store={slug} currency={store.currency} />,
);
export { metadata };
export default Page;
