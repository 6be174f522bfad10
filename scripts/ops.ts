// `npm run ops -- <command> [options]`: the operators' command line over the same domain functions
// as the routes. Exit 0 ok, 1 a failed check or run, 2 bad usage. One summary line on stdout;
// --verbose adds details, --json prints the figures as JSON instead.
// Commands live in dispatch tables: scripts/ops/admin.ts (here) and scripts/ops/jobs.ts (the jobs).
import { parseArgs } from "node:util";
import { createDb, isPooledUrl } from "@/lib/db";
import { SWEEP_SHARES } from "@/lib/inventory/sweep-lapsed-holds";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { reconcile, tokenCreate, userCreate } from "./ops/admin";
import { jobCommands } from "./ops/jobs";
import { storeCreate, storeList } from "./ops/stores";
import { UsageError, type OpsCommand, type OpsResult } from "./ops/types";

/** Command name (one or two words) → command. */
export const commands: Record<string, OpsCommand> = {
  ...jobCommands,
  reconcile,
  "token create": tokenCreate,
  "user create": userCreate,
  "store create": storeCreate,
  "store list": storeList,
};

const COMMON_OPTIONS = {
  verbose: { type: "boolean", short: "v" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function usage(): string {
  const lines = Object.values(commands).map((c) => `  ${c.usage.padEnd(72)} ${c.description}`);
  return ["usage: npm run ops -- <command> [options] [--verbose] [--json]", "", "commands:", ...lines, ""].join("\n");
}

function findCommand(args: string[]): { name: string; command: OpsCommand; rest: string[] } | null {
  const two = `${args[0]} ${args[1]}`;
  if (args.length >= 2 && commands[two]) return { name: two, command: commands[two], rest: args.slice(2) };
  const one = args[0];
  if (one !== undefined && commands[one]) return { name: one, command: commands[one], rest: args.slice(1) };
  return null;
}

function print(result: OpsResult, opts: { json: boolean; verbose: boolean }) {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ok: result.ok, summary: result.summary, ...result.figures })}\n`);
    return;
  }
  if (opts.verbose) for (const line of result.details ?? []) process.stdout.write(`${line}\n`);
  process.stdout.write(`${result.summary}\n`);
  if (result.lastLine !== undefined) process.stdout.write(`${result.lastLine}\n`);
}

/** Prisma errors carry a code frame; the last line says what happened. */
function lastLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? "unknown error"
  );
}

export async function main(argv: string[]): Promise<number> {
  const args = argv[0] === "--" ? argv.slice(1) : argv;
  if (args.length === 0 || args[0] === "help" || args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(usage());
    return args.length === 0 ? 2 : 0;
  }
  const found = findCommand(args);
  if (!found) {
    process.stderr.write(`unknown command: ${args.slice(0, 2).join(" ")}\n\n${usage()}`);
    return 2;
  }
  const { name, command, rest } = found;

  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: { ...command.options, ...COMMON_OPTIONS },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    process.stderr.write(`${name}: ${(e as Error).message}\nusage: npm run ops -- ${command.usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`usage: npm run ops -- ${command.usage}\n  ${command.description}\n`);
    return 0;
  }
  const missing = (command.required ?? []).filter((o) => typeof values[o] !== "string" || (values[o] as string).trim() === "");
  if (missing.length > 0) {
    process.stderr.write(
      `${name}: ${missing.map((o) => `--${o}`).join(", ")} required\nusage: npm run ops -- ${command.usage}\n`,
    );
    return 2;
  }
  const verbose = values.verbose === true;
  const json = values.json === true;

  let url: string | undefined;
  try {
    url = getEnv().DATABASE_URL;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (!url) {
    process.stderr.write(
      "DATABASE_URL is not set and no embedded database is running: set DATABASE_URL, or start `npm run quickstart` (or `npm run start:embedded`) and run this again beside it.\n",
    );
    return 2;
  }

  // One connection holds a job's advisory lock; the sweep works its shares side by side.
  const { db, pool } = createDb({ url, poolSize: 1 + SWEEP_SHARES, pooled: isPooledUrl(url, getEnv().DATABASE_POOLER) });
  try {
    const result = await command.run({ deps: { db, now: new Date() }, verbose }, values);
    print(result, { json, verbose });
    return result.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${name}: ${e.message}\nusage: npm run ops -- ${command.usage}\n`);
      return 2;
    }
    const message =
      e instanceof AppError
        ? e.message
        : isDatabaseUnavailable(e)
          ? "the database is unreachable; nothing was changed"
          : `unexpected error: ${lastLine(e)}`;
    if (json)
      process.stdout.write(
        `${JSON.stringify({ ok: false, summary: `${name} failed: ${message}`, ...(e instanceof AppError ? { code: e.code } : {}) })}\n`,
      );
    else process.stdout.write(`${name} failed: ${message}\n`);
    if (verbose && !(e instanceof AppError)) console.error(e);
    return 1;
  } finally {
    await db.$disconnect().catch(() => {});
    await pool.end().catch(() => {});
  }
}

// Run when executed (tsx scripts/ops.ts …), not when imported by a test.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("scripts/ops.ts")) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
