// Who the client is, as far as the deployment can vouch for it (the per-IP rate limits count by
// it). Never a header the client could have written itself:
// - on Vercel (VERCEL=1): Vercel's own `x-vercel-forwarded-for` (then `x-real-ip`), which its edge
//   sets from the connection and overwrites whatever the client sent (Vercel's request-header docs);
// - TRUSTED_PROXIES=<n>: n proxies in front each append to X-Forwarded-For; the client is the n-th
//   entry from the right (entries further left were written by the client and are ignored);
// - TRUSTED_PROXIES=<addresses/CIDRs>: walking from the socket's peer leftwards through
//   X-Forwarded-For, trusted proxies are skipped; the first address that is not one is the client;
// - otherwise the socket's peer address (server.mjs records it; X-Forwarded-For is ignored).
// null when none of these is known (a bare `next start` with no TRUSTED_PROXIES): the per-IP
// limits then do not apply, the per-cart and per-account ones still do.
import { BlockList, isIP } from "node:net";

export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: BlockList; text: string };

/** Parses TRUSTED_PROXIES: empty, a hop count (1..10), or comma-separated addresses and CIDRs. Throws on a bad entry. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = (value ?? "").trim();
  if (text === "" || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new Error("TRUSTED_PROXIES: a hop count must be 1..10");
    return { kind: "hops", hops };
  }
  const list = new BlockList();
  for (const raw of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr, bits, extra] = raw.split("/");
    const family = isIP(addr ?? "");
    if (!family || extra !== undefined) throw new Error(`TRUSTED_PROXIES: "${raw}" is not an address or CIDR`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(addr!, type);
    else {
      const prefix = Number(bits);
      if (!/^\d+$/.test(bits) || prefix > (family === 6 ? 128 : 32)) throw new Error(`TRUSTED_PROXIES: "${raw}" has a bad prefix length`);
      list.addSubnet(addr!, prefix, type);
    }
  }
  return { kind: "list", list, text };
}

/** An address as written by a socket or a proxy, without IPv4-mapped IPv6 or a zone; null if it is not an IP. */
export function normalizeAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let v = value.trim();
  // "[::1]:1234" / "1.2.3.4:5678" (some proxies add the port)
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracket) v = bracket[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  v = v.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v);
  if (mapped) v = mapped[1]!;
  return isIP(v) ? v.toLowerCase() : null;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

export type AddressSources = {
  headers: Headers;
  /** The socket's remote address (server.mjs), or null when the server cannot see it. */
  peer: string | null;
  trusted: TrustedProxies;
  onVercel: boolean;
};

/** The client's address, or null when the deployment cannot tell it (see above). */
export function clientAddressOf({ headers, peer, trusted, onVercel }: AddressSources): string | null {
  if (onVercel) {
    return normalizeAddress(headers.get("x-vercel-forwarded-for")?.split(",")[0]) ?? normalizeAddress(headers.get("x-real-ip"));
  }
  const socket = normalizeAddress(peer);
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (trusted.kind === "hops") {
    const entry = forwarded.length >= trusted.hops ? forwarded[forwarded.length - trusted.hops] : undefined;
    return normalizeAddress(entry) ?? socket;
  }
  if (trusted.kind === "list") {
    if (!socket) return null; // cannot tell whether the request came through a trusted proxy
    let client = socket;
    for (let i = forwarded.length - 1; i >= 0 && isTrusted(trusted.list, client); i--) {
      const next = normalizeAddress(forwarded[i]);
      if (!next) break; // garbage written by someone we do not trust: stop at the last good hop
      client = next;
    }
    return client;
  }
  return socket;
}
