// Test helper: a logger whose JSON lines are collected in memory, installed as the process logger.
import { Writable } from "node:stream";
import { createLogger, setLoggerForTests, type LogLevel, type Logger } from "@/lib/observability/logger";

export type LogLine = Record<string, unknown> & { level: string; msg?: string; requestId?: string };

export type LogCapture = { logger: Logger; raw: string[]; lines(): LogLine[]; clear(): void; restore(): void };

export function captureLogs(level: LogLevel = "debug"): LogCapture {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) raw.push(line);
      done();
    },
  });
  const logger = createLogger({ level, destination: sink });
  setLoggerForTests(logger);
  return {
    logger,
    raw,
    lines: () => raw.map((l) => JSON.parse(l) as LogLine),
    clear: () => void raw.splice(0),
    restore: () => setLoggerForTests(undefined),
  };
}
