// The browser's one way to call the API: JSON in and out, and the API's own error message on failure.
import type { ErrorCode } from "@/lib/errors";

/** A failed API call, carrying the contract's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | "NETWORK";
  readonly details: Record<string, unknown>;

  constructor(status: number, code: ErrorCode | "NETWORK", message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details ?? {};
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

type Schema<T> = { parse: (data: unknown) => T };

/**
 * A schema, or a promise of one: the storefront's calls pass `import()`ed schemas, so Zod loads
 * with the first call, in parallel with it, and stays out of the pages' first-load JavaScript.
 */
type SchemaOrLoading<T> = Schema<T> | Promise<Schema<T>>;

const NETWORK_MESSAGE = "We could not reach the shop. Check your connection and try again.";

type FetchJsonInit = Omit<RequestInit, "body"> & { json?: unknown };

/** Fetches `url`, parses the body with `schema`, and throws an ApiError with the API's message when not ok. */
export async function fetchJson<T>(url: string, schema: SchemaOrLoading<T>, init: FetchJsonInit = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  // Loads alongside the request; a schema that cannot load (offline) fails like the request would.
  const parser = Promise.resolve(schema).then(
    (s) => ({ s }),
    () => null,
  );
  let res: Response;
  try {
    res = await fetch(url, {
      ...rest,
      headers: { Accept: "application/json", ...(json !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
      body: json !== undefined ? JSON.stringify(json) : undefined,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "NETWORK", NETWORK_MESSAGE);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(
      res.status,
      (error?.code as ErrorCode | undefined) ?? "INTERNAL",
      error?.message ?? `Something went wrong (HTTP ${res.status}). Please try again.`,
      error?.details,
    );
  }
  const loaded = await parser;
  if (!loaded) throw new ApiError(0, "NETWORK", NETWORK_MESSAGE);
  return loaded.s.parse(body);
}
