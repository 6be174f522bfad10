// `npm start`: the production build served by Next.js through a small Node HTTP server of our own
// (Next's documented custom-server API), for one reason: route handlers under a bare `next start`
// cannot learn the TCP peer's address (Next only fills X-Forwarded-For when the client did not send
// one, so any client could choose its own). Here every request runs inside an AsyncLocalStorage
// context holding the socket's remote address and whether the socket is TLS; lib/http/peer.ts reads
// it (a client cannot set it: it is not a header). The server's own listening port is published the
// same way, so a request the app sends to itself (the sandbox's webhook) goes to this very server.
// Usage: node server.mjs [-H host] [-p port]   (defaults: every interface, $PORT or 3000).
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";

function arg(flags, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length - 1; i++) if (flags.includes(argv[i])) return argv[i + 1];
  return fallback;
}

const hostname = arg(["-H", "--hostname"], undefined);
const port = Number(arg(["-p", "--port"], process.env.PORT ?? "3000"));
// Like `next start`: a production server (set before Next.js is loaded, which reads it), and PORT
// names the port it listens on (the jobs' links fall back to http://localhost:$PORT, lib/public-origin.ts).
process.env.NODE_ENV ??= "production";
if (port > 0) process.env.PORT = String(port);
const { default: next } = await import("next");

/** Methods the app answers; any other (TRACE, TRACK, CONNECT, WebDAV's…) is 405 before Next.js sees it. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const MALFORMED_URL = JSON.stringify({ error: { code: "INVALID_INPUT", message: "The URL has a malformed escape." } });
const METHOD_NOT_ALLOWED = JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: "This method is not allowed." } });

const peers = new AsyncLocalStorage();
/** Read by lib/http/peer.ts. */
globalThis[Symbol.for("holdfast.peer")] = peers;
const self = { port: 0, origin: null };
globalThis[Symbol.for("holdfast.server")] = self;

const app = next({ dev: false, hostname, port, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  if (!METHODS.has(req.method ?? "")) {
    res.writeHead(405, { "content-type": "application/json", allow: [...METHODS].join(", "), "content-length": Buffer.byteLength(METHOD_NOT_ALLOWED) });
    res.end(METHOD_NOT_ALLOWED);
    return;
  }
  // A malformed percent-escape in the path would fail inside Next.js's router (a 500): refuse it here.
  try {
    decodeURIComponent((req.url ?? "/").split("?")[0]);
  } catch {
    res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(MALFORMED_URL) });
    res.end(MALFORMED_URL);
    return;
  }
  const socket = req.socket;
  peers.run({ address: socket.remoteAddress ?? null, tls: Boolean(socket.encrypted) }, () => {
    handle(req, res).catch((e) => {
      console.error("[server] unhandled", e);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
});
server.listen(port, hostname, () => {
  const address = server.address();
  self.port = typeof address === "object" && address ? address.port : port;
  const any = !hostname || hostname === "0.0.0.0" || hostname === "::";
  const host = any ? "127.0.0.1" : hostname.includes(":") ? `[${hostname}]` : hostname;
  self.origin = `http://${host}:${self.port}`;
  console.log(`[server] ready on http://${hostname && hostname !== "0.0.0.0" && hostname !== "::" ? hostname : "localhost"}:${self.port}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
