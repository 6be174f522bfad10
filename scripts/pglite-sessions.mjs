// PGlite is ONE PostgreSQL session; pglite-socket (0.2.17, pinned) lets several TCP connections
// share it by forwarding their protocol messages one at a time, so two connections' extended-query
// messages interleave (A: Parse, B: Parse, A: Bind → A binds B's statement: wrong results, hangs).
// This makes each connection own the session from its first message until PGlite answers
// ReadyForQuery "idle": a whole query cycle, or a whole transaction. Other connections queue.
// Session state (advisory locks, SET) is still shared by all connections: fine for demos.

const READY_FOR_QUERY = 0x5a; // 'Z', int32 length 5, status byte: I (idle), T (in transaction), E (failed transaction)

/** Status byte of a ReadyForQuery that ends `tail` (the last 6 bytes of a response), or null. */
function readyStatus(tail) {
  if (tail.length === 6 && tail[0] === READY_FOR_QUERY && tail.readInt32BE(1) === 5) return String.fromCharCode(tail[5]);
  return null;
}

/** Replaces the server's message queue policy with one that serialises whole sessions. */
export function serializeSessions(server) {
  const queue = server.queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.processQueue !== "function") {
    throw new Error("pglite-socket internals changed: review scripts/pglite-sessions.mjs for this version");
  }
  let owner = null; // handler id holding the session, or null when idle
  const gone = new Set(); // handlers whose connection closed (possibly while their message ran)

  queue.processQueue = async function processQueue() {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = owner === null ? 0 : this.queue.findIndex((m) => m.handlerId === owner);
        if (index === -1) break; // the owner's next message has not arrived yet
        const [item] = this.queue.splice(index, 1);
        let tail = Buffer.alloc(0);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (chunk) => {
                bytes += chunk.length;
                tail = Buffer.concat([tail, Buffer.from(chunk)]).subarray(-6);
                item.onData(chunk);
              },
            }),
          );
        } catch (err) {
          owner = null;
          item.reject(err);
          continue;
        }
        owner = readyStatus(tail) === "I" ? null : item.handlerId;
        if (owner !== null && gone.has(owner)) {
          owner = null;
          if (this.db.isInTransaction()) await this.db.exec("ROLLBACK").catch(() => {});
        }
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  // A connection that goes away while owning the session gives it back (rolling back its transaction).
  queue.clearTransactionIfNeeded = async function clearTransactionIfNeeded(handlerId) {
    gone.add(handlerId);
    if (owner !== handlerId) return;
    owner = null;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK").catch(() => {});
    await this.processQueue();
  };
}
