import { useState } from "react";
import { useMutation } from "urql";
import { ConfirmDialog } from "../../components/confirm.dialog.js";
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
 * "Revoke this key?", confirmed in the console's ConfirmDialog; a refusal is shown inside it.
 */
export function RevokeApiKeyDialog({ apiKey, inUse, onCancel, onRevoked }: RevokeApiKeyDialogProps) {
  const [{ fetching }, revoke] = useMutation(RevokeApiKeyMutation);
  const [error, setError] = useState<IdentityErrorView | null>(null);
  const confirm = async () => {
    setError(null);
    const result = await revoke({ id: apiKey.id });
    if (result.data) onRevoked(result.data.revokeApiKey);
    else if (result.error) setError(describeIdentityError(result.error, "revoke"));
  };
  return (
    <ConfirmDialog
      title={`Revoke the key “${apiKey.name}”?`}
      confirmLabel="Revoke key"
      busyLabel="Revoking…"
      cancelLabel="Cancel"
      busy={fetching}
      error={error ? <IdentityErrorNotice error={error} /> : null}
      onConfirm={() => void confirm()}
      onCancel={onCancel}
    >
      <p>
        <code>{apiKey.hint}</code> ({apiKey.role}) stops working within 30 seconds, everywhere it is used. This cannot be undone: a revoked
        key never works again.
      </p>
      {inUse ? <p className="warning">This is the key you are signed in with: this console signs you out.</p> : null}
    </ConfirmDialog>
  );
}
