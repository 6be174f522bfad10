"use client";
// A time shown in the reader's own time zone. The server does not know it, so the server's HTML
// says UTC and the browser replaces it once hydrated.
import { useSyncExternalStore } from "react";

const noop = () => () => {};

const formats = {
  long: { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
  time: { hour: "2-digit", minute: "2-digit" },
  date: { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export function LocalTime({
  iso,
  format = "long",
  className,
}: {
  iso: string;
  format?: keyof typeof formats;
  className?: string;
}) {
  const isClient = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  const date = new Date(iso);
  const text = isClient
    ? new Intl.DateTimeFormat(undefined, formats[format]).format(date)
    : `${new Intl.DateTimeFormat("en-GB", { ...formats[format], timeZone: "UTC" }).format(date)} UTC`;
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}
