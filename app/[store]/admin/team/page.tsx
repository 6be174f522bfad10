import { TeamPanel } from "@/components/admin/team-panel";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "team",
  { title: "Team", description: "The people who run this store. Add someone who already has an account, by their email." },
  ({ slug, actor }) => <TeamPanel store={slug} me={actor.id} />,
);
export { metadata };
export default Page;
