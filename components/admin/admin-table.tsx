"use client";
// The dashboard's table: a caption for assistive tech, header cells with scope, numbers right-aligned
// and tabular, a row-actions column named "Actions" for screen readers, and (per column) sorting of
// the loaded rows through TanStack Table: header buttons cycle ascending → descending → off and the
// header's aria-sort says which. Columns are plain data, so every panel reads the same way.
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type RowData,
} from "@tanstack/react-table";
import { useEffect, useMemo, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { AdminIcon } from "./admin-icons";
import { tableClasses } from "./admin-ui";
import { cellClass, headerLabel, type AdminColumn } from "./static-table";

export type { AdminColumn };

type Props<T> = {
  caption: string;
  columns: AdminColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string | false | null | undefined;
  /** Told whether any column sorts the rows (e.g. to say sorting applies to the loaded rows only). */
  onSortedChange?: (sorted: boolean) => void;
  /** Classes and attributes of the scrolling wrapper (a named, focusable region for a wide table). */
  wrapClassName?: string;
  /** A named, focusable scrolling region (keyboard users can scroll a wide table); a string names it, else the caption. */
  region?: boolean | string;
  stickyHeader?: boolean;
};

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});

export function AdminTable<T extends RowData>({ caption, columns, rows, rowKey, rowClassName, onSortedChange, wrapClassName, region, stickyHeader }: Props<T>) {
  // Panels may build their columns on every render (cells close over fresh values); TanStack's
  // columns carry only ids and sort rules (which read nothing but the row), so they are rebuilt
  // when those change.
  const signature = columns.map((c) => `${c.id}:${c.sort === undefined ? "" : typeof c.sort === "function" ? "fn" : c.sort.by}`).join(",");
  const tableColumns = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return helper.columns(
      columns.map((c) => {
        const sort = c.sort;
        return helper.accessor((row: T) => (typeof sort === "object" ? sort.value(row) : 0), {
          id: c.id,
          header: c.header,
          enableSorting: sort !== undefined,
          sortFn: typeof sort === "function" ? (a, b) => sort(a.original, b.original) : sort?.by === "text" ? "alphanumeric" : "basic",
        });
      }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt by signature, see above
  }, [signature]);

  const table = useTable({
    features,
    columns: tableColumns,
    data: rows,
    getRowId: rowKey,
    enableSortingRemoval: true,
    // Ascending first on every column, numbers included: one predictable cycle (asc → desc → off).
    sortDescFirst: false,
  });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const sorted = headers.some((h) => h.column.getIsSorted());
  useEffect(() => onSortedChange?.(sorted), [sorted, onSortedChange]);
  const byId = new Map(columns.map((c) => [c.id, c]));

  return (
    <div className={cn(tableClasses.wrap, wrapClassName)} {...(region ? { role: "region", "aria-label": typeof region === "string" ? region : caption, tabIndex: 0 } : {})}>
      <table className={tableClasses.table}>
        <caption className="sr-only">{caption}</caption>
        <thead className={cn(tableClasses.thead, stickyHeader && "sticky top-0")}>
          <tr>
            {headers.map((header) => {
              const col = byId.get(header.column.id)!;
              const dir = header.column.getIsSorted();
              const sortable = header.column.getCanSort();
              return (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={sortable ? (dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none") : undefined}
                  className={col.numeric ? tableClasses.thNum : tableClasses.th}
                >
                  {col.hideHeader ? (
                    headerLabel(col)
                  ) : sortable ? (
                    <button
                      type="button"
                      onClick={header.column.getToggleSortingHandler()}
                      className={cn("inline-flex items-center gap-1 rounded hover:text-ink", col.numeric && "flex-row-reverse", dir && "text-ink")}
                    >
                      {col.header}
                      <AdminIcon name={dir === "asc" ? "sortAsc" : dir === "desc" ? "sortDesc" : "sort"} className={cn("size-3.5", dir ? "text-ink" : "text-slate-400")} />
                    </button>
                  ) : (
                    col.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className={cn(tableClasses.tr, rowClassName?.(row.original))}>
              {columns.map((col) => (
                <td key={col.id} className={cellClass(col, row.original)}>
                  {col.cell(row.original)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The row-actions column: last, right-aligned, named "Actions" for assistive tech only. */
export function actionsColumn<T>(cell: (row: T) => ReactNode): AdminColumn<T> {
  return { id: "actions", header: "Actions", hideHeader: true, className: "text-right", cell };
}
