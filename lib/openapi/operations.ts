// Every route handler under app/api as an OpenAPI operation: its path, method, the zod schemas its
// handler parses (path segments, query, headers, body — imported from the domains' schemas.ts, never
// redefined here) and the schemas of its answers (the response schemas the storefront and dashboard
// parse with, where they exist): one file per part of the API under lib/openapi/operations/, joined
// here. lib/openapi/document.ts turns the table into the document; lib/openapi/document.test.ts
// fails when an app/api/**/route.ts export has no entry here.
import { ADMIN_OPERATIONS } from "@/lib/openapi/operations/admin";
import { CATALOG_ADMIN_OPERATIONS } from "@/lib/openapi/operations/catalog-admin";
import { EVENTS_ADMIN_OPERATIONS } from "@/lib/openapi/operations/events-admin";
import { STOREFRONT_OPERATIONS } from "@/lib/openapi/operations/storefront";
import type { OperationSpec } from "@/lib/openapi/operation-spec";

export type { Access, AnySchema, HttpMethod, OperationSpec, ResponseSpec, Tag } from "@/lib/openapi/operation-spec";

export const OPERATIONS: OperationSpec[] = [...STOREFRONT_OPERATIONS, ...ADMIN_OPERATIONS, ...CATALOG_ADMIN_OPERATIONS, ...EVENTS_ADMIN_OPERATIONS];
