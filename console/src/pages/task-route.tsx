import { useRef, useState } from "react";
import { AutoAnnotationDialog, JobProgressBar } from "../features/auto-annotation/index.js";
import { useConsoleSession } from "../features/identity/index.js";
import { TaskPage, type AutoAnnotationSlotContext } from "../features/task/task-page.js";
import { apiKeys, requestHeaders } from "../graphql/index.js";

/** /tasks/:id: the task page with CVAT's "Automatic annotation" action, the job's live progress and authenticated uploads. */
export function TaskRoute() {
  const session = useConsoleSession();
  return (
    <TaskPage
      renderAutoAnnotation={(ctx) => <AutoAnnotationAction {...ctx} />}
      renderJobProgress={(job, ctx) => <JobProgressBar jobId={job.id} onFinished={ctx.refresh} />}
      uploadHeaders={() => requestHeaders(apiKeys.get())}
      onUploadRefused={() => session.signOut("refused")}
    />
  );
}

function AutoAnnotationAction({ task, refresh }: AutoAnnotationSlotContext) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={opener} type="button" onClick={() => setOpen(true)}>
        Automatic annotation
      </button>
      <AutoAnnotationDialog
        taskId={task.id}
        taskLabels={task.labels}
        taskSize={task.size}
        open={open}
        onClose={() => setOpen(false)}
        onStarted={() => {
          setOpen(false);
          // The new job appears in the jobs list with its live progress bar.
          refresh();
        }}
      />
    </>
  );
}
