import { useEffect, useState } from "react";
import { createRequest, useClient } from "urql";
import { filter, pipe, take, toPromise } from "wonka";
import {
  ANNOTATION_PAGE_SIZE,
  FrameAnnotationsQuery,
  type Annotation,
  type FrameAnnotationsResult,
  type FrameAnnotationsVariables,
} from "./task.api.js";

/** At most this many pages (× ANNOTATION_PAGE_SIZE shapes) are drawn for one frame; the rest is reported, not fetched. */
export const MAX_ANNOTATION_PAGES = 100;

export interface FrameAnnotationsState {
  fetching: boolean;
  annotations: Annotation[];
  error: string | null;
  /** True when the frame has more shapes than MAX_ANNOTATION_PAGES pages. */
  truncated: boolean;
}

/**
 * Every annotation of one frame, following the connection's pages. `version` refetches (the page passes the newest
 * finished job's id, so shapes a job just committed appear without a reload).
 */
export function useFrameAnnotations(taskId: string, frame: number | null, version = ""): FrameAnnotationsState {
  const client = useClient();
  const [state, setState] = useState<FrameAnnotationsState>({
    fetching: false,
    annotations: [],
    error: null,
    truncated: false,
  });

  useEffect(() => {
    if (frame === null) return;
    let cancelled = false;
    setState((s) => ({ ...s, fetching: true, error: null }));
    void (async () => {
      const annotations: Annotation[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_ANNOTATION_PAGES; page++) {
        const variables: FrameAnnotationsVariables = { id: taskId, frame, first: ANNOTATION_PAGE_SIZE, after };
        const result = await pipe(
          client.executeQuery<FrameAnnotationsResult, FrameAnnotationsVariables>(createRequest(FrameAnnotationsQuery, variables), {
            requestPolicy: "network-only",
          }),
          // A query's source never ends (it keeps listening to the cache) and wonka's toPromise waits for the end:
          // take the first settled result, as urql's own OperationResultSource.toPromise does.
          filter((r) => !r.stale && !r.hasNext),
          take(1),
          toPromise,
        );
        if (cancelled) return;
        const connection = result.data?.task?.annotations;
        if (result.error || !connection) {
          setState({
            fetching: false,
            annotations,
            error: result.error?.message ?? "The task no longer exists",
            truncated: false,
          });
          return;
        }
        annotations.push(...connection.edges.map((e) => e.node));
        if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) {
          setState({ fetching: false, annotations, error: null, truncated: false });
          return;
        }
        after = connection.pageInfo.endCursor;
      }
      if (!cancelled) setState({ fetching: false, annotations, error: null, truncated: true });
    })();
    return () => {
      cancelled = true;
    };
  }, [client, taskId, frame, version]);

  return state;
}
