/**
 * One PGlite is one PostgreSQL backend session, and pglite-socket (0.2.17, the latest) multiplexes every client
 * connection onto it message by message, keeping a connection's turn only while a SQL transaction is open. An
 * extended-protocol batch (Parse, Bind, Describe, Execute, …, Sync) is not a transaction, so two connections' batches
 * interleave and one binds the other's unnamed statement: "unnamed prepared statement does not exist" (26000), or
 * worse, the other's statement (electric-sql/pglite#1046, fix proposed in #977, not released). And a failing message
 * leaves the queue's `processing` flag set, so every later query hangs.
 *
 * `pinSessionPerBatch` replaces the queue's scheduler on a started server: a connection keeps the session from the
 * first message of a batch until its Sync (and, as before, for the whole of a transaction), and a failure answers that
 * one message and lets the queue go on.
 */

/** The parts of pglite-socket's QueryQueueManager the scheduler uses (its fields, not a published API: checked at runtime). */
export interface SessionQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: SessionDb;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

export interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(err: unknown): void;
  onData(chunk: Uint8Array): void;
}

export interface SessionDb {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (chunk: Uint8Array) => void }): Promise<unknown>;
}

// Frontend message types that continue an extended-protocol batch: Parse, Bind, Describe, Execute, Close, Flush.
// Sync ('S') ends it; a simple Query ('Q') is whole by itself.
const BATCH_MESSAGES = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);

/** Whether, after `message`, its connection is in the middle of an extended-protocol batch. */
export function continuesBatch(message: Uint8Array, wasInBatch: boolean): boolean {
  const type = message[0];
  if (type === undefined) return wasInBatch;
  if (type === SYNC) return false;
  return BATCH_MESSAGES.has(type) || (wasInBatch && type !== "Q".charCodeAt(0));
}

export function pinSessionPerBatch(server: { queryQueue?: unknown }): void {
  const queue = server.queryQueue as SessionQueue | undefined;
  const shaped =
    !!queue &&
    Array.isArray(queue.queue) &&
    typeof queue.processQueue === "function" &&
    typeof queue.clearQueueForHandler === "function" &&
    typeof queue.db?.execProtocolRawStream === "function";
  if (!shaped) {
    // A pglite-socket release with another queue: fail loudly rather than serve interleaved batches.
    throw new Error(
      "pglite-socket's query queue is not the one pinSessionPerBatch knows (check whether the upgrade fixed electric-sql/pglite#1046)",
    );
  }
  let inBatch = false;

  queue.processQueue = async function processQueue(this: SessionQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = this.lastHandlerId !== null && (inBatch || this.db.isInTransaction());
        const index = pinned ? this.queue.findIndex((m) => m.handlerId === this.lastHandlerId) : 0;
        // The session belongs to a connection whose next message has not arrived: wait for it (its enqueue restarts us).
        if (index === -1) break;
        const [next] = this.queue.splice(index, 1) as [QueuedMessage];
        if (next.handlerId !== this.lastHandlerId) inBatch = false;
        this.lastHandlerId = next.handlerId;
        inBatch = continuesBatch(next.message, inBatch);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (chunk) => {
                bytes += chunk.length;
                next.onData(chunk);
              },
            }),
          );
        } catch (err) {
          next.reject(err);
          continue;
        }
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);

  // A connection that goes away mid-batch must not keep the session.
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (queue.lastHandlerId === handlerId && inBatch) {
      inBatch = false;
      void queue.processQueue();
    }
  };
}
