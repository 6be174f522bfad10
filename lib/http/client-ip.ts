// The client's address for this request, from the deployment's settings (see client-address.ts).
import "server-only";
import { getEnv } from "@/lib/env";
import { clientAddressOf, parseTrustedProxies, type TrustedProxies } from "@/lib/http/client-address";
import { currentPeer } from "@/lib/http/peer";

let trustedProxies: { text: string | undefined; parsed: TrustedProxies } | undefined;

/**
 * The client's address as the deployment can vouch for it (lib/http/client-address.ts: Vercel's
 * header, TRUSTED_PROXIES, else the socket's peer from server.mjs); null when it cannot be told
 * (a bare `next start` with no TRUSTED_PROXIES), and then the per-IP limits do not apply.
 */
export function clientIpOf(headers: Headers): string | null {
  const env = getEnv();
  if (!trustedProxies || trustedProxies.text !== env.TRUSTED_PROXIES) trustedProxies = { text: env.TRUSTED_PROXIES, parsed: parseTrustedProxies(env.TRUSTED_PROXIES) };
  return clientAddressOf({ headers, peer: currentPeer()?.address ?? null, trusted: trustedProxies.parsed, onVercel: Boolean(env.VERCEL) });
}

