/** A message the server redelivers after ack_wait unless told it is still being worked on (JetStream's JsMsg). */
export interface InProgressTarget {
  /** An in-progress ack (`+WPI`): the server restarts the message's ack_wait. */
  working(): void;
}

/** The longest pause between in-progress acks, whatever the consumer's ack_wait. */
export const MAX_HEARTBEAT_MS = 5_000;

/** A third of ack_wait (at most 5 s), so one lost beat still leaves the message ours. */
export function heartbeatIntervalMs(ackWaitMs: number | undefined): number {
  if (!ackWaitMs || !Number.isFinite(ackWaitMs) || ackWaitMs <= 0) return MAX_HEARTBEAT_MS;
  return Math.max(100, Math.min(MAX_HEARTBEAT_MS, Math.floor(ackWaitMs / 3)));
}

/**
 * Sends in-progress acks every `intervalMs` until stopped, so a handler that legitimately runs past ack_wait
 * (a frame's inference within a long budget) is not redelivered to another worker while it still runs.
 * A beat that cannot be sent (connection closing) is skipped: the outcome or the redelivery settles the message.
 */
export function keepInProgress(target: InProgressTarget, intervalMs: number): { stop(): void } {
  const timer = setInterval(() => {
    try {
      target.working();
    } catch {
      // Closed connection: nothing to keep alive any more.
    }
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}
