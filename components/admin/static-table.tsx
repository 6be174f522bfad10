// A read-only dashboard table that also renders on the server: AdminTable's markup (a caption for
// assistive tech, header cells with scope, numbers right-aligned and tabular) and its column type,
// without sorting. In a named, focusable group so a keyboard can scroll a wide one sideways.
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { tableClasses } from "./admin-ui";

/** A column of a dashboard table (AdminTable, StaticTable): plain data, so every panel reads the same way. */
export type AdminColumn<T> = {
  id: string;
  /** The column's name, which assistive tech reads with every cell. */
  header: string;
  /** Read to assistive tech only (a column of row actions). */
  hideHeader?: boolean;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  cell: (row: T) => ReactNode;
  className?: string | ((row: T) => string | false | null | undefined);
  /** Sortable: by this value ("text" compares naturally: A2 before A10) or with a comparator; either
   * reads the row only. */
  sort?: { value: (row: T) => string | number; by: "text" | "number" } | ((a: T, b: T) => number);
};

/** A body cell's classes: numbers right-aligned and tabular, then the column's own. */
export function cellClass<T>(col: AdminColumn<T>, row: T): string {
  return cn(
    col.numeric ? tableClasses.tdNum : tableClasses.td,
    typeof col.className === "function" ? col.className(row) : col.className,
  );
}

/** A header cell's content: the name, or for assistive tech only. */
export function headerLabel<T>(col: AdminColumn<T>): ReactNode {
  return col.hideHeader ? <span className="sr-only">{col.header}</span> : col.header;
}

export function StaticTable<T>({
  caption,
  label,
  columns,
  rows,
  rowKey,
  empty,
  className,
}: {
  caption: string;
  /** The scrolling group's name (says that it scrolls sideways). */
  label: string;
  columns: AdminColumn<T>[];
  rows: T[];
  rowKey: (row: T, index: number) => string;
  /** Said in the table's body when there are no rows. */
  empty?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn(tableClasses.wrap, className)} tabIndex={0} role="group" aria-label={label}>
      <table className={tableClasses.table}>
        <caption className="sr-only">{caption}</caption>
        <thead className={tableClasses.thead}>
          <tr>
            {columns.map((col) => (
              <th key={col.id} scope="col" className={col.numeric ? tableClasses.thNum : tableClasses.th}>
                {headerLabel(col)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty && (
            <tr>
              <td colSpan={columns.length} className={cn(tableClasses.td, "text-slate-600")}>
                {empty}
              </td>
            </tr>
          )}
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)} className={tableClasses.tr}>
              {columns.map((col) => (
                <td key={col.id} className={cellClass(col, row)}>
                  {col.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
