// The slice of Prisma the inventory engine needs: raw SQL, so the same functions run on the
// process-wide PrismaClient or inside a caller's transaction client.
import type { Prisma } from "@/lib/db";

export type SqlClient = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export type SqlDeps = { db: SqlClient; now: Date };
