import { isFrameObjectName } from "../domain/frame-object.js";
import type { FrameObjectRepository } from "../persistence/frame-object.repository.js";
import type { FrameStore } from "../persistence/frame.store.js";

export interface FrameSweepReport {
  /** Frame objects found in the bucket. */
  listed: number;
  /** Claims of imports that died, removed. */
  expiredClaims: number;
  /** Objects removed because nothing referenced them. */
  removed: string[];
  /** Objects that could not be removed this time (reported through onError). */
  failed: number;
}

/**
 * Removes frame bytes nothing references. Rows go first (in their own transaction), bytes after,
 * so a crash in between leaves an orphan object, never a row without bytes; `sweep` finds orphans.
 * Every removal re-checks references under the object's exclusive lock, so running it twice, or on
 * several replicas at once, removes each orphan once and nothing else.
 */
export class FrameObjectCollector {
  constructor(
    private readonly objects: Pick<FrameObjectRepository, "expireClaims" | "unreferenced" | "removeIfUnreferenced">,
    private readonly store: Pick<FrameStore, "list" | "delete">,
    /** A removal that failed (NATS down…): the bytes stay until the next sweep. */
    private readonly onError: (err: unknown, objectName: string) => void = () => undefined,
  ) {}

  /** Removes each of `names` that nothing references any more; returns those removed. Never throws. */
  async collect(names: Iterable<string>): Promise<string[]> {
    return (await this.removeUnreferenced(names)).removed;
  }

  /** Expires dead imports' claims, then removes every frame object of the bucket nothing references. Idempotent. */
  async sweep(): Promise<FrameSweepReport> {
    const expired = await this.objects.expireClaims();
    const names = (await this.store.list()).filter(isFrameObjectName);
    const candidates = await this.objects.unreferenced(names);
    const { removed, failed } = await this.removeUnreferenced(candidates);
    return { listed: names.length, expiredClaims: expired.length, removed, failed };
  }

  private async removeUnreferenced(names: Iterable<string>): Promise<{ removed: string[]; failed: number }> {
    const removed: string[] = [];
    let failed = 0;
    for (const name of new Set(names)) {
      try {
        if (await this.objects.removeIfUnreferenced(name, () => this.store.delete(name))) removed.push(name);
      } catch (err) {
        failed += 1;
        this.onError(err, name);
      }
    }
    return { removed, failed };
  }
}
