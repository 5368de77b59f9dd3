import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useConsoleSession, type SignedOutReason } from "./console-session.provider.js";
import { REFUSED_KEY_MESSAGE } from "./identity-error.messages.js";

/**
 * Cloud mode's sign-in: an API key, verified with the viewer query before it is kept (for this tab only). The input
 * has no `name`, so even a form submitted without JavaScript could not put the key in a URL.
 */
export function SignInPage({ reason }: { readonly reason: SignedOutReason }) {
  const { signIn } = useConsoleSession();
  const id = useId();
  const inputId = `${id}-key`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    const problem = await signIn(key);
    // Signed in: this page is gone. Otherwise the key stays in the field to be corrected.
    if (problem !== null) {
      setError(problem);
      setPending(false);
      input.current?.focus();
    }
  };

  return (
    <section className="sign-in" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Sign in</h2>
      {reason === "refused" ? (
        <p role="alert" className="server-error">
          {REFUSED_KEY_MESSAGE}
        </p>
      ) : null}
      {reason === "signed-out" ? <p role="status">You signed out: this tab no longer holds your API key.</p> : null}
      <p>
        This Prelabel is a cloud deployment: sign in with an API key of your organisation. The key stays in this browser tab only, until you
        sign out or close the tab.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={inputId}>API key</label>
          <input
            ref={input}
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error !== null ? `${errorId} ${hintId}` : hintId}
          />
          <p id={hintId} className="hint">
            A key looks like <code>plk_…</code>; an ADMIN of your organisation creates them on the API keys page.
          </p>
          {error !== null ? (
            <p id={errorId} role="alert" className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
