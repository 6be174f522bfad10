// The TCP peer of the request being handled, as server.mjs (the `npm start` server) records it in
// an AsyncLocalStorage context around every request; null under a bare `next start`, `next dev`
// or a platform (Vercel), where route handlers cannot see the socket.
import type { AsyncLocalStorage } from "node:async_hooks";

export type Peer = { address: string | null; tls: boolean };

const PEER = Symbol.for("holdfast.peer");
const SERVER = Symbol.for("holdfast.server");

/** The socket's remote address and whether it is TLS, or null when no server.mjs is in front. */
export function currentPeer(): Peer | null {
  const storage = (globalThis as { [PEER]?: AsyncLocalStorage<Peer> })[PEER];
  return storage?.getStore() ?? null;
}

type OwnServer = { port: number; origin: string | null };

/** The port server.mjs listens on, or null. */
export function ownListeningPort(): number | null {
  const port = (globalThis as { [SERVER]?: OwnServer })[SERVER]?.port;
  return port ? port : null;
}

/** http://<the address server.mjs listens on>:<port> (loopback when it listens on every interface), or null. */
export function ownServerOrigin(): string | null {
  return (globalThis as { [SERVER]?: OwnServer })[SERVER]?.origin ?? null;
}
