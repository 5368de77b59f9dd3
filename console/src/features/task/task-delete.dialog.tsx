import { useId, useRef, useState } from "react";
import { useMutation } from "urql";
import { useFocusTrap } from "../auto-annotation/focus-trap.hook.js";
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
  const ids = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const [deleted, deleteTask] = useMutation(DeleteTaskMutation);
  useFocusTrap(dialog, true, onClose);

  async function confirm() {
    const result = await deleteTask({ id: task.id });
    if (result.data?.deleteTask) onDeleted();
  }

  return (
    <div className="modal-backdrop">
      <div
        ref={dialog}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-text`}
        className="modal"
      >
        <h3 id={`${ids}-title`}>Delete task</h3>
        <p id={`${ids}-text`}>
          Delete “{task.name}” with its labels, {task.size} {task.size === 1 ? "frame" : "frames"} and all their annotations? This cannot be
          undone. Its automatic annotation jobs stay listed.
        </p>
        {deleted.error ? <ServerErrorNotice error={describeServerError(deleted.error)} /> : null}
        <p className="form-actions">
          {/* The safe choice has the focus first: Enter right away cancels. */}
          <button type="button" data-autofocus onClick={onClose}>
            Keep the task
          </button>
          <button type="button" className="danger" disabled={deleted.fetching} onClick={() => void confirm()}>
            {deleted.fetching ? "Deleting…" : "Delete"}
          </button>
        </p>
      </div>
    </div>
  );
}
