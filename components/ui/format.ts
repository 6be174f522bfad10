// Display formatting shared by server and browser: fixed locale so both render the same text.

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer minor units as money, e.g. 2500 USD → "$25.00". */
export function formatMoney(cents: number, currency: string): string {
  let f = moneyFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { style: "currency", currency });
    moneyFormats.set(currency, f);
  }
  return f.format(cents / 100);
}

/** Seconds as m:ss (or h:mm:ss past an hour), never negative. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${String(m).padStart(2, "0")}:${sec}`;
}
