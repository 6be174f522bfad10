import { WebhooksPanel } from "@/components/admin/webhooks-panel";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "webhooks",
  {
    title: "Webhooks",
    description:
      "Send stock and order events to your own systems as they happen. Integrations that prefer to pull can read the same events from the admin events feed.",
  },
  ({ slug }) => <WebhooksPanel store={slug} />,
);
export { metadata };
export default Page;
