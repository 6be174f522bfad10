import { OrdersPanel } from "@/components/admin/orders-panel";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "orders",
  { title: "Orders", description: "Payments due and their deadlines; recent sales and cancellations with their reasons." },
  ({ slug }) => <OrdersPanel store={slug} />,
);
export { metadata };
export default Page;
