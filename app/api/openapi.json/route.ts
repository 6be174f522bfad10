// GET /api/openapi.json: the OpenAPI 3.1 document of every route (lib/openapi), built once per process
// from the zod schemas the routes validate with; /docs renders it.
import { route } from "@/lib/http/route";
import { getOpenApiDocument } from "@/lib/openapi/document";

export const GET = route(() =>
  Response.json(getOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }),
);
