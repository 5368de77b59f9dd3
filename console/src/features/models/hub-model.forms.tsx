import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";
import type { HuggingFaceTask } from "../../gql/graphql.js";
import { describeModelRequestError, type ModelErrorView } from "./model-error.messages.js";
import { ModelErrorNotice } from "./model-error.notice.js";
import { AddHuggingFaceModelDocument, AddRoboflowModelDocument, UpdateHubCredentialDocument } from "./models.api.js";

/*
 * Tokens and API keys are write-only: their inputs are uncontrolled password fields (React would mirror a controlled
 * value into the DOM's value attribute), read once on submit and emptied right after, whatever the answer. Nothing
 * pre-fills them; the server only ever answers the stored credential's last four characters.
 */

const TASKS: readonly { readonly value: HuggingFaceTask | ""; readonly label: string }[] = [
  { value: "", label: "As the repo says (its pipeline tag)" },
  { value: "OBJECT_DETECTION", label: "Object detection" },
  { value: "IMAGE_SEGMENTATION", label: "Image segmentation" },
  { value: "IMAGE_CLASSIFICATION", label: "Image classification" },
  { value: "ZERO_SHOT_OBJECT_DETECTION", label: "Zero-shot object detection" },
];

/** A threshold field's value: undefined when empty (the server's default), else a number in (0, 1] or an error. */
function parseOptionalThreshold(text: string): { ok: true; value: number | undefined } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  const n = Number(text);
  return n > 0 && n <= 1 ? { ok: true, value: n } : { ok: false, message: "Greater than 0 and at most 1, or empty for 0.5." };
}

/** Reads a secret input and empties it. */
function takeSecret(input: HTMLInputElement | null): string {
  const value = input?.value.trim() ?? "";
  if (input) input.value = "";
  return value;
}

interface SecretFieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly inputRef: React.RefObject<HTMLInputElement | null>;
  readonly error?: string;
}

function SecretField({ id, label, hint, inputRef, error }: SecretFieldProps) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        name={id}
        type="password"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        aria-invalid={error ? true : undefined}
      />
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface HubFormProps {
  readonly onAdded: (model: { id: string; name: string }) => void;
}

