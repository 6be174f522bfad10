// The dashboard's sections, in navigation order: one place to add or rename one.
export const ADMIN_SECTIONS = [
  { segment: "products", label: "Products", blurb: "What the shop sells: variants, prices, drops and limits." },
  { segment: "inventory", label: "Inventory", blurb: "Stock, holds and thresholds of every item." },
  { segment: "reservations", label: "Reservations", blurb: "Units held for carts and unpaid orders." },
  { segment: "waitlist", label: "Waitlist", blurb: "Shoppers waiting for sold-out items, and their offers." },
  { segment: "orders", label: "Orders", blurb: "Payments due, and what was paid or cancelled." },
  { segment: "health", label: "Health", blurb: "Jobs, counters and payments, checked." },
  { segment: "activity", label: "Activity", blurb: "Every stock movement: who, what, when and why." },
  { segment: "charts", label: "Charts", blurb: "Holds over time and the stock of low items." },
  { segment: "suppliers", label: "Suppliers", blurb: "Resellers you allow to list your items, and suppliers whose items you list." },
  { segment: "webhooks", label: "Webhooks", blurb: "Signed stock and order events for your other systems." },
  { segment: "team", label: "Team", blurb: "Who can run this store, and as what." },
  { segment: "settings", label: "Settings", blurb: "Reservation rules and API tokens." },
] as const;

export type AdminSection = (typeof ADMIN_SECTIONS)[number]["segment"];

export function adminPath(store: string, section: AdminSection): string {
  return `/${store}/admin/${section}`;
}
