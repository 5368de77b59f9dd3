/**
 * Collects the keys asked for in one tick of resolver execution and loads them with one query
 * (the DataLoader idea, small enough to keep in-house). One instance per request; results are cached.
 */
export class BatchLoader<K, V> {
  private readonly cache = new Map<K, Promise<V>>();
  private pending: K[] = [];
  private waiters = new Map<K, { resolve: (v: V) => void; reject: (e: unknown) => void }>();

  constructor(
    private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly fallback: (key: K) => V,
  ) {}

  load(key: K): Promise<V> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V>((resolve, reject) => this.waiters.set(key, { resolve, reject }));
    this.cache.set(key, promise);
    this.pending.push(key);
    // Dispatch after the current wave of resolvers has queued its keys.
    if (this.pending.length === 1) void Promise.resolve().then(() => process.nextTick(() => void this.dispatch()));
    return promise;
  }

  private async dispatch(): Promise<void> {
    const keys = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = new Map();
    try {
      const values = await this.loadMany(keys);
      for (const key of keys) waiters.get(key)!.resolve(values.has(key) ? values.get(key)! : this.fallback(key));
    } catch (err) {
      for (const key of keys) {
        this.cache.delete(key);
        waiters.get(key)!.reject(err);
      }
    }
  }
}
