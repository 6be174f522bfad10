// The contract of an `npm run ops` command, so each domain (admin, jobs) can add its own in its
// own file: parse options → call ONE domain function → report figures. scripts/ops.ts does the rest.
import type { ParseArgsConfig } from "node:util";
import type { Deps } from "@/lib/deps";

export type OpsOptions = NonNullable<ParseArgsConfig["options"]>;

/** Parsed option values (strings and booleans, by the command's `options`). */
export type OpsValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type OpsContext = {
  deps: Deps;
  verbose: boolean;
};

export type OpsResult = {
  /** false: a failed check or run (exit 1). */
  ok: boolean;
  /** The one line printed on stdout. */
  summary: string;
  /** The run's figures: printed as JSON with --json. */
  figures?: Record<string, unknown>;
  /** Extra lines printed with --verbose (before the summary). */
  details?: string[];
  /** A line printed alone after the summary (a token to copy). */
  lastLine?: string;
};

export type OpsCommand = {
  /** e.g. "token create --store SLUG --name NAME" */
  usage: string;
  description: string;
  options: OpsOptions;
  /** Options that must be given (checked before the database is touched: a missing one is exit 2). */
  required?: string[];
  run(ctx: OpsContext, values: OpsValues): Promise<OpsResult>;
};

/** Bad usage: exit 2 with the message and the command's usage line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A required string option, or a UsageError naming it. */
export function requireString(values: OpsValues, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v.trim() === "") throw new UsageError(`--${name} is required`);
  return v;
}

export function optionalString(values: OpsValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}
