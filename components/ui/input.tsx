import type { ComponentProps } from "react";
import { cn } from "./cn";

export const inputClasses =
  "block h-11 rounded-lg border border-slate-300 bg-white px-3 text-base text-ink shadow-sm placeholder:text-slate-500 hover:border-slate-400 focus-visible:border-brand-600 disabled:bg-slate-100 disabled:text-slate-500 aria-invalid:border-red-600 sm:text-sm";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(inputClasses, className ?? "w-full")} {...props} />;
}

export function Label({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn("block text-sm font-medium text-slate-800", className)} {...props} />;
}

/** A labelled input with an optional hint; the label names the input for assistive tech. */
export function Field({
  id,
  label,
  hint,
  className,
  ...props
}: ComponentProps<"input"> & { id: string; label: string; hint?: string }) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} className="mt-1.5 w-full" aria-describedby={hint ? `${id}-hint` : undefined} {...props} />
      {hint && (
        <p id={`${id}-hint`} className="mt-1.5 text-sm text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}
