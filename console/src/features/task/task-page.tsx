import { useCallback, useMemo, useState, type ReactNode } from "react";
import { useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { FrameGrid } from "./frame-grid.js";
import { FrameImportForm } from "./frame-import.form.js";
import { FrameUploadZone } from "./frame-upload-zone.js";
import { FrameViewer } from "./frame-viewer.js";
import { useFrameAnnotations } from "./frame-annotations.hook.js";
import { JobList } from "./job-list.js";
import { ReviewQueue } from "./review-queue.js";
import { EvaluationList } from "./evaluation-list.js";
import { DeleteTaskAction } from "./task-delete.dialog.js";
import {
  JOB_LIST_SIZE,
  TaskPageQuery,
  type AutoAnnotationJob,
  FrameImageQuery,
  VIEWER_IMAGE_SIZE,
  type GridFrame,
  type Label,
  type TaskHeader,
  taskHeader,
} from "./task.api.js";

/** What the automatic-annotation slot gets: the task, and a way to refresh the page once a job starts or ends. */
export interface AutoAnnotationSlotContext {
  task: TaskHeader;
  /** Refetches the task and its jobs (and so the open frame's annotations when a job finished). */
  refresh: () => void;
}

export interface TaskPageProps {
  /** Replaces the default "Automatic annotation" button (e.g. with the dialog and its trigger). */
  renderAutoAnnotation?: (ctx: AutoAnnotationSlotContext) => ReactNode;
  /** Called by the default "Automatic annotation" button. */
  onOpenAutoAnnotation?: (ctx: AutoAnnotationSlotContext) => void;
  /** A live progress bar for an unfinished job in the jobs list. */
  renderJobProgress?: (job: AutoAnnotationJob, ctx: AutoAnnotationSlotContext) => ReactNode;
  /** Headers for the multipart upload (which goes around the GraphQL client), e.g. Authorization. */
  uploadHeaders?: () => Record<string, string>;
  /** An upload was refused for its credential (cloud mode: back to sign-in). */
  onUploadRefused?: () => void;
}

/** /tasks/:id: the task's labels, paged frames with a viewer, frame upload, its jobs and its actions. */
export function TaskPage(props: TaskPageProps) {
  const { id } = useParams<{ id: string }>();
  if (!id) return <p role="alert">No task id in the address.</p>;
  return <TaskView key={id} taskId={id} {...props} />;
}

function TaskView({
  taskId,
  renderAutoAnnotation,
  onOpenAutoAnnotation,
  renderJobProgress,
  uploadHeaders,
  onUploadRefused,
}: TaskPageProps & { taskId: string }) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: TaskPageQuery,
    variables: { id: taskId, jobs: JOB_LIST_SIZE },
  });
  const [selected, setSelected] = useState<GridFrame | null>(null);
  // Bumped after an upload or import: the grid starts again from the first page (its cached pages predate the frames).
  const [framesVersion, setFramesVersion] = useState(0);
  // Bumped after a review resolution: the open frame's annotations are read again (rejected ones are gone).
  const [reviewVersion, setReviewVersion] = useState(0);
  const navigate = useNavigate();
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const framesAdded = useCallback(() => {
    setFramesVersion((v) => v + 1);
    refresh();
  }, [refresh]);
  const queried = data?.task;
  const task = useMemo(() => (queried ? taskHeader(queried) : null), [queried]);

  if (error) return <p role="alert">The task could not be loaded: {error.message}</p>;
  if (!task && !(fetching && !data)) return <p role="alert">Task {taskId} does not exist.</p>;

  const ctx: AutoAnnotationSlotContext | null = task && { task, refresh };
  // Shapes a job committed appear in the open viewer when this changes.
  const lastCompletedJob = task?.autoAnnotationJobs.find((j) => j.status === "COMPLETED")?.id ?? "";
  const annotationsVersion = `${lastCompletedJob}:${reviewVersion}`;

  // The frames are asked for from the address's task id, beside the header's query, not after it: a large task's
  // first thumbnails are the page's slowest answer, so they must not wait for the header to come back first.
  return (
    <article className="task-page" aria-labelledby="task-page-title">
      <header>
        <h2 id="task-page-title">{task ? task.name : "Task"}</h2>
        {task ? (
          <>
            <p>
              {task.size} {task.size === 1 ? "frame" : "frames"}
            </p>
            <LabelList labels={task.labels} />
          </>
        ) : (
          <p>Loading the task…</p>
        )}
      </header>

      {task && ctx ? (
        <section className="task-actions" aria-label="Actions">
          {/* Automatic annotation slot: wired by the lead to the auto-annotation dialog. */}
          {renderAutoAnnotation ? (
            renderAutoAnnotation(ctx)
          ) : (
            <button type="button" disabled={!onOpenAutoAnnotation} onClick={() => onOpenAutoAnnotation?.(ctx)}>
              Automatic annotation
            </button>
          )}
          <FrameUploadZone taskId={task.id} headers={uploadHeaders} onUploaded={framesAdded} onRefused={onUploadRefused} />
          <FrameImportForm taskId={task.id} onImported={framesAdded} />
          <DeleteTaskAction task={task} onDeleted={() => void navigate("/")} />
        </section>
      ) : null}

      <section aria-labelledby="task-frames-title">
        <h3 id="task-frames-title">Frames</h3>
        <FrameGrid key={framesVersion} taskId={taskId} selected={selected?.index ?? null} onSelect={setSelected} />
        {selected && task ? (
          <SelectedFrame
            taskId={task.id}
            frame={selected}
            labels={task.labels}
            version={annotationsVersion}
            onClose={() => setSelected(null)}
          />
        ) : null}
      </section>

      {task ? (
        <section aria-labelledby="task-review-title">
          <h3 id="task-review-title">Review queue</h3>
          {/* Keyed by the last finished job: a run that flagged results shows them. */}
          <ReviewQueue key={lastCompletedJob} taskId={task.id} onResolved={() => setReviewVersion((v) => v + 1)} />
        </section>
      ) : null}

      {task ? (
        <section aria-labelledby="task-evaluations-title">
          <h3 id="task-evaluations-title">Evaluations</h3>
          {/* Keyed by the last finished job: coming back from the dialog after a run shows the newest. */}
          <EvaluationList key={lastCompletedJob} taskId={task.id} />
        </section>
      ) : null}

      {task && ctx ? (
        <section aria-labelledby="task-jobs-title">
          <h3 id="task-jobs-title">Automatic annotation jobs</h3>
          <JobList jobs={task.autoAnnotationJobs} renderProgress={renderJobProgress && ((job) => renderJobProgress(job, ctx))} />
        </section>
      ) : null}
    </article>
  );
}

