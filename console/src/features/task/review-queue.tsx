import { useId, useState } from "react";
import { useMutation, useQuery } from "urql";
import { describeServerError, type ServerErrorView } from "../auto-annotation/server-error.messages.js";
import { ServerErrorNotice } from "../auto-annotation/server-error.notice.js";
import { formatScore } from "./shape-layer.js";
import { REVIEW_PAGE_SIZE, ResolveReviewMutation, ReviewQueueQuery, type ReviewDecision, type ReviewItem } from "./task.api.js";

export interface ReviewQueueProps {
  readonly taskId: string;
  /** After results were accepted or rejected: the page shows the task's annotations again. */
  readonly onResolved?: () => void;
}

const itemName = (item: ReviewItem): string =>
  `${item.label.name} ${item.type.toLowerCase()} on frame ${item.frame}, score ${formatScore(item.score ?? null)}`;

/**
 * The task's review queue (results a run flagged under its "flag for review below"), lowest score first, a page at a
 * time: select some, then Accept (they stay, unflagged) or Reject (they are deleted). The queue is read again after.
 */
export function ReviewQueue({ taskId, onResolved }: ReviewQueueProps) {
  const id = useId();
  // The cursors of the pages before the one shown (Previous pops one); null: the first page.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState("");
  const [error, setError] = useState<ServerErrorView | null>(null);
  const [{ data, fetching, error: loadError }, reexecute] = useQuery({
    query: ReviewQueueQuery,
    variables: { id: taskId, first: REVIEW_PAGE_SIZE, after },
    // A resolution (here or by another client) or a run changes the queue: read the server's, not the cache's.
    requestPolicy: "cache-and-network",
  });
  const [resolving, resolveReview] = useMutation(ResolveReviewMutation);

  const queue = data?.task?.reviewQueue;
  const nodes = queue?.nodes ?? [];
  const chosen = nodes.filter((n) => selected.has(n.id));
  const allChosen = nodes.length > 0 && chosen.length === nodes.length;

  const toggle = (itemId: string, on: boolean): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(itemId);
      else next.delete(itemId);
      return next;
    });

  const resolve = async (decision: ReviewDecision): Promise<void> => {
    if (!chosen.length) return;
    setError(null);
    setStatus("");
    const result = await resolveReview({ taskId, ids: chosen.map((n) => n.id), decision });
    if (result.error) {
      setError(describeServerError(result.error));
      // Someone else resolved or edited some of them: the queue shown is stale.
      if (result.error.graphQLErrors[0]?.extensions?.code === "NOT_FLAGGED_FOR_REVIEW") {
        setSelected(new Set());
        reexecute({ requestPolicy: "network-only" });
      }
      return;
    }
    const outcome = result.data?.resolveReview;
    if (!outcome) return;
    const done = decision === "ACCEPT" ? `Accepted ${outcome.accepted}` : `Rejected ${outcome.rejected}`;
    setStatus(`${done}; ${outcome.remaining} left to review.`);
    setSelected(new Set());
    // Resolved items leave the queue: start again from its first page.
    setCursors([null]);
    reexecute({ requestPolicy: "network-only" });
    onResolved?.();
  };

  if (loadError) return <p role="alert">The review queue could not be loaded: {loadError.message}</p>;
  if (!queue) return fetching ? <p role="status">Loading the review queue…</p> : null;
  return (
    <div className="review-queue">
      <p role="status">{status}</p>
      {queue.totalCount === 0 ? (
        <p>Nothing to review: no result of a run with &quot;Flag for review below&quot; is waiting.</p>
      ) : (
        <>
          <p id={`${id}-summary`}>
            {queue.totalCount} {queue.totalCount === 1 ? "result" : "results"} to review, lowest score first.
          </p>
          <table aria-describedby={`${id}-summary`}>
            <caption className="visually-hidden">Results flagged for review</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select every result on this page"
                    checked={allChosen}
                    onChange={(e) => setSelected(e.target.checked ? new Set(nodes.map((n) => n.id)) : new Set())}
                  />
                </th>
                <th scope="col">Frame</th>
                <th scope="col">Label</th>
                <th scope="col">Type</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((item) => (
                <tr key={item.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${itemName(item)}`}
                      checked={selected.has(item.id)}
                      onChange={(e) => toggle(item.id, e.target.checked)}
                    />
                  </td>
                  <td>{item.frame}</td>
                  <td>{item.label.name}</td>
                  <td>{item.type.toLowerCase()}</td>
                  <td>{formatScore(item.score ?? null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" disabled={!chosen.length || resolving.fetching} onClick={() => void resolve("ACCEPT")}>
              Accept selected ({chosen.length})
            </button>
            <button type="button" className="danger" disabled={!chosen.length || resolving.fetching} onClick={() => void resolve("REJECT")}>
              Reject selected ({chosen.length})
            </button>
            <button
              type="button"
              disabled={cursors.length < 2}
              onClick={() => {
                setSelected(new Set());
                setCursors((c) => c.slice(0, -1));
              }}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={!queue.hasNextPage || !queue.endCursor}
              onClick={() => {
                const next = queue.endCursor;
                if (!next) return;
                setSelected(new Set());
                setCursors((c) => [...c, next]);
              }}
            >
              Next page
            </button>
          </div>
        </>
      )}
      {error && <ServerErrorNotice error={error} />}
    </div>
  );
}
