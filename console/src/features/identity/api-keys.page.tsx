import { useEffect, useRef, useState } from "react";
import { useQuery } from "urql";
import { useConsoleSession } from "./console-session.provider.js";
import { CreateApiKeyForm } from "./create-api-key.form.js";
import { ApiKeysQuery, isAdmin, type ApiKeyRow, type SessionViewer } from "./identity.api.js";
import { describeIdentityError } from "./identity-error.messages.js";
import { IdentityErrorNotice } from "./identity-error.notice.js";
import { RevokeApiKeyDialog } from "./revoke-api-key.dialog.js";

/** `/api-keys`: the tenant's API keys, for ADMINs to create and revoke (cloud mode). */
export function ApiKeysPage() {
  const { state } = useConsoleSession();
  return (
    <section aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      {state.kind === "cloud" ? (
        isAdmin(state.viewer) ? (
          <AdminApiKeys viewer={state.viewer} />
        ) : (
          <p>
            Your role ({state.viewer.roles.join(", ")}) cannot manage API keys: ask an ADMIN of {state.viewer.tenant.name} to create or
            revoke one.
          </p>
        )
      ) : (
        <p>This Prelabel is self-hosted: it needs no API keys (they are for cloud deployments).</p>
      )}
    </section>
  );
}

// The document cache learns which queries a mutation makes stale from the types in their results: a tenant without
// keys yet (signed in with a JWT) would list none, so the type is named.
const KEYS_CONTEXT = { additionalTypenames: ["ApiKey"] };

function AdminApiKeys({ viewer }: { readonly viewer: SessionViewer }) {
  const { signOut } = useConsoleSession();
  const [{ data, fetching, error }] = useQuery({ query: ApiKeysQuery, context: KEYS_CONTEXT });
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [revoked, setRevoked] = useState<ApiKeyRow | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  // The revoked row loses its Revoke button, so focus goes to the sentence that says what happened.
  useEffect(() => {
    if (revoked) status.current?.focus();
  }, [revoked]);

  return (
    <>
      <CreateApiKeyForm />
      <section aria-labelledby="api-keys-list-heading">
        <h3 id="api-keys-list-heading">Keys of {viewer.tenant.name}</h3>
        <p ref={status} role="status" tabIndex={-1}>
          {revoked ? `The key “${revoked.name}” is revoked: it stops working within 30 seconds.` : ""}
        </p>
        {fetching && !data ? <p role="status">Loading the keys…</p> : null}
        {error ? <IdentityErrorNotice error={describeIdentityError(error, "list")} /> : null}
        {data ? <ApiKeyTable keys={data.apiKeys} inUse={viewer.subject} onRevoke={setRevoking} /> : null}
      </section>
      {revoking ? (
        <RevokeApiKeyDialog
          apiKey={revoking}
          inUse={revoking.id === viewer.subject}
          onCancel={() => setRevoking(null)}
          onRevoked={(key) => {
            setRevoking(null);
            if (key.id === viewer.subject) signOut("refused");
            else setRevoked(key);
          }}
        />
      ) : null}
    </>
  );
}

/** Minutes are what lastUsedAt resolves to; one fixed format, whatever the browser's locale. */
function When({ at }: { readonly at: string | null }) {
  if (at === null) return <>never</>;
  return <time dateTime={at}>{new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC</time>;
}

function ApiKeyTable({
  keys,
  inUse,
  onRevoke,
}: {
  readonly keys: readonly ApiKeyRow[];
  readonly inUse: string;
  readonly onRevoke: (key: ApiKeyRow) => void;
}) {
  if (keys.length === 0) return <p>No keys yet.</p>;
  return (
    <table className="api-keys">
      <caption className="visually-hidden">API keys, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Key</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Revoked</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.id}>
            <th scope="row">
              {key.name}
              {key.id === inUse ? <small> (this session)</small> : null}
            </th>
            <td>{key.role}</td>
            <td>
              <code>{key.hint}</code>
            </td>
            <td>
              <When at={key.createdAt} />
            </td>
            <td>
              <When at={key.lastUsedAt} />
            </td>
            <td>{key.revokedAt === null ? "no" : <When at={key.revokedAt} />}</td>
            <td>
              {key.revokedAt === null ? (
                <button type="button" aria-label={`Revoke ${key.name}`} onClick={() => onRevoke(key)}>
                  Revoke
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
