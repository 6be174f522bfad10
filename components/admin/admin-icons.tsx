// Outline icons for the dashboard's navigation and tables; always decorative (aria-hidden).
import type { AdminSection } from "./admin-sections";

const paths: Record<AdminSection | "store" | "signout" | "sort" | "sortAsc" | "sortDesc", string> = {
  products: "M3 7.5 12 3l9 4.5M3 7.5v9L12 21m-9-13.5L12 12m0 9 9-4.5v-9M12 12l9-4.5M7.5 5.25l9 4.5",
  inventory: "M20.25 7.5 12 3 3.75 7.5m16.5 0L12 12m8.25-4.5v9L12 21m0-9L3.75 7.5M12 12v9M3.75 7.5v9L12 21",
  reservations: "M12 6v6l4 2m5-2a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
  waitlist: "M15 19.1a9.4 9.4 0 0 0 3.6.7 9.3 9.3 0 0 0 2.4-.3 3.8 3.8 0 0 0-6-3.1M15 19.1v0a6 6 0 0 0-12 0v.1A11.9 11.9 0 0 0 9 21a11.9 11.9 0 0 0 6-1.9ZM12 6.4a3 3 0 1 1-6 0 3 3 0 0 1 6 0Zm8.3 2.2a2.3 2.3 0 1 1-4.5 0 2.3 2.3 0 0 1 4.5 0Z",
  orders: "M9 12h6m-6 4h6M9 8h6M6 3h12a1 1 0 0 1 1 1v17l-3-2-2 2-2-2-2 2-2-2-3 2V4a1 1 0 0 1 1-1Z",
  health: "M3 12h4l2-5 4 10 2-5h6",
  activity: "M4 6h16M4 12h16M4 18h10",
  charts: "M4 20V10m6 10V4m6 16v-7m4 7H2",
  suppliers: "M3 17h2m0 0a2 2 0 1 0 4 0m-4 0a2 2 0 1 1 4 0m0 0h6m0 0a2 2 0 1 0 4 0m-4 0a2 2 0 1 1 4 0m0 0h2v-5l-3-4h-4m0 9V5H3v12",
  webhooks: "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
  team: "M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1m18 0v-1a4 4 0 0 0-3-3.9M14.5 3.1a4 4 0 0 1 0 7.8M13.5 7a4 4 0 1 1-8 0 4 4 0 0 1 8 0Z",
  settings:
    "M10.3 4.3c.4-1.7 2.9-1.7 3.4 0a1.7 1.7 0 0 0 2.6 1.1c1.5-.9 3.3.8 2.4 2.4a1.7 1.7 0 0 0 1 2.5c1.8.5 1.8 3 0 3.5a1.7 1.7 0 0 0-1 2.5c.9 1.6-.9 3.3-2.4 2.4a1.7 1.7 0 0 0-2.6 1.1c-.5 1.7-3 1.7-3.4 0a1.7 1.7 0 0 0-2.6-1.1c-1.6.9-3.3-.8-2.4-2.4a1.7 1.7 0 0 0-1-2.5c-1.8-.5-1.8-3 0-3.5a1.7 1.7 0 0 0 1-2.5c-.9-1.6.8-3.3 2.4-2.4a1.7 1.7 0 0 0 2.6-1.1ZM15 12a3 3 0 1 1-6 0 3 3 0 0 1 6 0Z",
  store: "M3 9l1.5-5h15L21 9M3 9h18M3 9v11h18V9M9 20v-6h6v6",
  signout: "M15 12H3m0 0 4-4m-4 4 4 4m6-11h6a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1h-6",
  sort: "M8 9l4-4 4 4M16 15l-4 4-4-4",
  sortAsc: "M8 14l4-4 4 4",
  sortDesc: "M8 10l4 4 4-4",
};

export function AdminIcon({ name, className = "size-4" }: { name: keyof typeof paths; className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round" className={className}>
      <path d={paths[name]} />
    </svg>
  );
}
