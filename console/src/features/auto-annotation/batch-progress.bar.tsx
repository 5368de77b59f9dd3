import { useEffect, useRef, useState } from "react";
import { createRequest, useClient, type CombinedError } from "urql";
import { pipe, subscribe } from "wonka";
import { AUTO_ANNOTATION_BATCH_PROGRESS_SUBSCRIPTION, type BatchProgress } from "./auto-annotation.api.js";
import { formatDuration } from "./duration.format.js";
import { describeServerError } from "./server-error.messages.js";
import { ServerErrorNotice } from "./server-error.notice.js";

const STATUS_TEXT: Readonly<Record<BatchProgress["status"], string>> = {
  RUNNING: "Running",
  COMPLETED: "Completed",
  PARTIAL: "Partly completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

export interface BatchProgressBarProps {
  /** The batch as startAutoAnnotationBatch returned it: shown until the server's first update. */
  readonly batch: BatchProgress;
  /** Once, when the batch is no longer RUNNING: the page reloads its tasks. */
  readonly onFinished?: (batch: BatchProgress) => void;
}

/** One bar for a whole batch (autoAnnotationBatchProgress): frames over every task, speed, time left, jobs by status. */
export function BatchProgressBar({ batch: initial, onFinished }: BatchProgressBarProps) {
  const client = useClient();
  const [batch, setBatch] = useState<BatchProgress>(initial);
  const [error, setError] = useState<CombinedError | null>(null);
  // As useJobProgress: the client's stream directly (urql 5's useSubscription hides when a stream ends).
  useEffect(() => {
    const request = createRequest(AUTO_ANNOTATION_BATCH_PROGRESS_SUBSCRIPTION, { batchId: initial.id });
    const subscription = pipe(
      client.executeSubscription(request),
      subscribe((result) => {
        const next = result.data?.autoAnnotationBatchProgress;
        if (next) {
          setBatch(next);
          setError(null);
        }
        if (result.error) setError(result.error);
      }),
    );
    return () => subscription.unsubscribe();
  }, [client, initial.id]);
  const finished = useRef(false);
  const finishedCallback = useRef(onFinished);
  useEffect(() => {
    finishedCallback.current = onFinished;
  });
  useEffect(() => {
    if (batch.status === "RUNNING" || finished.current) return;
    finished.current = true;
    finishedCallback.current?.(batch);
  }, [batch]);

  const settled = batch.framesDone + batch.framesFailed;
  const jobsDone = batch.jobs.filter((j) => j.status === "COMPLETED").length;
  const summary = `${STATUS_TEXT[batch.status]}: ${batch.framesDone} of ${batch.framesTotal} frames done${
    batch.framesFailed > 0 ? `, ${batch.framesFailed} failed` : ""
  }; ${jobsDone} of ${batch.jobs.length} tasks completed`;
  return (
    <section className="job-progress" aria-label="Batch of automatic annotation jobs">
      <progress aria-label="Batch progress" max={batch.framesTotal > 0 ? batch.framesTotal : 1} value={settled} aria-valuetext={summary} />
      <p role="status">{summary}</p>
      <dl className="job-figures">
        <dt>Speed</dt>
        <dd>{batch.fps === null || batch.fps === undefined ? "–" : `${batch.fps.toFixed(1)} frames/s`}</dd>
        <dt>Time left</dt>
        <dd>{batch.etaSeconds === null || batch.etaSeconds === undefined ? "–" : `about ${formatDuration(batch.etaSeconds)}`}</dd>
        <dt>Flagged for review</dt>
        <dd>{batch.needsReviewCount}</dd>
      </dl>
      {error && <ServerErrorNotice error={describeServerError(error)} />}
    </section>
  );
}
