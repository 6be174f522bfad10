// What an operation of the OpenAPI document says (lib/openapi/operations/ lists them, one file per
// part of the API) and the pieces the lists share: path segments, the idempotency header, answers.
import { z } from "zod";
import type * as zm from "zod/mini";
import { catalogIdSchema, storeSlugSchema } from "@/lib/catalog/admin/schemas";
import { webhookIdSchema } from "@/lib/events/schemas";
import { idempotencyKeySchema, orderIdSchema, orderSchema } from "@/lib/orders/schemas";

/** A zod schema, full or mini (both are zod 4 core schemas; the document reads either). */
export type AnySchema = z.ZodType | zm.ZodMiniType;
export type ObjectSchema = z.ZodObject | zm.ZodMiniObject;

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export type Tag = "Catalogue" | "Cart" | "Checkout and orders" | "Waitlist" | "Payments" | "Accounts" | "Admin" | "Admin: catalogue" | "Admin: events" | "Jobs" | "Meta";

/**
 * Who may call: `public` anyone; `shopper` anyone, as the signed-in account or the store's cart cookie;
 * `admin` a store member's session or a store API token (Bearer); `adminSession` a member's session
 * only; `teamManager` a member's session (OWNERs for the OWNER role); `cron` Bearer CRON_SECRET;
 * `provider` a payment provider's signed webhook; `authjs` Auth.js's own endpoints.
 */
export type Access = "public" | "shopper" | "admin" | "adminSession" | "teamManager" | "cron" | "provider" | "authjs";

export type ResponseSpec = { description: string; schema?: AnySchema; contentType?: string; headers?: Record<string, string> };

export type OperationSpec = {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  access: Access;
  params?: ObjectSchema;
  query?: ObjectSchema;
  headers?: ObjectSchema;
  /** Request bodies by content type; `required: false` when the body may be empty. */
  body?: { content: Record<string, AnySchema>; required?: boolean; description?: string };
  responses: Record<number, ResponseSpec>;
  /** Error statuses this route answers besides the ones every route of its kind answers (see document.ts). */
  errors?: number[];
  /** Counted against a named rate limit (429 + Retry-After). */
  rateLimited?: boolean;
};

// Path segments: each parsed with the schema its handler uses.
const store = storeSlugSchema.describe("The store's slug.");
export const storeParams = z.object({ store });
export const orderParams = z.object({ store, orderId: orderIdSchema });
export const productParams = z.object({ store, productId: catalogIdSchema });
export const webhookParams = z.object({ store, id: webhookIdSchema });

/** `Idempotency-Key`: a repeat gets the first answer (`Idempotent-Replayed: true`); the same key with another request is 409 CONFLICT. */
export const idempotencyHeaders = z.object({ "idempotency-key": idempotencyKeySchema.optional().describe("Printable ASCII, up to 200 characters; a retry with the same key gets the first answer.") });

/** ?key=: the order's signed link (the mail's link), for a shopper on another device. The route checks it against the order; it has no schema of its own. */
export const orderLinkQuery = z.object({ key: z.string().optional().describe("The signed key of the order's link (from the order mail).") });

/** Answers whose handlers return a plain object without a response schema in lib (yet). */
export function described(description: string) {
  return z.record(z.string(), z.unknown()).describe(description);
}

export const json = (schema: AnySchema) => ({ content: { "application/json": schema } });
export const ok = (schema: AnySchema, description = "OK"): Record<number, ResponseSpec> => ({ 200: { description, schema } });
export const created = (schema: AnySchema, description = "Created"): Record<number, ResponseSpec> => ({ 201: { description, schema } });

export const userSchema = z.object({ user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }) });
export const orderOnly = z.object({ order: orderSchema });
