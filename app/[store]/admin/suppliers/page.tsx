import { SuppliersPanel } from "@/components/admin/suppliers-panel";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "suppliers",
  { title: "Suppliers and resellers", description: "Stores that sell your items from your stock, and stores whose items you sell from theirs." },
  ({ slug, store }) => <SuppliersPanel store={slug} currency={store.currency} />,
);
export { metadata };
export default Page;
