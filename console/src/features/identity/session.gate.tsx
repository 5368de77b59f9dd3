import { useConsoleSession, type SessionState } from "./console-session.provider.js";
import { SignInPage } from "./sign-in.page.js";

/** What the console shows instead of its pages until it may show them: connecting, unreachable, or sign-in. */
export function SessionGate() {
  const { state, retry } = useConsoleSession();
  switch (state.kind) {
    case "checking":
      return <p role="status">Connecting to Prelabel…</p>;
    case "unreachable":
      return (
        <section aria-labelledby="unreachable-heading">
          <h2 id="unreachable-heading">Prelabel is not answering</h2>
          <p role="alert">{state.message}</p>
          <button type="button" onClick={retry}>
            Try again
          </button>
        </section>
      );
    case "signed-out":
      return <SignInPage reason={state.reason} />;
    default:
      return null;
  }
}

/** The pages may be shown: self-hosted, or signed in. */
export const sessionOpen = (state: SessionState): boolean => state.kind === "self-hosted" || state.kind === "cloud";
