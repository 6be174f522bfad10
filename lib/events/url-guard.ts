// Where a store's webhooks may go: http(s) URLs whose host resolves only to public addresses.
// Private, loopback, link-local, carrier-grade NAT, multicast and reserved ranges are refused unless
// WEBHOOKS_ALLOW_PRIVATE_TARGETS=true. The check is on the resolved addresses (a public name that
// resolves to 127.0.0.1 is refused), and the sender connects through the same check (guardedLookup),
// so a name that changes its answer between the check and the send is still refused.
import dns from "node:dns";
import net from "node:net";
import { AppError } from "@/lib/errors";

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(prefix, bits, "ipv4");
}
for (const [prefix, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(prefix, bits, "ipv6");
}

/** True for an address a webhook must not reach (IPv4-mapped IPv6 is judged by its IPv4 part). */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
    if (hexMapped) {
      const hi = parseInt(hexMapped[1]!, 16);
      const lo = parseInt(hexMapped[2]!, 16);
      return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, "ipv4");
    }
    return blocked.check(address, "ipv6");
  }
  return true; // not an address at all
}

export type ResolveFn = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolve: ResolveFn = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Refuses (400 INVALID_INPUT, details.field "url") a URL whose host is, or resolves to, a private
 * address, unless allowed. A name that does not resolve is refused too.
 */
export async function assertPublicTarget(
  rawUrl: string,
  options: { allowPrivate: boolean; resolve?: ResolveFn },
): Promise<void> {
  if (options.allowPrivate) return;
  const url = new URL(rawUrl);
  const host = hostOf(url);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await (options.resolve ?? systemResolve)(host)).map((a) => a.address);
    } catch {
      throw new AppError("INVALID_INPUT", `The webhook host ${host} does not resolve.`, { field: "url", reason: "unresolvable" });
    }
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw new AppError(
      "INVALID_INPUT",
      "Webhook URLs must reach a public address; private and loopback targets are refused (WEBHOOKS_ALLOW_PRIVATE_TARGETS=true allows them for development).",
      { field: "url", reason: "private_target" },
    );
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A net/http `lookup` that refuses private answers: the connection goes only where the check said. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, results) => {
      if (err) return callback(err, "", 0);
      const list = results as dns.LookupAddress[];
      const bad = !allowPrivate && (list.length === 0 || list.some((a) => isPrivateAddress(a.address)));
      if (bad) {
        const e = Object.assign(new Error(`refused: ${hostname} resolves to a private address`), { code: "EPRIVATETARGET" });
        return callback(e, "", 0);
      }
      if (options.all) return callback(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** For literal-IP URLs (no lookup happens): the same refusal. */
export function literalTargetRefused(url: URL, allowPrivate: boolean): boolean {
  const host = hostOf(url);
  return !allowPrivate && net.isIP(host) !== 0 && isPrivateAddress(host);
}
