// POST admin/inventory/bulk — all or nothing, up to 5,000 rows, body up to 5 MiB:
//   application/json { items: [{ sku, stock? | adjust?, lowStockThreshold? }], reason }
//   text/csv with the header sku,stock[,lowStockThreshold]; the reason in ?reason= or X-Reason.
// ?validate=1: the same import in a rolled-back transaction → 200 { updated, validateOnly: true } or the same errors.
// → 200 { updated }; any bad row → 400 (or 409 STOCK_BELOW_RESERVED) with details.rows, nothing applied.
import { adminWriteRoute } from "@/lib/http/admin-route";
import { parseWith } from "@/lib/http/route";
import { AppError } from "@/lib/errors";
import { bulkAdjustInputSchema, reasonSchema } from "@/lib/inventory/schemas";
import { bulkAdjustStock, parseInventoryCsv, validateBulkAdjust, type BulkAdjustRow } from "@/lib/inventory/bulk-adjust-stock";
import { PATCH as patchSku } from "../[sku]/route";

export const POST = adminWriteRoute(
  async ({ admin: { store, actor }, deps, req, text, json }) => {
    const { rows, reason } = readBulkRequest(req, text, json);
    const input = { storeId: store.id, rows, reason, actor };
    const q = new URL(req.url).searchParams.get("validate");
    if (q === "1" || q === "true") {
      // Validate-only: the same import in a rolled-back transaction; 200 { updated, validateOnly }.
      return { status: 200, body: { ...(await validateBulkAdjust(deps.db, deps.now, input)), validateOnly: true } };
    }
    return { status: 200, body: await bulkAdjustStock(deps, input) };
  },
  { maxBytes: 5 * 1024 * 1024 },
);

/** A SKU literally named "bulk" is still reachable with PATCH (this static segment shadows [sku]). */
export function PATCH(req: Request, ctx: { params: Promise<{ store: string }> }): Promise<Response> {
  return patchSku(req, { params: ctx.params.then((p) => ({ ...p, sku: "bulk" })) });
}

function readBulkRequest(req: Request, text: string, json: () => unknown): { rows: BulkAdjustRow[]; reason: string } {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/csv") {
    const reason = parseWith(
      reasonSchema.optional(),
      new URL(req.url).searchParams.get("reason") ?? req.headers.get("x-reason") ?? undefined,
    );
    if (!reason) throw invalidReason();
    const { rows, errors } = parseInventoryCsv(text);
    if (errors.length > 0) {
      throw new AppError(
        "INVALID_INPUT",
        `Nothing was applied: ${errors.length} ${errors.length === 1 ? "row" : "rows"} of the CSV cannot be read.`,
        { rows: errors },
      );
    }
    if (rows.length === 0) throw new AppError("INVALID_INPUT", "The CSV has a header but no rows.");
    return { rows, reason };
  }
  if (type === "application/json" || type === "") {
    const body = parseWith(bulkAdjustInputSchema, json());
    return { rows: body.items, reason: body.reason };
  }
  throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send application/json or text/csv.", { contentType: type });
}

function invalidReason() {
  return new AppError("INVALID_INPUT", "Give a reason for the import (?reason= or the X-Reason header).", {
    fields: [{ path: "reason", message: "Required." }],
  });
}

