import { useId, useRef, useState } from "react";
import { useMutation } from "urql";
// The dialog's focus handling is the auto-annotation dialog's: one trap for the console's modal dialogs.
import { useFocusTrap } from "../auto-annotation/focus-trap.hook.js";
import { RevokeApiKeyMutation, type ApiKeyRow } from "./identity.api.js";
import { describeIdentityError, type IdentityErrorView } from "./identity-error.messages.js";
import { IdentityErrorNotice } from "./identity-error.notice.js";

export interface RevokeApiKeyDialogProps {
  readonly apiKey: ApiKeyRow;
  /** The key this tab is signed in with: revoking it ends this session too. */
  readonly inUse: boolean;
  readonly onCancel: () => void;
  readonly onRevoked: (revoked: ApiKeyRow) => void;
}

/**
 * "Revoke this key?": modal, keyboard operable (focus starts on Cancel, Tab stays inside, Escape cancels, focus goes
 * back to the opener), and a refusal is shown inside it.
 */
export function RevokeApiKeyDialog({ apiKey, inUse, onCancel, onRevoked }: RevokeApiKeyDialogProps) {
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const [{ fetching }, revoke] = useMutation(RevokeApiKeyMutation);
  const [error, setError] = useState<IdentityErrorView | null>(null);
  useFocusTrap(dialog, true, () => {
    if (!fetching) onCancel();
  });

  const confirm = async () => {
    if (fetching) return;
    setError(null);
    const result = await revoke({ id: apiKey.id });
    if (result.data) onRevoked(result.data.revokeApiKey);
    else if (result.error) setError(describeIdentityError(result.error, "revoke"));
  };

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
        <h3 id={`${id}-title`}>Revoke the key “{apiKey.name}”?</h3>
        <div id={`${id}-description`}>
          <p>
            <code>{apiKey.hint}</code> ({apiKey.role}) stops working within 30 seconds, everywhere it is used. This cannot be undone: a
            revoked key never works again.
          </p>
          {inUse ? <p className="warning">This is the key you are signed in with: this console signs you out.</p> : null}
        </div>
        {error ? <IdentityErrorNotice error={error} /> : null}
        {/* aria-disabled, not disabled, while revoking: a disabled button would drop the focus out of the dialog. */}
        <div className="actions">
          <button type="button" className="danger" aria-disabled={fetching} onClick={() => void confirm()}>
            {fetching ? "Revoking…" : "Revoke key"}
          </button>
          <button type="button" data-autofocus aria-disabled={fetching} onClick={() => !fetching && onCancel()}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
