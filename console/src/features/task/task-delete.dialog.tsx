import { useState } from "react";
import { useMutation } from "urql";
import { ConfirmDialog } from "../../components/confirm.dialog.js";
import { describeServerError } from "../auto-annotation/server-error.messages.js";
import { ServerErrorNotice } from "../auto-annotation/server-error.notice.js";
import { DeleteTaskMutation } from "./task.api.js";

export interface DeleteTaskActionProps {
  readonly task: { readonly id: string; readonly name: string; readonly size: number };
  /** After the server deleted it (the page leaves for the list). */
  readonly onDeleted: () => void;
}

/** "Delete task", confirmed in a modal dialog (focus kept inside, Escape cancels, focus back on the button). */
export function DeleteTaskAction({ task, onDeleted }: DeleteTaskActionProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Delete task
      </button>
      {open ? <DeleteTaskDialog task={task} onDeleted={onDeleted} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function DeleteTaskDialog({ task, onDeleted, onClose }: DeleteTaskActionProps & { readonly onClose: () => void }) {
  const [deleted, deleteTask] = useMutation(DeleteTaskMutation);
  async function confirm() {
    const result = await deleteTask({ id: task.id });
    if (result.data?.deleteTask) onDeleted();
  }
  return (
    <ConfirmDialog
      title="Delete task"
      confirmLabel="Delete"
      busyLabel="Deleting…"
      cancelLabel="Keep the task"
      busy={deleted.fetching}
      error={deleted.error ? <ServerErrorNotice error={describeServerError(deleted.error)} /> : null}
      onConfirm={() => void confirm()}
      onCancel={onClose}
    >
      <p>
        Delete “{task.name}” with its labels, {task.size} {task.size === 1 ? "frame" : "frames"} and all their annotations? This cannot be
        undone. Its automatic annotation jobs stay listed.
      </p>
    </ConfirmDialog>
  );
}