function LabelList({ labels }: { labels: readonly Label[] }) {
  if (!labels.length) return <p>No labels</p>;
  return (
    <ul className="task-labels" aria-label="Labels">
      {labels.map((label) => (
        <li key={label.id}>
          {label.name} <small>{label.type.toLowerCase()}</small>
          {label.attributes.length ? <small> ({label.attributes.map((a) => a.name).join(", ")})</small> : null}
          {label.sublabels.length ? <small> [{label.sublabels.map((s) => s.name).join(", ")}]</small> : null}
        </li>
      ))}
    </ul>
  );
}

function SelectedFrame({
  taskId,
  frame,
  labels,
  version,
  onClose,
}: {
  taskId: string;
  frame: GridFrame;
  labels: readonly Label[];
  version: string;
  onClose: () => void;
}) {
  const { annotations, fetching, error, truncated } = useFrameAnnotations(taskId, frame.index, version);
  const [image, reloadImage] = useQuery({
    query: FrameImageQuery,
    variables: { id: taskId, index: frame.index, maxSize: VIEWER_IMAGE_SIZE },
    // A frame that is not a readable image has no image to fetch.
    pause: !frame.width || !frame.height,
  });
  // The thumbnail stands in until the large image arrives.
  const imageUrl = image.data?.task?.frame?.image?.dataUrl ?? frame.thumbnail?.dataUrl;
  return (
    <div className="task-frame-viewer">
      <button type="button" onClick={onClose}>
        Close frame {frame.index}
      </button>
      {fetching ? <p>Loading annotations…</p> : null}
      {error ? <p role="alert">Annotations could not be loaded: {error}</p> : null}
      {truncated ? <p role="note">This frame has more shapes than the viewer draws; the first ones are shown.</p> : null}
      {image.error ? (
        <p role="alert">
          The frame's image could not be loaded: {image.error.message}{" "}
          {/* A dropped connection leaves the query failed: nothing asks again by itself. */}
          <button type="button" onClick={() => reloadImage({ requestPolicy: "network-only" })}>
            Load the image again
          </button>
        </p>
      ) : null}
      <FrameViewer frame={frame} annotations={annotations} labels={labels} imageUrl={imageUrl} />
    </div>
  );
}
