import { AppError, ErrorCode, type Logger } from "@prelabel/service-kit";
import type { AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import { isTerminal } from "../domain/job-status.js";
import { systemClock, TrailingThrottle, type TimerClock } from "../domain/throttle.js";
import type { ProgressFeed } from "../messaging/consumers/job-progress.feed.js";
import { LatestValueChannel } from "./latest-value-channel.js";

export interface ProgressStreamSettings {
  /** At most one event per this many ms per subscriber (trailing edge kept). */
  throttleMs: number;
  /** Safety net for lost live events (core NATS is at-most-once): re-read the job this often. */
  pollMs: number;
  clock?: TimerClock;
}

/**
 * autoAnnotationProgress: the job's current state at once, then its state re-read from the
 * database whenever a JobProgressed for it arrives, throttled per subscriber; the final state
 * (COMPLETED, FAILED, CANCELLED) is always delivered and ends the stream.
 */
export class JobProgressStreams {
  constructor(
    private readonly feed: ProgressFeed,
    /** The tenant's job (another tenant's is null, so it is not found). */
    private readonly load: (tenantId: string, jobId: string) => Promise<AutoAnnotationJob | null>,
    private readonly settings: ProgressStreamSettings,
    private readonly logger: Logger,
  ) {}

  async open(tenantId: string, jobId: string): Promise<AsyncIterableIterator<AutoAnnotationJob>> {
    const clock = this.settings.clock ?? systemClock;
    let lastSignature: string | undefined;
    let finished = false;
    let chain: Promise<void> = Promise.resolve();
    let stopListening: (() => void) | undefined;
    let poll: NodeJS.Timeout | undefined;

    const finish = () => {
      if (finished) return;
      finished = true;
      throttle.close();
      if (poll) clearInterval(poll);
      stopListening?.();
    };
    const channel = new LatestValueChannel<AutoAnnotationJob>(finish);

    const deliver = (job: AutoAnnotationJob) => {
      const signature = signatureOf(job);
      if (signature === lastSignature) return;
      lastSignature = signature;
      const final = isTerminal(job.status);
      channel.push(job, final);
      if (final) finish();
    };
    // Reads are chained so states are delivered in the order they were read.
    const emitLatest = () => {
      chain = chain.then(async () => {
        if (finished) return;
        try {
          const job = await this.load(tenantId, jobId);
          if (job && !finished) deliver(job);
        } catch (err) {
          this.logger.warn({ err, jobId }, "could not reload a job for its progress subscription; will retry on the next event");
        }
      });
    };
    const throttle = new TrailingThrottle(this.settings.throttleMs, emitLatest, clock);
    // Events that arrive before the initial state is delivered only leave a note.
    let started = false;
    let missedEvent = false;
    const onEvent = () => {
      if (started) throttle.trigger();
      else missedEvent = true;
    };

    try {
      // Listen before reading, so no change between the read and the subscription is missed.
      stopListening = await this.feed.listen(jobId, onEvent);
      const initial = await this.load(tenantId, jobId);
      if (!initial) throw new AppError(ErrorCode.NotFound, `Auto-annotation job ${jobId} was not found.`, { jobId });
      deliver(initial);
    } catch (err) {
      finish();
      throw err;
    }
    started = true;
    // The initial state counts as an emission: the next one waits out the interval after it.
    throttle.markFired();
    if (missedEvent) throttle.trigger();
    if (!finished) {
      poll = setInterval(() => throttle.trigger(), this.settings.pollMs);
      poll.unref();
    }
    return channel;
  }
}

function signatureOf(job: AutoAnnotationJob): string {
  return [job.status, job.framesDone, job.framesFailed, job.droppedAttributeValues, job.unmappedDetections, job.updatedAt.getTime()].join(
    "|",
  );
}
