// The error shape of every route (API.md, "Errors"): `{ error: { code, message, details? } }`, as zod
// schemas derived from lib/errors.ts's vocabulary: one schema per HTTP status, whose `code` lists
// exactly the codes that answer with that status (ERROR_STATUS), so the document never drifts from
// what route() sends.
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";

const ALL_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The error codes that answer with `status`. */
export function codesFor(status: number): ErrorCode[] {
  return ALL_CODES.filter((c) => ERROR_STATUS[c] === status);
}

/** Every status some error code answers with. */
export const ERROR_STATUSES = [...new Set(Object.values(ERROR_STATUS))].sort((a, b) => a - b);

function errorBodySchema(codes: [ErrorCode, ...ErrorCode[]]) {
  return z.object({
    error: z.object({
      code: z.enum(codes).describe("A stable, machine-readable code (API.md, Errors)."),
      message: z.string().describe("A sentence for people; may change."),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("Facts about the error, e.g. `fields: [{ path, message }]` for INVALID_INPUT, `available` for INSUFFICIENT_STOCK."),
    }),
  });
}

/** Any error, whatever its status. */
export const errorResponseSchema = errorBodySchema(ALL_CODES);

/** One schema per status (built once, so the document refers to each as a component). */
export const errorSchemaByStatus: ReadonlyMap<number, z.ZodType> = new Map(
  ERROR_STATUSES.map((status) => [status, errorBodySchema(codesFor(status) as [ErrorCode, ...ErrorCode[]])]),
);

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input (the body, a query parameter or a path segment)",
  401: "Not signed in, or the token or secret is missing or invalid",
  403: "Signed in, but not allowed here",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict with the current state",
  410: "Gone (an offer that lapsed)",
  413: "The body is too large",
  415: "Unsupported content type",
  429: "Rate limited (see Retry-After)",
  500: "A bug on our side",
  503: "Briefly unavailable (see Retry-After)",
};

export function errorDescription(status: number): string {
  return `${STATUS_TEXT[status] ?? "Error"}: ${codesFor(status).join(", ")}.`;
}
