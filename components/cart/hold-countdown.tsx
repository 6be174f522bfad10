"use client";
import { formatDuration } from "@/components/ui/format";

/** "Reserved for mm:ss" while the cart's holds stand. */
export function HoldCountdown({ expiresAt, now }: { expiresAt: string; now: number }) {
  const seconds = Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 1000));
  const urgent = seconds <= 60;
  return (
    <p role="timer" className={urgent ? "font-medium text-amber-900" : "text-slate-700"}>
      Reserved for <span className="tabular font-semibold">{formatDuration(seconds)}</span>
    </p>
  );
}
