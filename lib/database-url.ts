// A PostgreSQL URL naming another database on the same server, and a statement run on its
// `postgres` database: tests, the benchmark and the scripts create and drop their own databases.
import pg from "pg";

/** `serverUrl` with its database name replaced by `name`. */
export function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** One statement on the server's `postgres` database (CREATE / DROP DATABASE), on a connection of its own. */
export async function queryServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
