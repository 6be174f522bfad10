// Small dashboard building blocks on top of components/ui: page headers, panels, filter groups,
// table classes, empty and error states. Domain-free, so every section looks and reads the same.
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight text-ink">{title}</h1>
        {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export function Panel({ title, description, actions, children, className, headingLevel = 2 }: {
  title?: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  // The heading names the region, so assistive tech can jump between panels.
  const headingId = title ? `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}` : undefined;
  return (
    <section aria-labelledby={headingId} className={cn("rounded-xl border border-slate-200 bg-white shadow-sm", className)}>
      {(title || actions) && (
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-5">
          <div className="min-w-0">
            {title && (
              <Heading id={headingId} className="text-base font-semibold text-ink">
                {title}
              </Heading>
            )}
            {description && <p className="mt-0.5 text-sm text-slate-600">{description}</p>}
          </div>
          {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

/**
 * A row of toggle buttons choosing one filter (the chosen one aria-pressed). Tighter on phones, so
 * four filters fit a 390 px screen.
 */
export function FilterGroup<V>({ label, options, value, onChange }: {
  label: string;
  options: readonly { label: string; value: V }[];
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <div role="group" aria-label={label} className="inline-flex self-start rounded-lg bg-slate-100 p-1">
      {options.map((o) => (
        <button
          key={o.label}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={cn(
            "h-8 whitespace-nowrap rounded-md px-2 text-sm font-medium transition-colors sm:px-3",
            value === o.value ? "bg-white text-ink shadow-sm ring-1 ring-slate-200" : "text-slate-700 hover:text-ink",
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Table classes shared by every dashboard table: dense, numbers right-aligned and tabular. */
export const tableClasses = {
  wrap: "relative overflow-x-auto",
  table: "min-w-full border-collapse text-sm",
  thead: "bg-slate-50 text-left text-xs font-semibold text-slate-600",
  th: "whitespace-nowrap border-b border-slate-200 px-3 py-2.5 first:pl-4 last:pr-4 sm:first:pl-5 sm:last:pr-5",
  thNum: "whitespace-nowrap border-b border-slate-200 px-3 py-2.5 text-right",
  tr: "border-b border-slate-100 last:border-b-0 hover:bg-slate-50/70",
  td: "px-3 py-2.5 align-middle first:pl-4 last:pr-4 sm:first:pl-5 sm:last:pr-5",
  tdNum: "px-3 py-2.5 text-right align-middle tabular",
};

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="px-4 py-12 text-center">
      <p className="text-sm font-medium text-ink">{title}</p>
      {children && <p className="mt-1 text-sm text-slate-600">{children}</p>}
    </div>
  );
}

export function LoadingRows({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="space-y-2 px-4 py-6" aria-busy="true">
      <p className="sr-only" role="status">
        {label}
      </p>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} aria-hidden="true" className="h-8 animate-pulse rounded-md bg-slate-100" />
      ))}
    </div>
  );
}

/** A failed read: the API's own message and a way to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div className="p-4">
      <Alert
        tone="error"
        title="Could not load this"
        action={
          onRetry && (
            <Button size="sm" variant="secondary" onClick={onRetry}>
              Try again
            </Button>
          )
        }
      >
        {message}
      </Alert>
    </div>
  );
}

/** "Live" marker: the data refreshes on its own; says when it last did. */
export function LiveIndicator({ updatedAt, fetching }: { updatedAt: number; fetching: boolean }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-600" title={updatedAt ? `Updated ${new Date(updatedAt).toLocaleTimeString()}` : undefined}>
      <span aria-hidden="true" className={cn("size-2 rounded-full", fetching ? "animate-pulse bg-emerald-400" : "bg-emerald-500")} />
      Live
    </span>
  );
}
