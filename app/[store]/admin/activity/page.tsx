import { ActivityLog } from "@/components/admin/activity-log";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "activity",
  { title: "Activity", description: "The stock ledger: every change to stock and holds, with who made it, when and why." },
  ({ slug, searchParams }) => <ActivityLog store={slug} initialSku={typeof searchParams.sku === "string" ? searchParams.sku.slice(0, 100) : ""} />,
);
export { metadata };
export default Page;
