import { useMutation } from "urql";
import {
  CANCEL_AUTO_ANNOTATION_MUTATION,
  CANCELLABLE_JOB_STATUSES,
  type CancelAutoAnnotationData,
  type CancelAutoAnnotationVariables,
  type JobProgress,
  type JobStatus,
} from "./auto-annotation.api.js";
import { formatDuration } from "./duration.format.js";
import { useJobProgress } from "./job-progress.hook.js";
import { describeServerError } from "./server-error.messages.js";
import { ServerErrorNotice } from "./server-error.notice.js";

const STATUS_TEXT: Readonly<Record<JobStatus, string>> = {
  QUEUED: "Queued",
  RUNNING: "Running",
  COMMITTING: "Saving the annotations",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLING: "Cancelling",
  CANCELLED: "Cancelled",
};

export interface JobProgressBarProps {
  readonly jobId: string;
  /** Once, when COMPLETED, FAILED or CANCELLED arrives: the page reloads the task's annotations. */
  readonly onFinished?: (job: JobProgress) => void;
  /** Delay before subscribing again after the n-th consecutive drop (tests pass 0). */
  readonly retryDelayMs?: (failures: number) => number;
}

/** An automatic-annotation job's progress, pushed by the server, with Cancel while it can be cancelled. */
export function JobProgressBar({ jobId, onFinished, retryDelayMs }: JobProgressBarProps) {
  const { job, error, reconnecting } = useJobProgress(jobId, { onFinished, retryDelayMs });
  const [cancelled, cancel] = useMutation<CancelAutoAnnotationData, CancelAutoAnnotationVariables>(CANCEL_AUTO_ANNOTATION_MUTATION);

  const settled = job ? job.framesDone + job.framesFailed : 0;
  const summary = job
    ? `${STATUS_TEXT[job.status]}: ${job.framesDone} of ${job.framesTotal} frames done${job.framesFailed > 0 ? `, ${job.framesFailed} failed` : ""}`
    : "Connecting…";
  return (
    <section className="job-progress" aria-label="Automatic annotation job">
      <progress
        aria-label="Automatic annotation progress"
        max={job && job.framesTotal > 0 ? job.framesTotal : 1}
        value={job ? settled : undefined}
        aria-valuetext={summary}
      />
      <p role="status">{summary}</p>
      {job && (
        <dl className="job-figures">
          <dt>Frames</dt>
          <dd>
            {job.framesDone} done / {job.framesFailed} failed / {job.framesTotal} total
          </dd>
          <dt>Speed</dt>
          <dd>{job.fps === null ? "–" : `${job.fps.toFixed(1)} frames/s`}</dd>
          <dt>Time left</dt>
          <dd>{job.etaSeconds === null ? "–" : `about ${formatDuration(job.etaSeconds)}`}</dd>
        </dl>
      )}
      {job?.status === "FAILED" && job.failureReason !== null && (
        <p role="alert">
          {job.failureReason} {job.failureCode !== null && <span className="code">({job.failureCode})</span>}
        </p>
      )}
      {reconnecting && <p role="status">Connection lost: reconnecting…</p>}
      {error && <ServerErrorNotice error={describeServerError(error)} />}
      {job && CANCELLABLE_JOB_STATUSES.has(job.status) && (
        <button type="button" disabled={cancelled.fetching} onClick={() => void cancel({ jobId })}>
          {cancelled.fetching ? "Cancelling…" : "Cancel"}
        </button>
      )}
      {cancelled.error && <ServerErrorNotice error={describeServerError(cancelled.error)} />}
    </section>
  );
}
