import { ApiTokensPanel } from "@/components/admin/api-tokens-panel";
import { SettingsForm } from "@/components/admin/settings-form";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "settings",
  { title: "Settings", description: "How long holds and payments last, when stock counts as low, and who may call the admin API." },
  ({ slug }) => (
    <div className="space-y-6">
      <SettingsForm store={slug} />
      <ApiTokensPanel store={slug} />
    </div>
  ),
);
export { metadata };
export default Page;
