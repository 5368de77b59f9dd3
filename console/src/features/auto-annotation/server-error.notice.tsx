import type { ServerErrorView } from "./server-error.messages.js";

/** A server error in place: its meaning, the server's specifics, and the code for a support request. */
export function ServerErrorNotice({ error }: { readonly error: ServerErrorView }) {
  return (
    <div role="alert" className="server-error">
      <p>{error.message}</p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      {error.code !== null && <p className="code">Code: {error.code}</p>}
    </div>
  );
}
