import { Link } from "react-router";
import { useQuery } from "urql";
import { graphql } from "../gql/index.js";
import type { TasksQuery as TasksQueryResult } from "../gql/graphql.js";

/** How many tasks one page lists (newest first); the rest are counted, not fetched. */
export const TASKS_PAGE_SIZE = 50;

export const TasksQuery = graphql(`
  query Tasks($first: Int!) {
    tasks(first: $first) {
      totalCount
      edges {
        node {
          id
          name
          size
          labels {
            id
          }
          autoAnnotationJobs(first: 1) {
            id
            status
          }
        }
      }
    }
  }
`);

/** `/`: the tasks, newest first, each with its size, label count and last job's status. */
export function TasksPage() {
  const [{ data, fetching, error }] = useQuery({ query: TasksQuery, variables: { first: TASKS_PAGE_SIZE } });
  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Tasks</h2>
      {fetching && !data ? <p role="status">Loading tasks…</p> : null}
      {error ? <p role="alert">Could not load the tasks: {error.message}</p> : null}
      {data ? <TaskTable connection={data.tasks} /> : null}
    </section>
  );
}

type TaskConnection = TasksQueryResult["tasks"];

function TaskTable({ connection }: { connection: TaskConnection }) {
  if (connection.edges.length === 0) return <p>No tasks yet.</p>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Frames</th>
            <th scope="col">Labels</th>
            <th scope="col">Last job</th>
          </tr>
        </thead>
        <tbody>
          {connection.edges.map(({ node: task }) => (
            <tr key={task.id}>
              <td>
                <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{task.name}</Link>
              </td>
              <td>{task.size}</td>
              <td>{task.labels.length}</td>
              <td>{task.autoAnnotationJobs[0]?.status ?? "none"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {connection.totalCount > connection.edges.length ? (
        <p>
          Showing the newest {connection.edges.length} of {connection.totalCount} tasks.
        </p>
      ) : null}
    </>
  );
}
