import { AppError, ErrorCode, type Logger } from "@prelabel/service-kit";
import type { AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import { isTerminal } from "../domain/job-status.js";
import { systemClock, TrailingThrottle, type TimerClock } from "../domain/throttle.js";
import type { ProgressFeed } from "../messaging/consumers/job-progress.feed.js";
import { JobProgressHub } from "./job-progress.hub.js";
import { LatestValueChannel } from "./latest-value-channel.js";

export interface ProgressStreamSettings {
  /** At most one event per this many ms per subscriber (trailing edge kept). */
  throttleMs: number;
  /** Safety net for lost live events (core NATS is at-most-once): re-read the job this often (once per job, not per subscriber). */
  pollMs: number;
  clock?: TimerClock;
}

/** What a stream streams: a job, or a batch of jobs. */
export interface ProgressKind<T> {
  /** The error for an id that is not the tenant's (or does not exist). */
  notFound(id: string): Error;
  /** A final state is always delivered, and ends the stream. */
  isFinal(state: T): boolean;
  /** Equal signatures: nothing a subscriber sees changed (not delivered again). */
  signature(state: T): string;
  /**
   * The jobs whose JobProgressed events concern `id` (a batch: its jobs, which never change once it is stored); null
   * when it is not the tenant's. Omitted: `id` itself.
   */
  listenTo?(tenantId: string, id: string): Promise<readonly string[] | null>;
}

/**
 * A state's current value at once, then its value as its hub (job-progress.hub.ts) reads it after each JobProgressed
 * of its jobs, throttled per subscriber; the final state is always delivered and ends the stream. The database is read
 * once per watched id per event (and per poll), not per subscriber; subscribing reads once more (shared by subscribers
 * joining together).
 */
export class ProgressStreams<T extends object> {
  private readonly hubs = new Map<string, JobProgressHub<T>>();

  constructor(
    private readonly feed: ProgressFeed,
    /** The tenant's state of that id (another tenant's is null, so it is not found). */
    private readonly load: (tenantId: string, id: string) => Promise<T | null>,
    private readonly settings: ProgressStreamSettings,
    private readonly logger: Logger,
    private readonly kind: ProgressKind<T>,
  ) {}

  /** Jobs with at least one subscriber on this replica. */
  get watchedJobs(): number {
    return this.hubs.size;
  }

  /** Subscribers on this replica (all jobs). */
  get subscriberCount(): number {
    let n = 0;
    for (const hub of this.hubs.values()) n += hub.subscriberCount;
    return n;
  }

  /** The hub of a watched job (tests read its read count); undefined when nobody watches it. */
  hubOf(tenantId: string, jobId: string): JobProgressHub<T> | undefined {
    return this.hubs.get(hubKey(tenantId, jobId));
  }

  async open(tenantId: string, jobId: string): Promise<AsyncIterableIterator<T>> {
    const clock = this.settings.clock ?? systemClock;
    const { kind } = this;
    let listenTo: readonly string[] | undefined;
    if (kind.listenTo && !this.hubs.has(hubKey(tenantId, jobId))) {
      const ids = await kind.listenTo(tenantId, jobId);
      if (!ids) throw kind.notFound(jobId);
      listenTo = ids;
    }
    const hub = this.hubFor(tenantId, jobId, listenTo);
    let lastSignature: string | undefined;
    let finished = false;
    let leave: (() => void) | undefined;

    const finish = () => {
      if (finished) return;
      finished = true;
      throttle.close();
      leave?.();
    };
    const channel = new LatestValueChannel<T>(finish);

    const deliver = (job: T) => {
      const signature = kind.signature(job);
      if (signature === lastSignature) return;
      lastSignature = signature;
      const final = kind.isFinal(job);
      channel.push(job, final);
      if (final) finish();
    };
    // Hub reads are sequential, so its current state is the newest read: a fire delivers that.
    const throttle = new TrailingThrottle(
      this.settings.throttleMs,
      () => {
        const { job } = hub.current;
        if (job && !finished) deliver(job);
      },
      clock,
    );
    // States read before the initial one is delivered only raise the mark.
    let started = false;
    let newestSeen = 0;
    const onState = (seq: number) => {
      if (started) throttle.trigger();
      else newestSeen = Math.max(newestSeen, seq);
    };

    let initialSeq: number;
    try {
      const joined = await hub.join(onState);
      leave = joined.leave;
      if (!joined.state.job) throw kind.notFound(jobId);
      initialSeq = joined.state.seq;
      deliver(joined.state.job);
    } catch (err) {
      finish();
      throw err;
    }
    started = true;
    // The initial state counts as an emission: the next one waits out the interval after it.
    throttle.markFired();
    if (!finished && Math.max(newestSeen, hub.current.seq) > initialSeq) throttle.trigger();
    return channel;
  }

  private hubFor(tenantId: string, jobId: string, listenTo: readonly string[] | undefined): JobProgressHub<T> {
    const key = hubKey(tenantId, jobId);
    let hub = this.hubs.get(key);
    if (!hub) {
      const created: JobProgressHub<T> = new JobProgressHub<T>({
        tenantId,
        jobId,
        listenTo,
        feed: this.feed,
        load: this.load,
        pollMs: this.settings.pollMs,
        logger: this.logger,
        onIdle: () => {
          if (this.hubs.get(key) === created) this.hubs.delete(key);
        },
      });
      this.hubs.set(key, created);
      hub = created;
    }
    return hub;
  }
}

/**
 * autoAnnotationProgress: the job now, then as it progresses; its final state (COMPLETED, FAILED, CANCELLED) ends it.
 */
export class JobProgressStreams extends ProgressStreams<AutoAnnotationJob> {
  constructor(
    feed: ProgressFeed,
    /** The tenant's job (another tenant's is null, so it is not found). */
    load: (tenantId: string, jobId: string) => Promise<AutoAnnotationJob | null>,
    settings: ProgressStreamSettings,
    logger: Logger,
  ) {
    super(feed, load, settings, logger, {
      notFound: (jobId) => new AppError(ErrorCode.NotFound, `Auto-annotation job ${jobId} was not found.`, { jobId }),
      isFinal: (job) => isTerminal(job.status),
      signature: jobSignature,
    });
  }
}

function hubKey(tenantId: string, jobId: string): string {
  return `${tenantId}\u0000${jobId}`;
}

export function jobSignature(job: AutoAnnotationJob): string {
  return [job.status, job.framesDone, job.framesFailed, job.droppedAttributeValues, job.unmappedDetections, job.updatedAt.getTime()].join(
    "|",
  );
}
