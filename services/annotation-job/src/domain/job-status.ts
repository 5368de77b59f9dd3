/**
 * A job's life:
 *
 *   QUEUED ──dispatched──▶ RUNNING ──allFramesSettled──▶ COMMITTING ──committed──▶ COMPLETED
 *     │                      │                               │
 *     │                      │                               └──discarded──▶ FAILED (COMMIT_STALLED)
 *     ├──cancelRequested─────┴──▶ CANCELLING ──discarded──▶ CANCELLED
 *     └──dispatchFailed──▶ FAILED   (also from RUNNING; the sweeper fails a stale QUEUED job this way)
 *
 * COMMITTING cannot be cancelled: the task is already applying the results. Only the stuck-job
 * sweeper discards a COMMITTING job's results, after its re-sent commits went unanswered. Cancelling an already
 * CANCELLING job is accepted (idempotent) so a client can retry a cancel whose side effects failed.
 */

export const JobStatuses = ["QUEUED", "RUNNING", "COMMITTING", "COMPLETED", "FAILED", "CANCELLING", "CANCELLED"] as const;
export type JobStatus = (typeof JobStatuses)[number];

export type JobEvent = "dispatched" | "dispatchFailed" | "allFramesSettled" | "cancelRequested" | "committed" | "discarded";

/** Statuses under which a task counts as busy: the partial unique index lists exactly these. */
export const ACTIVE_STATUSES: readonly JobStatus[] = ["QUEUED", "RUNNING", "COMMITTING", "CANCELLING"];
export const TERMINAL_STATUSES: readonly JobStatus[] = ["COMPLETED", "FAILED", "CANCELLED"];

const TRANSITIONS: Readonly<Record<JobStatus, Partial<Record<JobEvent, JobStatus>>>> = {
  QUEUED: { dispatched: "RUNNING", dispatchFailed: "FAILED", cancelRequested: "CANCELLING" },
  RUNNING: { allFramesSettled: "COMMITTING", cancelRequested: "CANCELLING", dispatchFailed: "FAILED" },
  COMMITTING: { committed: "COMPLETED", discarded: "FAILED" },
  CANCELLING: { cancelRequested: "CANCELLING", discarded: "CANCELLED" },
  COMPLETED: {},
  FAILED: {},
  CANCELLED: {},
};

/** The status after `event`, or undefined when the event does not apply in `from`. */
export function nextStatus(from: JobStatus, event: JobEvent): JobStatus | undefined {
  return TRANSITIONS[from][event];
}

export function isActive(status: JobStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** What to do with a frame outcome that arrives while the job is in `status`. */
export type OutcomeDisposition = "record" | "retry-later" | "drop";

export function outcomeDisposition(status: JobStatus): OutcomeDisposition {
  if (status === "RUNNING") return "record";
  // Frames are published while the job is still QUEUED; a fast worker may answer before RUNNING is stored.
  if (status === "QUEUED") return "retry-later";
  return "drop";
}
