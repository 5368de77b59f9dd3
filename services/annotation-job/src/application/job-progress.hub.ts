import type { Logger } from "@prelabel/service-kit";
import type { AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import type { ProgressFeed } from "../messaging/consumers/job-progress.feed.js";

/** A state of the job as one read found it; `seq` grows with every read, so a subscriber can tell a newer one. */
export interface ReadState<T = AutoAnnotationJob> {
  job: T | null;
  seq: number;
}

export interface JobProgressHubOptions<T = AutoAnnotationJob> {
  tenantId: string;
  /** What is read: a job, or a batch (whose state is read whenever one of its jobs changes). */
  jobId: string;
  /** The jobs whose JobProgressed events trigger a read; default: `jobId` alone. */
  listenTo?: readonly string[];
  feed: ProgressFeed;
  /** The tenant's job (another tenant's is null). */
  load: (tenantId: string, jobId: string) => Promise<T | null>;
  /** Safety net for lost live events (core NATS is at-most-once): one re-read per job this often, not per subscriber. */
  pollMs: number;
  logger: Logger;
  /** Called once when the last subscriber left and the hub stopped listening. */
  onIdle: () => void;
}

/**
 * One job's progress for every subscriber of it on this replica (per tenant: another tenant's hub reads null). One
 * feed listener and one poll per job; a JobProgressed event (or the poll) starts one read, and events arriving while
 * a read runs collapse into one more read after it (single flight). Each read's state is offered to all subscribers,
 * who throttle it themselves. A subscriber that joins waits for a read that starts after it joined (its listener
 * already counted), so no change between subscribe and first read is missed; joiners at the same moment share it.
 */
export class JobProgressHub<T = AutoAnnotationJob> {
  private readonly subscribers = new Set<(seq: number) => void>();
  private latest: ReadState<T> = { job: null, seq: 0 };
  private inFlight: Promise<ReadState<T>> | undefined;
  private queued: Promise<ReadState<T>> | undefined;
  private listening: Promise<void> | undefined;
  private stopListening: (() => void) | undefined;
  private poll: NodeJS.Timeout | undefined;
  private closed = false;
  private readCount = 0;

  constructor(private readonly options: JobProgressHubOptions<T>) {}

  /** The last state read (null before the first read, or when the job is not the tenant's). */
  get current(): ReadState<T> {
    return this.latest;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Database reads this hub made (tests count them). */
  get reads(): number {
    return this.readCount;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Adds a subscriber (told the seq of every state read from now on) and returns the state of a read that started
   * after it was added, with the function that removes it. Rejects (after removing it) when listening or the read fails.
   */
  async join(onState: (seq: number) => void): Promise<{ state: ReadState<T>; leave: () => void }> {
    this.subscribers.add(onState);
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      this.subscribers.delete(onState);
      if (this.subscribers.size === 0) this.close();
    };
    try {
      // Listen before reading, so no change between the read and the subscription is missed.
      await this.listen();
      return { state: await this.readAfterNow(), leave };
    } catch (err) {
      leave();
      throw err;
    }
  }

  private listen(): Promise<void> {
    const ids = this.options.listenTo ?? [this.options.jobId];
    this.listening ??= Promise.allSettled(ids.map((id) => this.options.feed.listen(id, () => this.refresh())))
      .then((results) => {
        const stops = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
        const stop = () => stops.forEach((s) => s());
        const failed = results.find((r) => r.status === "rejected");
        if (failed) {
          stop();
          throw failed.reason;
        }
        return stop;
      })
      .then(
        (stop) => {
          if (this.closed) stop();
          else this.stopListening = stop;
          if (!this.closed && !this.poll) {
            this.poll = setInterval(() => this.refresh(), this.options.pollMs);
            this.poll.unref();
          }
        },
        (err: unknown) => {
          // The next joiner tries again.
          this.listening = undefined;
          throw err;
        },
      );
    return this.listening;
  }

  /** A live event or the poll: one read, or a note to read once more after the running one. */
  private refresh(): void {
    if (this.closed) return;
    this.readAfterNow().catch((err: unknown) =>
      this.options.logger.warn(
        { err, jobId: this.options.jobId },
        "could not reload a job for its progress subscribers; will retry on the next event",
      ),
    );
  }

  /** A read that starts now, or (one is running, started before now) the single read queued after it. */
  private readAfterNow(): Promise<ReadState<T>> {
    if (!this.inFlight) return this.startRead();
    this.queued ??= this.inFlight.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.queued;
  }

  private startQueued(): Promise<ReadState<T>> {
    this.queued = undefined;
    return this.startRead();
  }

  private startRead(): Promise<ReadState<T>> {
    this.readCount++;
    const read = this.options.load(this.options.tenantId, this.options.jobId).then((job) => {
      if (job) this.latest = { job, seq: this.latest.seq + 1 };
      const state = job ? this.latest : { job: null, seq: this.latest.seq };
      if (job) for (const subscriber of [...this.subscribers]) subscriber(state.seq);
      return state;
    });
    this.inFlight = read;
    const settle = () => {
      if (this.inFlight === read) this.inFlight = undefined;
    };
    read.then(settle, settle);
    return read;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.stopListening?.();
    this.stopListening = undefined;
    this.options.onIdle();
  }
}
