import { route } from "@/lib/http/route";
import { requestDeps } from "@/lib/http/deps";
import { checkDatabase } from "@/lib/stores/check-database";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const db = await checkDatabase(requestDeps());
  return Response.json(
    { status: db.ok ? "ok" : "unavailable", db: db.ok ? "up" : "down" },
    { status: db.ok ? 200 : 503, headers: db.ok ? { "Cache-Control": "no-store" } : { "Retry-After": "5", "Cache-Control": "no-store" } },
  );
});
