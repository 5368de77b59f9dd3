import { JetStreamApiError } from "@nats-io/jetstream";
import { Header, type Messaging } from "@prelabel/messaging";
import { Consumers, Contracts, FrameFailureCode, fromBinary, InferFrameSchema } from "@prelabel/proto";
import { messageTenant, type Logger } from "@prelabel/service-kit";
import type { JobOutcomeService, OutcomeResult } from "../../application/job-outcome.service.js";

/** The JetStream advisory (io.nats.jetstream.advisory.v1.max_deliver) sent when a message used up its deliveries. */
export interface MaxDeliveriesAdvisory {
  type: string;
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

/** What became of a dead frame: failed now, already settled (duplicate or dropped), or left for later. */
export type DeadFrameResult = { seq: number; jobId?: string; frame?: number; result: OutcomeResult["kind"] | "gone" | "foreign" };

type Subscription = ReturnType<Messaging["nc"]["subscribe"]>;

/** The server's "no message found" (JSStreamMsgDeleteFailed / JSNoMessageFoundErr): someone else deleted it first. */
const NO_MESSAGE = 10037;
const DELETE_FAILED = 10057;

/**
 * Turns frames the workers' consumer gave up on (max_deliver reached: every worker that took the frame
 * crashed or timed out) into FAILED frame outcomes, so their job still ends.
 *
 * - Live: a core-NATS subscription, in queue group `annotation-job`, to the consumer's max-deliveries
 *   advisory. One replica gets each advisory.
 * - Reconciliation (`reconcile`, run by the stuck-job sweeper): advisories are fire-and-forget, so one sent
 *   while no replica listened is lost. nats-server 2.9 shows no delivery counts, but a work-queue stream
 *   keeps a message until it is acked, and a dead message leaves the consumer's pending set. So when the
 *   consumer has nothing pending (num_ack_pending 0), every message of its subject up to the last delivered
 *   stream sequence is dead.
 *
 * Either way: read the InferFrame by stream sequence, record `FrameFailureCode.FRAME_UNPROCESSABLE` through
 * `JobOutcomeService.recordOutcome` (stored once per (job, frame), so a repeated advisory, two replicas
 * or a worker's late outcome cannot count a frame twice; the first outcome wins), then delete the message
 * so it cannot come back. A crash between the two leaves the message for the next reconciliation, which
 * finds the outcome already stored and only deletes it.
 */
export class FrameDeliveryWatcher {
  private subscription?: Subscription;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly messaging: Pick<Messaging, "nc" | "jsm" | "ns">,
    private readonly outcomes: Pick<JobOutcomeService, "recordOutcome">,
    private readonly logger: Logger,
    /** At most this many dead messages are read per reconciliation (the rest wait for the next one). */
    private readonly reconcileBatch = 500,
  ) {}

  get stream(): string {
    return this.messaging.ns.stream(Consumers.inferFrames.stream);
  }

  /** `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<namespaced stream>.<durable>` of the workers' consumer (`Consumers.inferFrames`). */
  get advisorySubject(): string {
    return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${this.stream}.${Consumers.inferFrames.durable}`;
  }

  /** Subscribes to the advisory; resolves once the server routes it to us. */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.subscription = this.messaging.nc.subscribe(this.advisorySubject, {
      queue: "annotation-job",
      callback: (err, msg) => {
        if (err) return;
        let advisory: MaxDeliveriesAdvisory;
        try {
          advisory = msg.json<MaxDeliveriesAdvisory>();
        } catch (e) {
          this.logger.warn({ err: e }, "unreadable max-deliveries advisory ignored");
          return;
        }
        const p = this.onAdvisory(advisory)
          .catch((e: unknown) => this.logger.error({ err: e, advisory }, "could not fail a dead frame; the reconciliation will"))
          .finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      },
    });
    await this.messaging.nc.flush();
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  async onAdvisory(advisory: MaxDeliveriesAdvisory): Promise<DeadFrameResult> {
    const seq = Number(advisory.stream_seq);
    if (advisory.stream !== this.stream || advisory.consumer !== Consumers.inferFrames.durable || !Number.isSafeInteger(seq) || seq < 1) {
      return { seq, result: "foreign" };
    }
    return this.failDeadFrame(seq, Number(advisory.deliveries) || undefined);
  }

  /**
   * The periodic catch-up for advisories nobody received: fails every dead frame when the consumer has
   * nothing pending (otherwise the delivered messages still in the stream may be in a worker's hands, and
   * the next sweep looks again). Returns what it did.
   */
  async reconcile(): Promise<DeadFrameResult[]> {
    const info = await this.messaging.jsm.consumers.info(this.stream, Consumers.inferFrames.durable);
    if (info.num_ack_pending > 0) {
      this.logger.debug({ ackPending: info.num_ack_pending }, "frames in flight: dead-frame reconciliation waits for the next sweep");
      return [];
    }
    const lastDelivered = info.delivered.stream_seq;
    const maxDeliver = info.config.max_deliver !== undefined && info.config.max_deliver > 0 ? info.config.max_deliver : undefined;
    const subject = this.messaging.ns.subject(Contracts.inferFrame.subject);
    const done: DeadFrameResult[] = [];
    let seq = 1;
    while (seq <= lastDelivered && done.length < this.reconcileBatch) {
      // next_by_subj (nats-server ≥ 2.9): the first message of the subject at or after `seq`.
      const msg = await this.messaging.jsm.streams.getMessage(this.stream, { seq, next_by_subj: subject } as unknown as { seq: number });
      if (!msg || msg.seq > lastDelivered) break;
      done.push(await this.failDeadFrame(msg.seq, maxDeliver));
      seq = msg.seq + 1;
    }
    if (done.length) this.logger.warn({ frames: done }, "dead frames found by reconciliation");
    return done;
  }

  private async failDeadFrame(seq: number, deliveries?: number): Promise<DeadFrameResult> {
    const msg = await this.messaging.jsm.streams.getMessage(this.stream, { seq });
    if (!msg) return { seq, result: "gone" };
    if (msg.header?.get(Header.type) !== Contracts.inferFrame.schema.typeName) {
      await this.deleteMessage(seq);
      return { seq, result: "foreign" };
    }
    let frame;
    try {
      frame = fromBinary(InferFrameSchema, msg.data);
    } catch {
      await this.deleteMessage(seq);
      return { seq, result: "foreign" };
    }
    const ids = { jobId: frame.jobId, frame: frame.frame };
    const times = deliveries ? `${deliveries} times` : "the maximum number of times";
    const outcome = await this.outcomes.recordOutcome({
      ...ids,
      tenantId: messageTenant(frame.tenantId),
      succeeded: false,
      code: FrameFailureCode.FRAME_UNPROCESSABLE,
      reason: `delivered ${times}; every worker that took it crashed or timed out`,
      workerId: null,
    });
    // A job still QUEUED takes outcomes later: keep the message for the next reconciliation.
    if (outcome.kind === "retry") return { seq, ...ids, result: outcome.kind };
    await this.deleteMessage(seq);
    this.logger.warn({ ...ids, seq, deliveries, result: outcome.kind }, "frame no worker could finish: failed");
    return { seq, ...ids, result: outcome.kind };
  }

  private async deleteMessage(seq: number): Promise<void> {
    try {
      await this.messaging.jsm.streams.deleteMessage(this.stream, seq, false);
    } catch (err) {
      if (err instanceof JetStreamApiError && (err.code === DELETE_FAILED || err.code === NO_MESSAGE)) return;
      throw err;
    }
  }
}
