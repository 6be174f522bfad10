// The admin API's responses as the dashboard parses them: the server's own schemas
// (lib/admin/response-schemas.ts), so the routes, the OpenAPI document and the browser share one
// definition. Only schemas cross this line (STYLE.md §2), never domain code.
export * from "@/lib/admin/response-schemas";
