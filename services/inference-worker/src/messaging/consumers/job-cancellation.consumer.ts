import type { KV } from "@nats-io/kv";

/**
 * Consumes the job-control bucket (Buckets.jobControl), where annotation-job marks a job "cancelled": mirrors the
 * cancelled jobs in memory, so checking costs nothing per frame, and aborts the frames of a job marked while they run.
 */
export class JobCancellationConsumer {
  private readonly cancelled = new Set<string>();
  /** Running frames' abort controllers, by job: a cancel mark aborts them at once. */
  private readonly running = new Map<string, Set<AbortController>>();
  private stopWatch?: () => void;

  /**
   * Resolves once every mark already in the bucket is mirrored, so a worker (re)started after a
   * cancel never runs that job's queued frames; later marks arrive through the same watch.
   */
  async start(kv: KV, onError?: (err: unknown) => void): Promise<void> {
    // The bucket's last revision before watching: once the watch has delivered it, the initial state is in.
    const { messages, last_seq: lastRevision } = (await kv.status()).streamInfo.state;
    const watch = await kv.watch();
    this.stopWatch = () => watch.stop();
    let markLoaded!: () => void;
    const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
    if (messages === 0) markLoaded();
    void (async () => {
      for await (const entry of watch) {
        if (entry.operation === "PUT" && entry.string() === "cancelled") {
          this.cancelled.add(entry.key);
          for (const controller of this.running.get(entry.key) ?? []) controller.abort();
        } else this.cancelled.delete(entry.key);
        if (entry.revision >= lastRevision) markLoaded();
      }
    })()
      // A failing watch must not become an unhandled rejection (which ends the process).
      .catch((err: unknown) => onError?.(err))
      .finally(() => markLoaded());
    await loaded;
  }

  isCancelled(jobId: string): boolean {
    return this.cancelled.has(jobId);
  }

  /** A signal that aborts when `jobId` is cancelled (at once if it already is); `release` when the frame is done. */
  signalFor(jobId: string): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    if (this.cancelled.has(jobId)) controller.abort();
    let set = this.running.get(jobId);
    if (!set) this.running.set(jobId, (set = new Set()));
    set.add(controller);
    return {
      signal: controller.signal,
      release: () => {
        set.delete(controller);
        if (!set.size && this.running.get(jobId) === set) this.running.delete(jobId);
      },
    };
  }

  stop(): void {
    this.stopWatch?.();
  }
}
