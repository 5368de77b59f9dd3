import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { continuesBatch, pinSessionPerBatch, type QueuedMessage, type SessionQueue } from "./pglite-session.scheduler.js";

const msg = (type: string) => new Uint8Array([type.charCodeAt(0), 0, 0, 0, 4]);

/** A queue shaped like pglite-socket's, over a fake session that logs which connection ran which message. */
function fakeQueue(options: { failOn?: string } = {}) {
  const ran: string[] = [];
  let unnamedOwner: number | undefined;
  const q: SessionQueue & { enqueue(handlerId: number, type: string): Promise<number> } = {
    queue: [],
    processing: false,
    lastHandlerId: null,
    db: {
      isInTransaction: () => false,
      runExclusive: (fn) => fn(),
      execProtocolRawStream: async (message, { onRawData }) => {
        await new Promise((r) => setImmediate(r));
        const type = String.fromCharCode(message[0]);
        const handler = current!.handlerId;
        if (type === options.failOn) throw new Error("boom");
        // The session's one unnamed statement: Parse sets it, Bind needs the caller's own.
        if (type === "P") unnamedOwner = handler;
        if (type === "B" && unnamedOwner !== handler) throw new Error("unnamed prepared statement does not exist");
        ran.push(`${handler}${type}`);
        onRawData(new Uint8Array(1));
      },
    },
    processQueue: async () => undefined,
    clearQueueForHandler(handlerId: number) {
      this.queue = this.queue.filter((m) => m.handlerId !== handlerId);
    },
    // As pglite-socket's enqueue: push, and start processing unless it runs.
    enqueue(handlerId: number, type: string) {
      return new Promise<number>((resolve, reject) => {
        const item: QueuedMessage = {
          handlerId,
          message: msg(type),
          onData: () => undefined,
          resolve,
          reject,
        };
        this.queue.push(item);
        if (!this.processing) void this.processQueue();
      });
    },
  };
  let current: QueuedMessage | undefined;
  // Observe which message runs (the scheduler splices it out before running it).
  const exec = q.db.execProtocolRawStream.bind(q.db);
  q.db.execProtocolRawStream = (message, o) => {
    current = { handlerId: q.lastHandlerId!, message } as QueuedMessage;
    return exec(message, o);
  };
  return { q, ran };
}

/** A client as pg sends one query: Parse, Bind, Execute, Sync, each awaited before the next is sent. */
async function client(q: ReturnType<typeof fakeQueue>["q"], handlerId: number) {
  for (const type of ["P", "B", "E", "S"]) await q.enqueue(handlerId, type);
}

describe("pinSessionPerBatch: one extended-protocol batch at a time on PGlite's one session", () => {
  it("keeps each connection's Parse…Sync together, so no one binds another's unnamed statement", async () => {
    const { q, ran } = fakeQueue();
    pinSessionPerBatch({ queryQueue: q });
    await Promise.all([client(q, 1), client(q, 2), client(q, 3), client(q, 4)]);
    assert.equal(ran.length, 16);
    for (let i = 0; i < ran.length; i += 4) {
      const owner = ran[i][0];
      assert.deepEqual(
        ran.slice(i, i + 4),
        ["P", "B", "E", "S"].map((t) => `${owner}${t}`),
        `batch ${i / 4} ran whole: ${ran.join(" ")}`,
      );
    }
  });

  it("a failing message rejects that message only; the queue goes on", async () => {
    const { q, ran } = fakeQueue({ failOn: "E" });
    pinSessionPerBatch({ queryQueue: q });
    const first = client(q, 1);
    await assert.rejects(first, /boom/);
    await q.enqueue(1, "S");
    await q.enqueue(2, "P");
    await q.enqueue(2, "S");
    assert.deepEqual(ran, ["1P", "1B", "1S", "2P", "2S"]);
  });

  it("refuses a queue it does not know rather than serve interleaved batches", () => {
    assert.throws(() => pinSessionPerBatch({ queryQueue: { queue: [] } }), /electric-sql\/pglite#1046/);
  });

  it("knows where a batch ends", () => {
    assert.equal(continuesBatch(msg("P"), false), true);
    assert.equal(continuesBatch(msg("S"), true), false);
    assert.equal(continuesBatch(msg("Q"), false), false);
    assert.equal(continuesBatch(msg("Q"), true), false);
  });
});
