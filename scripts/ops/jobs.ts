// The jobs' commands (cleanup, payment-sync, health): owned by the jobs helper, who fills this table.
// Each entry follows OpsCommand (scripts/ops/types.ts); scripts/ops.ts dispatches to it by name.
import type { OpsCommand } from "./types";

export const jobCommands: Record<string, OpsCommand> = {};
