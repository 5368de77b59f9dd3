import type { ConsumerMessages } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/transport-node";
import { Header, type Messaging } from "@prelabel/messaging";
import { FrameFailedSchema, FrameInferredSchema, fromBinary, Streams, type FrameFailed, type FrameInferred } from "@prelabel/proto";

/** One frame's outcome as a worker published it: exactly one of `inferred` and `failed` is set. */
export interface FrameOutcome {
  msgId: string;
  type: string;
  subject: string;
  jobId: string;
  frame: number;
  workerId: string;
  inferred?: FrameInferred;
  failed?: FrameFailed;
  /** Stream sequence, for stored outcomes. */
  seq?: number;
  /** When the test read it (performance.now()). */
  at: number;
}

/** A FrameInferred or FrameFailed message, by its type header; anything else on the outcome subjects is an error. */
export function toOutcome(subject: string, headers: MsgHdrs | undefined, data: Uint8Array, seq?: number): FrameOutcome {
  const type = headers?.get(Header.type) ?? "";
  const base = { msgId: headers?.get(Header.msgId) ?? "", type, subject, seq, at: performance.now() };
  if (type === FrameInferredSchema.typeName) {
    const inferred = fromBinary(FrameInferredSchema, data);
    return { ...base, jobId: inferred.jobId, frame: inferred.frame, workerId: inferred.workerId, inferred };
  }
  if (type === FrameFailedSchema.typeName) {
    const failed = fromBinary(FrameFailedSchema, data);
    return { ...base, jobId: failed.jobId, frame: failed.frame, workerId: failed.workerId, failed };
  }
  throw new Error(`unexpected message type "${type}" on ${subject}`);
}

/** Outcomes as they arrive, with waiting on a condition. */
export class OutcomeLog {
  readonly all: FrameOutcome[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(readonly name: string) {}

  push(o: FrameOutcome): void {
    this.all.push(o);
    for (const listener of [...this.listeners]) listener();
  }

  of(jobId: string, frame?: number): FrameOutcome[] {
    return this.all.filter((o) => o.jobId === jobId && (frame === undefined || o.frame === frame));
  }

  async until(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
    if (done()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what} (${this.all.length} outcomes so far)`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }
}

/**
 * Logs every outcome stored in the events stream (Streams.annotationEvents), read with an ordered consumer as
 * annotation-job would get them; close the returned messages when done.
 */
export async function logStoredOutcomes(client: Messaging, log: OutcomeLog): Promise<ConsumerMessages> {
  const messages = await (await client.js.consumers.get(client.ns.stream(Streams.annotationEvents))).consume();
  void (async () => {
    for await (const m of messages) log.push(toOutcome(m.subject, m.headers, m.data, m.seq));
  })();
  await client.nc.flush();
  return messages;
}
