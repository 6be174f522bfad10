"use client";
// The footer under a paged list: how many rows are loaded ("120 items loaded, more to load") and the
// button that fetches the next page while there is one.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/** "1 item" / "3 items". */
export function countOf(n: number, [one, many]: readonly [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function LoadMoreFooter({
  count,
  noun,
  hasMore,
  loading,
  onLoadMore,
  moreNote = " loaded, more to load",
  buttonLabel = "Load more",
  children,
}: {
  count: number;
  /** Singular and plural: ["item", "items"]. */
  noun: readonly [string, string];
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  /** What the count says while more pages are left. */
  moreNote?: string;
  buttonLabel?: string;
  /** Said after the count (e.g. that sorting applies to the loaded rows). */
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-600 sm:px-5">
      <span>
        {countOf(count, noun)}
        {hasMore ? moreNote : ""}
        {children}
      </span>
      {hasMore && (
        <Button variant="secondary" size="sm" onClick={onLoadMore} disabled={loading}>
          {loading && <Spinner />}
          {buttonLabel}
        </Button>
      )}
    </div>
  );
}
