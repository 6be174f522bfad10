// The error shape of API.md as a Response: an AppError with its status (and Retry-After), a zod
// error as 400 INVALID_INPUT, a value the database refused as 400, an outage as 503; anything else is
// a bug: 500, logged.
import { ZodError } from "zod";
import { AppError, errorBody, type ErrorCode } from "@/lib/errors";
import { isDatabaseUnavailable, isInvalidInputFromDatabase } from "@/lib/db-errors";
import { getLogger } from "@/lib/observability/logger";

export function jsonError(status: number, code: ErrorCode, message: string, details?: Record<string, unknown>, headers?: HeadersInit) {
  return Response.json(errorBody(new AppError(code, message, details)), { status, headers });
}

export function toErrorResponse(e: unknown): Response {
  if (e instanceof AppError) {
    const headers: Record<string, string> = {};
    if (e.retryAfter !== undefined) headers["Retry-After"] = String(e.retryAfter);
    return Response.json(errorBody(e), { status: e.status, headers });
  }
  if (e instanceof ZodError) {
    return Response.json(errorBody(zodToAppError(e)), { status: 400 });
  }
  if (isInvalidInputFromDatabase(e)) {
    // Every input is parsed at the edge; this is the net under it (a value the database refused).
    getLogger().warn({ err: e }, "input refused by the database");
    return jsonError(400, "INVALID_INPUT", "Invalid input: a value is out of range or not allowed.");
  }
  if (isDatabaseUnavailable(e)) {
    return jsonError(503, "UNAVAILABLE", "The service is briefly unavailable. Please retry shortly.", undefined, { "Retry-After": "2" });
  }
  getLogger().error({ err: e }, "unexpected error");
  return jsonError(500, "INTERNAL", "Something went wrong on our side.");
}

export function zodToAppError(e: ZodError): AppError {
  const fields = e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return new AppError("INVALID_INPUT", fields[0] ? `Invalid input: ${fields[0].path || "body"}: ${fields[0].message}` : "Invalid input.", { fields });
}
