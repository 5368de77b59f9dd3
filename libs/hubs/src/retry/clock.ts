/** Time as the retry code sees it, so tests can drive it by hand. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A signal that aborts with a `TimeoutError` DOMException after `ms`. */
  timeout(ms: number): AbortSignal;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal!));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
  timeout: (ms) => AbortSignal.timeout(ms),
};

/**
 * What a wait cut short by `signal` rejects with: the signal's reason, as the platform's own waits do (abort() gives an
 * AbortError, AbortSignal.timeout a TimeoutError, both DOMExceptions; our callers abort with Errors). A reason that is
 * not an Error is wrapped (as `cause`), so a rejection is always an Error.
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error("The operation was aborted", { cause: reason });
}
