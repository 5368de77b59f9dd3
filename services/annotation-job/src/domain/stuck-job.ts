import type { JobStatus } from "./job-status.js";

/** Statuses a job can be stuck in that the sweeper knows how to drive on (RUNNING waits on workers, not on us). */
export const SWEEPABLE_STATUSES: readonly JobStatus[] = ["QUEUED", "COMMITTING", "CANCELLING"];

export interface StuckJobPolicy {
  /** Re-sent commits before the sweeper gives up on a COMMITTING job and discards its results. */
  maxCommitRedrives: number;
}

/**
 * What to do with a job that has not changed for longer than the staleness threshold:
 * - QUEUED: whoever was queuing its frames stopped (the dispatch heartbeat stopped): fail it; the
 *   frames cannot be re-listed safely (the task may have changed), and a new start is one click.
 * - COMMITTING: re-send the commit (the task applies a job at most once); after `maxCommitRedrives`,
 *   ask the task to discard instead (it then answers discarded → FAILED, or committed → COMPLETED if
 *   the commit got through after all: the task decides atomically, nothing is half-written).
 * - CANCELLING: re-send the cancel mark and the discard (both idempotent).
 * `attempt` numbers the re-send, so its message id is new each time (a lost command is not hidden by
 * the stream's duplicate window) while two sweepers sending the same attempt collapse into one.
 */
export type StuckJobAction =
  | { kind: "fail-dispatch" }
  | { kind: "resend-commit"; attempt: number }
  | { kind: "discard-stalled-commit"; attempt: number }
  | { kind: "resend-discard"; attempt: number };

export function stuckJobAction(job: { status: JobStatus; redriveCount: number }, policy: StuckJobPolicy): StuckJobAction | undefined {
  const attempt = job.redriveCount + 1;
  switch (job.status) {
    case "QUEUED":
      return { kind: "fail-dispatch" };
    case "COMMITTING":
      return attempt <= policy.maxCommitRedrives ? { kind: "resend-commit", attempt } : { kind: "discard-stalled-commit", attempt };
    case "CANCELLING":
      return { kind: "resend-discard", attempt };
    default:
      return undefined;
  }
}