/** addHuggingFaceModel: a repo URL or id, an optional token (private and gated repos), task, name, threshold. */
export function HuggingFaceModelForm({ onAdded }: HubFormProps) {
  const id = useId();
  const [repo, setRepo] = useState("");
  const [task, setTask] = useState<HuggingFaceTask | "">("");
  const [name, setName] = useState("");
  const [threshold, setThreshold] = useState("");
  const [errors, setErrors] = useState<{ repo?: string; threshold?: string }>({});
  const [serverError, setServerError] = useState<ModelErrorView | null>(null);
  const token = useRef<HTMLInputElement>(null);
  const [{ fetching }, add] = useMutation(AddHuggingFaceModelDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsedThreshold = parseOptionalThreshold(threshold);
    const next: typeof errors = {};
    const ref = repo.trim();
    if (!ref) next.repo = "Give the model's huggingface.co URL or its org/name.";
    if (!parsedThreshold.ok) next.threshold = parsedThreshold.message;
    setErrors(next);
    setServerError(null);
    if (Object.keys(next).length || !parsedThreshold.ok) return;
    const secret = takeSecret(token.current);
    const result = await add({
      input: {
        ...(/^https?:\/\//i.test(ref) ? { url: ref } : { repoId: ref }),
        ...(secret ? { token: secret } : {}),
        ...(task ? { task } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(parsedThreshold.value !== undefined ? { defaultThreshold: parsedThreshold.value } : {}),
      },
    });
    if (result.data?.addHuggingFaceModel) {
      setRepo("");
      setTask("");
      setName("");
      setThreshold("");
      onAdded(result.data.addHuggingFaceModel);
    } else if (result.error) setServerError(describeModelRequestError(result.error));
  }

  return (
    <form className="hub-form" aria-labelledby={`${id}-heading`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-heading`}>Add a Hugging Face model</h3>
      {serverError ? <ModelErrorNotice error={serverError} /> : null}
      <fieldset disabled={fetching}>
        <div className="form-field">
          <label htmlFor={`${id}-repo`}>Model URL or repo id</label>
          <input
            id={`${id}-repo`}
            type="text"
            value={repo}
            onChange={(e) => setRepo(e.target.value)}
            placeholder="https://huggingface.co/facebook/detr-resnet-50"
            aria-describedby={errors.repo ? `${id}-repo-error` : undefined}
            aria-invalid={errors.repo ? true : undefined}
          />
          {errors.repo ? (
            <p className="field-error" id={`${id}-repo-error`}>
              {errors.repo}
            </p>
          ) : null}
        </div>
        <SecretField
          id={`${id}-token`}
          label="Access token"
          hint="hf_…; needed for private and gated repos. Stored encrypted and never shown again."
          inputRef={token}
        />
        <div className="form-field">
          <label htmlFor={`${id}-task`}>Task</label>
          <select id={`${id}-task`} value={task} onChange={(e) => setTask(e.target.value as HuggingFaceTask | "")}>
            {TASKS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-name`}>Display name</label>
          <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="the repo id" />
        </div>
        <ThresholdField id={`${id}-threshold`} value={threshold} onChange={setThreshold} error={errors.threshold} />
        <button type="submit">{fetching ? "Adding…" : "Add Hugging Face model"}</button>
      </fieldset>
    </form>
  );
}

/** addRoboflowModel: a model version URL and the workspace's API key. */
export function RoboflowModelForm({ onAdded }: HubFormProps) {
  const id = useId();
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");
  const [threshold, setThreshold] = useState("");
  const [errors, setErrors] = useState<{ url?: string; apiKey?: string; threshold?: string }>({});
  const [serverError, setServerError] = useState<ModelErrorView | null>(null);
  const apiKey = useRef<HTMLInputElement>(null);
  const [{ fetching }, add] = useMutation(AddRoboflowModelDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsedThreshold = parseOptionalThreshold(threshold);
    const next: typeof errors = {};
    if (!url.trim()) next.url = "Give the model version's app.roboflow.com or universe.roboflow.com URL.";
    if (!apiKey.current?.value.trim()) next.apiKey = "Roboflow needs the workspace's API key.";
    if (!parsedThreshold.ok) next.threshold = parsedThreshold.message;
    setErrors(next);
    setServerError(null);
    if (Object.keys(next).length || !parsedThreshold.ok) return;
    const secret = takeSecret(apiKey.current);
    const result = await add({
      input: {
        url: url.trim(),
        apiKey: secret,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(parsedThreshold.value !== undefined ? { defaultThreshold: parsedThreshold.value } : {}),
      },
    });
    if (result.data?.addRoboflowModel) {
      setUrl("");
      setName("");
      setThreshold("");
      onAdded(result.data.addRoboflowModel);
    } else if (result.error) setServerError(describeModelRequestError(result.error));
  }

  return (
    <form className="hub-form" aria-labelledby={`${id}-heading`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-heading`}>Add a Roboflow model</h3>
      {serverError ? <ModelErrorNotice error={serverError} /> : null}
      <fieldset disabled={fetching}>
        <div className="form-field">
          <label htmlFor={`${id}-url`}>Model version URL</label>
          <input
            id={`${id}-url`}
            type="text"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://app.roboflow.com/workspace/project/3"
            aria-describedby={errors.url ? `${id}-url-error` : undefined}
            aria-invalid={errors.url ? true : undefined}
          />
          {errors.url ? (
            <p className="field-error" id={`${id}-url-error`}>
              {errors.url}
            </p>
          ) : null}
        </div>
        <SecretField
          id={`${id}-apikey`}
          label="API key"
          hint="The workspace's Roboflow API key. Stored encrypted and never shown again."
          inputRef={apiKey}
          error={errors.apiKey}
        />
        <div className="form-field">
          <label htmlFor={`${id}-name`}>Display name</label>
          <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="project vN" />
        </div>
        <ThresholdField id={`${id}-threshold`} value={threshold} onChange={setThreshold} error={errors.threshold} />
        <button type="submit">{fetching ? "Adding…" : "Add Roboflow model"}</button>
      </fieldset>
    </form>
  );
}

export interface HubCredentialFormProps {
  readonly model: { readonly id: string; readonly name: string; readonly hub: { readonly credentialHint: string | null } | null };
  readonly onDone: () => void;
}

/** updateHubCredential: replaces a hub model's token or API key. */
export function HubCredentialForm({ model, onDone }: HubCredentialFormProps) {
  const id = useId();
  const [error, setError] = useState<string | undefined>();
  const [serverError, setServerError] = useState<ModelErrorView | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const secret = useRef<HTMLInputElement>(null);
  const [{ fetching }, update] = useMutation(UpdateHubCredentialDocument);
  // Opened from a card's button: the keyboard goes straight to the field to type in.
  useEffect(() => secret.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setServerError(null);
    setSaved(null);
    if (!secret.current?.value.trim()) return setError("Type the new token or API key.");
    setError(undefined);
    const result = await update({ id: model.id, token: takeSecret(secret.current) });
    if (result.data?.updateHubCredential) setSaved(result.data.updateHubCredential.hub?.credentialHint ?? null);
    else if (result.error) setServerError(describeModelRequestError(result.error));
  }

  return (
    <form className="hub-form" aria-labelledby={`${id}-heading`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-heading`}>Update the credential of {model.name}</h3>
      <p>Stored now: {model.hub?.credentialHint ? `a credential ending in ${model.hub.credentialHint}` : "none"}.</p>
      {serverError ? <ModelErrorNotice error={serverError} /> : null}
      {saved !== null ? <p role="status">Saved: the model now uses the credential ending in {saved}.</p> : null}
      <fieldset disabled={fetching}>
        <SecretField
          id={`${id}-secret`}
          label="New token or API key"
          hint="Replaces the stored one; stored encrypted and never shown again."
          inputRef={secret}
          error={error}
        />
        <button type="submit">{fetching ? "Saving…" : "Save credential"}</button>
        <button type="button" onClick={onDone}>
          Close
        </button>
      </fieldset>
    </form>
  );
}

function ThresholdField(props: { id: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <div className="form-field">
      <label htmlFor={props.id}>Default threshold</label>
      <input
        id={props.id}
        type="text"
        inputMode="decimal"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder="0.5"
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        aria-invalid={props.error ? true : undefined}
      />
      {props.error ? (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
