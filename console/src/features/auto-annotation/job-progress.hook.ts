import { useEffect, useRef, useState } from "react";
import { createRequest, useClient, type CombinedError } from "urql";
import { onEnd, pipe, subscribe } from "wonka";
import {
  AUTO_ANNOTATION_PROGRESS_SUBSCRIPTION,
  TERMINAL_JOB_STATUSES,
  type AutoAnnotationProgressData,
  type AutoAnnotationProgressVariables,
  type JobProgress,
} from "./auto-annotation.api.js";

/** Errors after which subscribing again cannot help. */
const PERMANENT_CODES = new Set(["NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT"]);

/** 0.5 s, 1 s, 2 s … capped at 10 s. */
export const defaultRetryDelayMs = (failures: number): number => Math.min(10_000, 500 * 2 ** Math.max(0, failures - 1));

export interface JobProgressState {
  /** The last state the server sent; kept across reconnects. */
  readonly job: JobProgress | null;
  /** The last error the subscription delivered; cleared by the next update. */
  readonly error: CombinedError | null;
  /** The stream ended before a final state; a new subscription is scheduled. */
  readonly reconnecting: boolean;
}

export interface JobProgressOptions {
  readonly onFinished?: (job: JobProgress) => void;
  readonly retryDelayMs?: (failures: number) => number;
}

/**
 * The job's progress pushed by `autoAnnotationProgress`, which sends the job's state at once and ends after the final
 * one. A stream that ends before that (a dropped connection; a restarting server, which sends SERVICE_UNAVAILABLE
 * and then completes) is subscribed again after a backoff, and the first event brings the current state.
 *
 * The client's executeSubscription is used rather than useSubscription: urql 5's hook does not report that a stream
 * ended (its onEnd sets `fetching` back to true), and ending is what the reconnect hangs on.
 */
export function useJobProgress(
  jobId: string,
  { onFinished, retryDelayMs = defaultRetryDelayMs }: JobProgressOptions = {},
): JobProgressState {
  const client = useClient();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<JobProgressState & { readonly jobId: string }>({ jobId, job: null, error: null, reconnecting: false });
  const finished = useRef<string | null>(null);
  const failures = useRef(0);
  const callbacks = useRef({ onFinished, retryDelayMs });
  useEffect(() => {
    callbacks.current = { onFinished, retryDelayMs };
  });

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let permanent = false;
    const request = createRequest<AutoAnnotationProgressData, AutoAnnotationProgressVariables>(AUTO_ANNOTATION_PROGRESS_SUBSCRIPTION, {
      jobId,
    });
    const subscription = pipe(
      client.executeSubscription<AutoAnnotationProgressData, AutoAnnotationProgressVariables>(request),
      onEnd(() => {
        // onEnd also runs when this effect unsubscribes: only a stream the server ended is retried.
        if (!live || finished.current === jobId || permanent) return;
        failures.current += 1;
        setState((s) => ({ ...s, reconnecting: true }));
        timer = setTimeout(() => setAttempt((a) => a + 1), callbacks.current.retryDelayMs(failures.current));
      }),
      subscribe((result) => {
        if (!live) return;
        const job = result.data?.autoAnnotationProgress;
        if (job) {
          failures.current = 0;
          setState({ jobId, job, error: null, reconnecting: false });
          if (TERMINAL_JOB_STATUSES.has(job.status) && finished.current !== jobId) {
            finished.current = jobId;
            callbacks.current.onFinished?.(job);
          }
        }
        if (result.error) {
          const error = result.error;
          permanent = error.graphQLErrors.some((e) => PERMANENT_CODES.has(String(e.extensions?.code)));
          setState((s) => ({ ...s, error }));
        }
      }),
    );
    return () => {
      live = false;
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [client, jobId, attempt]);

  // A new jobId shows nothing of the previous job's state.
  return state.jobId === jobId ? state : { job: null, error: null, reconnecting: false };
}
