import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

export type AlertTone = "error" | "warning" | "info" | "success";

const tones: Record<AlertTone, string> = {
  error: "border-red-200 bg-red-50 text-red-900",
  warning: "border-amber-200 bg-amber-50 text-amber-950",
  info: "border-brand-100 bg-brand-50 text-brand-800",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
};

const icons: Record<AlertTone, ReactNode> = {
  error: <path d="M12 8v5m0 3h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" />,
  warning: <path d="M12 8v5m0 3h.01M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z" />,
  info: <path d="M12 16v-5m0-3h.01M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z" />,
  success: <path d="m8.5 12.5 2.5 2.5 5-6M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z" />,
};

export type AlertProps = Omit<ComponentProps<"div">, "title"> & { tone?: AlertTone; title?: ReactNode; action?: ReactNode };

/**
 * A message box. `role="alert"` by default (announced at once); pass role={undefined} or "status"
 * for messages that should not interrupt.
 */
export function Alert({ tone = "error", title, action, className, children, role = "alert", ...props }: AlertProps) {
  return (
    <div
      role={role}
      className={cn("flex items-start gap-3 rounded-xl border px-4 py-3 text-sm", tones[tone], className)}
      {...props}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="mt-0.5 size-4 shrink-0"
      >
        {icons[tone]}
      </svg>
      <div className="min-w-0 flex-1">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className={cn(title ? "mt-0.5" : undefined)}>{children}</div>}
      </div>
      {action && <div className="shrink-0">{action}</div>}
    </div>
  );
}
