import type { ModelErrorView } from "./model-error.messages.js";

/** A server error in place: its meaning, every problem the server listed, and the code for a support request. */
export function ModelErrorNotice({ error }: { readonly error: ModelErrorView }) {
  return (
    <div role="alert" className="server-error">
      <p>{error.message}</p>
      {error.problems.length > 0 ? (
        <ul>
          {error.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      {error.code !== null ? <p className="code">Code: {error.code}</p> : null}
    </div>
  );
}
