// The shared dashboard pieces as server-rendered HTML (what a screen reader and the e2e specs find):
// caption, column headers with scope and aria-sort, the hidden "Actions" header, numeric alignment,
// and the "N items · Load more" footer.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AdminTable, actionsColumn, type AdminColumn } from "./admin-table";
import { LoadMoreFooter, countOf } from "./load-more-footer";

type Row = { id: string; sku: string; stock: number };
const rows: Row[] = [
  { id: "a", sku: "A10", stock: 3 },
  { id: "b", sku: "A2", stock: 7 },
];
const columns: AdminColumn<Row>[] = [
  { id: "sku", header: "SKU", sort: { value: (r) => r.sku, by: "text" }, cell: (r) => r.sku },
  { id: "stock", header: "Stock", numeric: true, cell: (r) => r.stock },
  actionsColumn((r) => createElement("button", { type: "button" }, `Adjust ${r.sku}`)),
];

describe("AdminTable", () => {
  const html = renderToStaticMarkup(createElement(AdminTable<Row>, { caption: "Inventory", columns, rows, rowKey: (r) => r.id }));

  it("names the table and its columns", () => {
    expect(html).toContain('<caption class="sr-only">Inventory</caption>');
    expect(html.match(/<th scope="col"/g)).toHaveLength(3);
    expect(html).toContain('<span class="sr-only">Actions</span>');
  });

  it("makes sortable columns buttons with aria-sort, and only those", () => {
    expect(html).toMatch(/<th scope="col" aria-sort="none"[^>]*><button type="button"[^>]*>SKU/);
    expect(html.match(/aria-sort=/g)).toHaveLength(1);
  });

  it("right-aligns numeric columns and renders rows in order", () => {
    expect(html).toMatch(/<td class="[^"]*text-right[^"]*tabular[^"]*">3<\/td>/);
    expect(html.indexOf("Adjust A10")).toBeLessThan(html.indexOf("Adjust A2"));
  });
});

describe("LoadMoreFooter", () => {
  it("counts in words and offers the next page while there is one", () => {
    expect(countOf(1, ["item", "items"])).toBe("1 item");
    expect(countOf(0, ["item", "items"])).toBe("0 items");
    const more = renderToStaticMarkup(createElement(LoadMoreFooter, { count: 3, noun: ["item", "items"], hasMore: true, loading: false, onLoadMore: () => {} }));
    expect(more).toContain("3 items loaded, more to load");
    expect(more).toMatch(/<button[^>]*>Load more<\/button>/);
    const done = renderToStaticMarkup(createElement(LoadMoreFooter, { count: 3, noun: ["item", "items"], hasMore: false, loading: false, onLoadMore: () => {} }));
    expect(done).toContain("<span>3 items</span>");
    expect(done).not.toContain("<button");
  });
});
