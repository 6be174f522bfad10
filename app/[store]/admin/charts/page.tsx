import { ChartsPanel } from "@/components/admin/charts-panel";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "charts",
  { title: "Charts", description: "How holds turn into sales or lapse, and how the stock of low items moves, from the stock ledger." },
  ({ slug }) => <ChartsPanel store={slug} />,
);
export { metadata };
export default Page;
