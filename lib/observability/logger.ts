// Structured logs (pino): one JSON line per event with level, ISO time, and the request id, store
// and route of the request that caused it (from the AsyncLocalStorage context, so domain code logs
// without knowing about requests). Secrets are scrubbed from every line. Level from LOG_LEVEL;
// pretty output only in development; LOG_FILE sends the lines to a file instead of the console.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { getEnv, type Env } from "@/lib/env";
import { getRequestContext } from "@/lib/observability/request-context";
import { scrubString, scrubValue, serializeError } from "@/lib/observability/scrub";

export type { Logger } from "pino";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** The options every logger shares: labels for levels, ISO times, request context, scrubbing. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: "msg",
    formatters: {
      level: (label) => ({ level: label }),
      // Runs on the merged fields (the caller's and the request context's) before serialization.
      log: (obj) => scrubValue(obj) as Record<string, unknown>,
    },
    serializers: {
      // Errors reach here already flattened by formatters.log, except pino's own `logger.error(err)`.
      err: (e: unknown) => (e instanceof Error ? scrubValue(serializeError(e)) : e),
      error: (e: unknown) => (e instanceof Error ? scrubValue(serializeError(e)) : e),
      msg: (m: unknown) => (typeof m === "string" ? scrubString(m) : m),
    },
    mixin() {
      const ctx = getRequestContext();
      if (!ctx) return {};
      const fields: Record<string, string> = { requestId: ctx.requestId };
      if (ctx.store) fields.store = ctx.store;
      if (ctx.route) fields.route = ctx.route;
      return fields;
    },
  };
}

/** A logger writing JSON lines to a stream (tests capture lines this way). */
export function createLogger(options: { level?: LogLevel; destination: DestinationStream | NodeJS.WritableStream }): Logger {
  return pino(loggerOptions(options.level ?? "info"), options.destination as DestinationStream);
}

type LoggingState = { logger?: Logger; consoleFd: 1 | 2 };
const globalForLog = globalThis as unknown as { __shopLogging?: LoggingState };
// Scripts (the ops CLI) keep stdout for their own output; the server logs to stdout (see
// sendLogsToStdout, called from instrumentation.ts).
const state = (globalForLog.__shopLogging ??= { consoleFd: 2 });

/** The process-wide logger, created on first use from the environment. */
export function getLogger(): Logger {
  return (state.logger ??= createDefaultLogger(readEnv()));
}

/** The server's logs go to stdout (platform log drains read it); call before the first log line. */
export function sendLogsToStdout(): void {
  if (state.consoleFd === 1) return;
  state.consoleFd = 1;
  state.logger = undefined;
}

/** Tests install a capturing logger (or undefined to go back to the default). */
export function setLoggerForTests(logger: Logger | undefined): void {
  state.logger = logger;
}

function readEnv(): Env | null {
  try {
    return getEnv();
  } catch {
    return null; // an invalid environment is reported by whoever needs it; logs still work
  }
}

export function resolveLogLevel(env: Pick<Env, "LOG_LEVEL" | "NODE_ENV"> | null): LogLevel {
  if (env?.LOG_LEVEL) return env.LOG_LEVEL;
  return env?.NODE_ENV === "test" ? "silent" : "info";
}

function createDefaultLogger(env: Env | null): Logger {
  const level = resolveLogLevel(env);
  if (env?.LOG_FILE) {
    return pino(loggerOptions(level), pino.destination({ dest: env.LOG_FILE, sync: true, append: true, mkdir: true }));
  }
  if (env?.NODE_ENV === "development" && level !== "silent") {
    try {
      // pino-pretty is a dev dependency, loaded by pino's worker only here.
      const transport = pino.transport({
        target: "pino-pretty",
        options: { destination: state.consoleFd, colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" },
      });
      return pino(loggerOptions(level), transport);
    } catch {
      // Not installed (a production install in development mode): plain JSON lines.
    }
  }
  if (state.consoleFd === 1) {
    // The server's lines are written in batches of 4 KiB, or every 250 ms: a write per request
    // cost about 0.1 ms of CPU at a drop's rate (bench/). pino flushes what is left when the
    // process exits; a process killed outright may lose its last quarter second of lines.
    // LOG_FILE (above, what the tests read) and the CLI's stderr stay synchronous.
    const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
    setInterval(() => destination.flush(), 250).unref();
    return pino(loggerOptions(level), destination);
  }
  return pino(loggerOptions(level), pino.destination({ dest: state.consoleFd, sync: true }));
}
