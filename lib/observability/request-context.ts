// The request a piece of work belongs to, carried by AsyncLocalStorage so that every log line and
// span below route() (the inventory engine included) knows its request id and store without
// threading them through each signature. One store per process (globalThis), shared by bundles.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export type RequestContext = {
  requestId: string;
  /** The store slug from the route, when the route has one. */
  store?: string;
  /** The route pattern, e.g. /api/stores/[store]/cart/items. */
  route?: string;
  method?: string;
  /** The AppError code the request ended with (set by route() when a handler throws). */
  errorCode?: string;
};

const globalForContext = globalThis as unknown as { __shopRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (globalForContext.__shopRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Up to 128 visible characters from a safe set; anything else is replaced by a fresh id. */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The caller's x-request-id when it is a sane token (no log injection), else a new UUID. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
