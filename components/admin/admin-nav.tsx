"use client";
// The dashboard's section links: a sidebar on wide screens, a scrolling tab bar on narrow ones.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { AdminIcon } from "./admin-icons";
import { ADMIN_SECTIONS, adminPath } from "./admin-sections";

export function AdminNav({ store }: { store: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard">
      <ul className="flex gap-1 overflow-x-auto px-4 py-2 lg:flex-col lg:overflow-visible lg:px-3 lg:py-4">
        {ADMIN_SECTIONS.map((s) => {
          const href = adminPath(store, s.segment);
          const current = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={s.segment}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2.5 whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium transition-colors",
                  current ? "bg-ink text-white" : "text-slate-700 hover:bg-slate-100 hover:text-ink",
                )}
              >
                <AdminIcon name={s.segment} className={cn("size-4 shrink-0", current ? "text-white" : "text-slate-500")} />
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
