import type { IdentityErrorView } from "./identity-error.messages.js";

/** An identity error in place: its meaning, and the code for a support request. */
export function IdentityErrorNotice({ error }: { readonly error: IdentityErrorView }) {
  return (
    <div role="alert" className="server-error">
      <p>{error.message}</p>
      {error.code !== null ? <p className="code">Code: {error.code}</p> : null}
    </div>
  );
}
