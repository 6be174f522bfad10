import { HealthPanel } from "@/components/admin/health-panel";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "health",
  { title: "Health", description: "Is everything in order? The score, the checks behind it, and the background jobs." },
  ({ slug }) => <HealthPanel store={slug} />,
);
export { metadata };
export default Page;
