import type { KV } from "@nats-io/kv";

/** Mirrors the `job-control` bucket's cancelled jobs in memory, so checking costs nothing per frame. */
export class CancellationWatcher {
  private readonly cancelled = new Set<string>();
  private stopWatch?: () => void;

  async start(kv: KV): Promise<void> {
    const watch = await kv.watch();
    this.stopWatch = () => watch.stop();
    void (async () => {
      for await (const entry of watch) {
        if (entry.operation === "PUT" && entry.string() === "cancelled") this.cancelled.add(entry.key);
        else this.cancelled.delete(entry.key);
      }
    })();
  }

  isCancelled(jobId: string): boolean {
    return this.cancelled.has(jobId);
  }

  stop(): void {
    this.stopWatch?.();
  }
}
