import { WaitlistPanel } from "@/components/admin/waitlist-panel";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "waitlist",
  {
    title: "Waitlist",
    description: "Shoppers waiting for sold-out items. Units that come back are offered to the oldest entry first, held for it for the offer time (Settings).",
  },
  ({ slug }) => <WaitlistPanel store={slug} />,
);
export { metadata };
export default Page;
