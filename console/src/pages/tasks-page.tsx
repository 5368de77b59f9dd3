import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";
import {
  BatchAnnotationDialog,
  BatchProgressBar,
  JobProgressBar,
  type BatchProgress,
  type BatchTask,
} from "../features/auto-annotation/index.js";
import { CreateTaskForm } from "../features/task-creation/index.js";
import { graphql } from "../gql/index.js";
import type { JobStatus, TasksQuery as TasksQueryResult } from "../gql/graphql.js";

/** How many tasks one page lists (newest first); more are fetched a page at a time, only when asked. */
export const TASKS_PAGE_SIZE = 50;

export const TasksQuery = graphql(`
  query Tasks($first: Int!, $after: String) {
    tasks(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          size
          labels {
            id
            name
            type
          }
          autoAnnotationJobs(first: 1) {
            id
            status
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** A job in one of these states is still moving: its row shows the live progress bar. */
const ACTIVE_STATUSES: ReadonlySet<JobStatus> = new Set(["QUEUED", "RUNNING", "COMMITTING", "CANCELLING"]);

/** `/`: the tasks, newest first, each with its size, labels and last job (live while it runs); create a task. */
export function TasksPage() {
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  // Selected tasks by id, with what the batch dialog needs of them (they may come from several pages).
  const [selected, setSelected] = useState<ReadonlyMap<string, BatchTask>>(new Map());
  const [batchOpen, setBatchOpen] = useState(false);
  const [batches, setBatches] = useState<readonly BatchProgress[]>([]);
  // Bumped when a batch ends: the list is read again (each task's last job changed).
  const [listVersion, setListVersion] = useState(0);
  const toggle = (task: BatchTask, on: boolean) =>
    setSelected((s) => {
      const next = new Map(s);
      if (on) next.set(task.id, task);
      else next.delete(task.id);
      return next;
    });
  return (
    <section aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Tasks</h2>
      {creating ? (
        <CreateTaskForm onCreated={(task) => void navigate(`/tasks/${encodeURIComponent(task.id)}`)} onCancel={() => setCreating(false)} />
      ) : (
        <button type="button" onClick={() => setCreating(true)}>
          New task
        </button>
      )}
      <div className="task-batch-actions">
        <button type="button" disabled={selected.size === 0} onClick={() => setBatchOpen(true)}>
          Annotate selected ({selected.size})
        </button>
      </div>
      {batches.map((batch) => (
        <BatchProgressBar key={batch.id} batch={batch} onFinished={() => setListVersion((v) => v + 1)} />
      ))}
      <BatchAnnotationDialog
        tasks={[...selected.values()]}
        open={batchOpen}
        onClose={() => setBatchOpen(false)}
        onStarted={(batch) => {
          setBatchOpen(false);
          setSelected(new Map());
          setBatches((list) => [batch, ...list]);
          setListVersion((v) => v + 1);
        }}
      />
      <TaskTable key={listVersion} selected={selected} onToggle={toggle} />
    </section>
  );
}

/** The first page, then one more per "Load more tasks": pages already shown are never fetched again. */
interface Selection {
  readonly selected: ReadonlyMap<string, BatchTask>;
  readonly onToggle: (task: BatchTask, on: boolean) => void;
}

function TaskTable({ selected, onToggle }: Selection) {
  // One entry per page shown: the cursor it starts after (null: the first page).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <table className="task-table">
      <caption className="visually-hidden">Tasks, newest first</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Select</span>
          </th>
          <th scope="col">Name</th>
          <th scope="col">Frames</th>
          <th scope="col">Labels</th>
          <th scope="col">Last job</th>
        </tr>
      </thead>
      {cursors.map((after, i) => (
        <TaskRows
          key={after ?? ""}
          selected={selected}
          onToggle={onToggle}
          after={after}
          isLast={i === cursors.length - 1}
          onLoadMore={(next) => setCursors((list) => (list.includes(next) ? list : [...list, next]))}
        />
      ))}
    </table>
  );
}

type TaskNode = TasksQueryResult["tasks"]["edges"][number]["node"];

function TaskRows({
  after,
  isLast,
  onLoadMore,
  selected,
  onToggle,
}: { after: string | null; isLast: boolean; onLoadMore: (after: string) => void } & Selection) {
  const [{ data, fetching, error }] = useQuery({
    query: TasksQuery,
    variables: { first: TASKS_PAGE_SIZE, after },
    // Tasks are created and deleted on other pages (and by other clients): coming back shows the server's list.
    requestPolicy: "cache-and-network",
  });
  const message = (text: string, role?: "status" | "alert") => (
    <tbody>
      <tr>
        <td colSpan={5}>
          <p role={role}>{text}</p>
        </td>
      </tr>
    </tbody>
  );
  if (fetching && !data) return message("Loading tasks…", "status");
  if (error) return message(`Could not load the tasks: ${error.message}`, "alert");
  const connection = data?.tasks;
  if (!connection) return null;
  if (after === null && connection.edges.length === 0) return message("No tasks yet.");
  const { hasNextPage, endCursor } = connection.pageInfo;
  return (
    <tbody>
      {connection.edges.map(({ node }) => (
        <TaskRow key={node.id} task={node} selected={selected.has(node.id)} onToggle={onToggle} />
      ))}
      {isLast && hasNextPage && endCursor ? (
        <tr>
          <td colSpan={5}>
            <button type="button" onClick={() => onLoadMore(endCursor)}>
              Load more tasks
            </button>{" "}
            <span>({connection.totalCount} in all)</span>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}

function TaskRow({ task, selected, onToggle }: { task: TaskNode; selected: boolean; onToggle: Selection["onToggle"] }) {
  const job = task.autoAnnotationJobs[0];
  // The final state the progress bar received: shown at once, without asking for the list again.
  const [finished, setFinished] = useState<{ jobId: string; status: JobStatus } | null>(null);
  const status = finished && job && finished.jobId === job.id ? finished.status : job?.status;
  const live = job && status && ACTIVE_STATUSES.has(status);
  return (
    <tr>
      <td>
        <input type="checkbox" aria-label={`Select ${task.name}`} checked={selected} onChange={(e) => onToggle(task, e.target.checked)} />
      </td>
      <td>
        <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{task.name}</Link>
      </td>
      <td>{task.size}</td>
      <td>
        {task.labels.length ? (
          <details className="task-labels-summary">
            <summary aria-label={`${task.labels.length} ${task.labels.length === 1 ? "label" : "labels"}`}>{task.labels.length}</summary>
            <ul aria-label={`Labels of ${task.name}`}>
              {task.labels.map((label) => (
                <li key={label.id}>
                  {label.name} <small>{label.type.toLowerCase()}</small>
                </li>
              ))}
            </ul>
          </details>
        ) : (
          0
        )}
      </td>
      <td>
        <span className={`job-status job-status-${status ?? "none"}`}>{status ?? "none"}</span>
        {live ? <JobProgressBar jobId={job.id} onFinished={(j) => setFinished({ jobId: job.id, status: j.status })} /> : null}
      </td>
    </tr>
  );
}
