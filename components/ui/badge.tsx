import type { ComponentProps } from "react";
import { cn } from "./cn";

export type BadgeTone = "success" | "warning" | "neutral" | "info" | "muted" | "danger";

const tones: Record<BadgeTone, string> = {
  success: "bg-emerald-50 text-emerald-800 ring-emerald-600/25",
  warning: "bg-amber-50 text-amber-900 ring-amber-600/30",
  neutral: "bg-slate-100 text-slate-800 ring-slate-500/25",
  info: "bg-brand-50 text-brand-800 ring-brand-600/25",
  muted: "bg-slate-50 text-slate-700 ring-slate-400/30",
  danger: "bg-red-50 text-red-800 ring-red-600/25",
};

const dots: Record<BadgeTone, string> = {
  success: "bg-emerald-500",
  warning: "bg-amber-500",
  neutral: "bg-slate-500",
  info: "bg-brand-500",
  muted: "bg-slate-400",
  danger: "bg-red-500",
};

export type BadgeProps = ComponentProps<"span"> & { tone?: BadgeTone; dot?: boolean };

/** A small pill; the dot is decorative (aria-hidden) so the text alone is what assistive tech reads. */
export function Badge({ tone = "neutral", dot = true, className, children, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset",
        tones[tone],
        className,
      )}
      {...props}
    >
      {dot && <span aria-hidden="true" className={cn("size-1.5 rounded-full", dots[tone])} />}
      {children}
    </span>
  );
}
