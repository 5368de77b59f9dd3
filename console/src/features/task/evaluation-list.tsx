import { useQuery } from "urql";
import { graphql } from "../../gql/index.js";

/** How many of the task's newest evaluations the page lists. */
export const EVALUATION_LIST_SIZE = 5;

export const TaskEvaluationsQuery = graphql(`
  query TaskEvaluations($id: ID!, $first: Int!) {
    task(id: $id) {
      id
      evaluations(first: $first) {
        id
        status
        model {
          id
          name
        }
        framesDone
        framesTotal
        meanAp50
        meanAp
        failureCode
        createdAt
      }
    }
  }
`);

const metric = (value: number | null | undefined): string => (value === null || value === undefined ? "–" : value.toFixed(3));

/**
 * The task's newest evaluations (evaluateModel, started from the automatic annotation dialog): model, status and the
 * mean APs. Keyed by the page so that it is read again when asked.
 */
export function EvaluationList({ taskId }: { readonly taskId: string }) {
  const [{ data, error }] = useQuery({
    query: TaskEvaluationsQuery,
    variables: { id: taskId, first: EVALUATION_LIST_SIZE },
    requestPolicy: "cache-and-network",
  });
  if (error) return <p role="alert">The evaluations could not be loaded: {error.message}</p>;
  const evaluations = data?.task?.evaluations;
  if (!evaluations) return null;
  if (!evaluations.length) return <p>No model has been evaluated on this task: use Evaluate in the automatic annotation dialog.</p>;
  return (
    <ol aria-label="Evaluations">
      {evaluations.map((e) => (
        <li key={e.id}>
          <strong>{e.model.name}</strong> {e.status}
          {e.failureCode ? ` (${e.failureCode})` : ""}: {e.framesDone} of {e.framesTotal} frames; mean AP@0.5 {metric(e.meanAp50)}, mean AP{" "}
          {metric(e.meanAp)}
        </li>
      ))}
    </ol>
  );
}
