/**
 * Why a job FAILED (`AutoAnnotationJob.failureCode`); the reason next to it says it in words.
 * In every case the task's annotations are untouched.
 */
export const JobFailureCode = {
  /** Publishing the job's frames failed while it started. */
  DISPATCH_FAILED: "DISPATCH_FAILED",
  /** The job stayed QUEUED past the staleness threshold: the process queuing its frames stopped. */
  DISPATCH_STALLED: "DISPATCH_STALLED",
  /** The task did not commit the results after every re-sent commit; they were discarded. */
  COMMIT_STALLED: "COMMIT_STALLED",
} as const;
export type JobFailureCode = (typeof JobFailureCode)[keyof typeof JobFailureCode];
