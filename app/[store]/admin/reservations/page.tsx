import { ReservationsPanel } from "@/components/admin/reservations-panel";
import { adminPage } from "../_lib/admin-page";

const { metadata, Page } = adminPage(
  "reservations",
  { title: "Reservations", description: "Units held for shoppers' carts and for orders awaiting payment, soonest to expire first." },
  ({ slug }) => <ReservationsPanel store={slug} />,
);
export { metadata };
export default Page;
