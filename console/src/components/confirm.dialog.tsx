import { useId, useRef, type ReactNode } from "react";
import { useFocusTrap } from "../features/auto-annotation/focus-trap.hook.js";

export interface ConfirmDialogProps {
  readonly title: ReactNode;
  /** What confirming does; the dialog's accessible description. */
  readonly children: ReactNode;
  readonly confirmLabel: string;
  /** Shown on the confirm button while `busy`. */
  readonly busyLabel: string;
  readonly cancelLabel: string;
  readonly busy: boolean;
  /** The server's refusal, shown inside the dialog. */
  readonly error?: ReactNode;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/**
 * A destructive action's confirmation: modal, keyboard operable (focus starts on the safe choice, Tab stays inside,
 * Escape cancels, focus goes back to the opener). While busy the buttons are aria-disabled, not disabled: a disabled
 * button would drop the focus out of the dialog.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, busyLabel, cancelLabel, busy, error, onConfirm, onCancel } = props;
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  useFocusTrap(dialog, true, () => {
    if (!busy) onCancel();
  });
  return (
    <div className="modal-backdrop">
      <div
        ref={dialog}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-description`}
        className="modal confirm-dialog"
      >
        <h3 id={`${id}-title`}>{title}</h3>
        <div id={`${id}-description`}>{children}</div>
        {error}
        <div className="actions">
          <button type="button" data-autofocus aria-disabled={busy} onClick={() => !busy && onCancel()}>
            {cancelLabel}
          </button>
          <button type="button" className="danger" aria-disabled={busy} onClick={() => !busy && onConfirm()}>
            {busy ? busyLabel : confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
