import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { CreateApiKeyMutation, ROLES, type Role } from "./identity.api.js";
import { describeIdentityError, type IdentityErrorView } from "./identity-error.messages.js";
import { IdentityErrorNotice } from "./identity-error.notice.js";

/** identity's limit (services/identity: 1 to 100 characters once trimmed), checked here before the request. */
export const MAX_KEY_NAME_LENGTH = 100;

function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the key a name, e.g. what will use it ("ci", "labelling laptop").';
  if (trimmed.length > MAX_KEY_NAME_LENGTH) return `A name has at most ${MAX_KEY_NAME_LENGTH} characters (this one has ${trimmed.length}).`;
  return null;
}

/** ADMINs: a new key (name, role); the whole key is shown once, here, with Copy. */
export function CreateApiKeyForm() {
  const id = useId();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("MEMBER");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [serverError, setServerError] = useState<IdentityErrorView | null>(null);
  const [created, setCreated] = useState<{ readonly key: string; readonly name: string } | null>(null);
  const [{ fetching }, createKey] = useMutation(CreateApiKeyMutation);
  const nameInput = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = nameProblem(name);
    setInvalid(problem);
    setServerError(null);
    if (problem) {
      nameInput.current?.focus();
      return;
    }
    const result = await createKey({ input: { name: name.trim(), role } });
    if (result.data) {
      setCreated({ key: result.data.createApiKey.key, name: result.data.createApiKey.apiKey.name });
      setName("");
    } else if (result.error) {
      setServerError(describeIdentityError(result.error, "create"));
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="create-api-key">
      <h3 id={`${id}-heading`}>Create a key</h3>
      {created ? (
        <NewKeyNotice
          created={created}
          onDone={() => {
            // The key leaves memory with the notice: it cannot be shown again.
            setCreated(null);
            nameInput.current?.focus();
          }}
        />
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            ref={nameInput}
            id={`${id}-name`}
            type="text"
            autoComplete="off"
            required
            maxLength={MAX_KEY_NAME_LENGTH * 2}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={invalid !== null}
            aria-describedby={invalid !== null ? `${id}-name-error` : undefined}
          />
          {invalid !== null ? (
            <p id={`${id}-name-error`} className="field-error">
              {invalid}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} aria-describedby={`${id}-role-hint`}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <p id={`${id}-role-hint`} className="hint">
            MEMBER uses the API and the console; ADMIN also creates and revokes keys.
          </p>
        </div>
        {serverError ? <IdentityErrorNotice error={serverError} /> : null}
        <button type="submit" disabled={fetching}>
          {fetching ? "Creating…" : "Create key"}
        </button>
      </form>
    </section>
  );
}

type CopyState = "idle" | "copied" | "select";

function NewKeyNotice({ created, onDone }: { readonly created: { key: string; name: string }; readonly onDone: () => void }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");
  // Announced and reachable at once: the key is the one thing to act on now.
  useEffect(() => heading.current?.focus(), []);

  const copyKey = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopy("copied");
    } catch {
      // No clipboard permission (or an insecure origin): select the key for Ctrl+C instead.
      field.current?.select();
      setCopy("select");
    }
  };

  return (
    <div className="new-api-key" role="region" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        New key “{created.name}”
      </h4>
      <p className="warning" id={`${id}-warning`}>
        Copy this key now: it will not be shown again. Prelabel keeps only a hash of it; if it is lost, revoke it and create another.
      </p>
      <label htmlFor={`${id}-key`}>New API key</label>
      <div className="copy-row">
        <input
          ref={field}
          id={`${id}-key`}
          type="text"
          readOnly
          value={created.key}
          spellCheck={false}
          aria-describedby={`${id}-warning`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copyKey()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="hint">
        {copy === "copied" ? "Copied to the clipboard." : copy === "select" ? "The key is selected: press Ctrl+C (⌘C) to copy it." : ""}
      </p>
    </div>
  );
}
