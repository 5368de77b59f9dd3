import { useRef, useState } from "react";
import type { ModelErrorView } from "./model-error.messages.js";
import { ModelErrorNotice } from "./model-error.notice.js";
import type { ModelCardData, ModelCardLabel } from "./models.api.js";

export interface ModelCardProps {
  readonly model: ModelCardData;
  /** Set for deletable models: called once the user confirmed; resolves to the server's refusal, or null when deleted. */
  readonly onDelete?: (model: ModelCardData) => Promise<ModelErrorView | null>;
  /** Set for hub models in cloud mode: opens the credential form. */
  readonly onUpdateCredential?: (model: ModelCardData) => void;
}

/** ms per frame as the card shows it: whole ms from 10 up, one decimal below (catalog figures are whole ms). */
export function formatMsPerFrame(ms: number): string {
  return `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms/frame`;
}

/** One model: what it finds (labels with their attributes and skeleton points), its defaults, speed and licence. */
export function ModelCard({ model, onDelete, onUpdateCredential }: ModelCardProps) {
  const headingId = `model-${model.id}-name`;
  const [deleting, setDeleting] = useState<"idle" | "confirming" | "sending">("idle");
  const [refusal, setRefusal] = useState<ModelErrorView | null>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  async function confirmDelete() {
    if (!onDelete) return;
    setDeleting("sending");
    const error = await onDelete(model);
    // Deleted: the list refetches and this card goes away. Refused: the reason stays on the card.
    setRefusal(error);
    setDeleting("idle");
    if (error) deleteButton.current?.focus();
  }
  return (
    <article className="model-card" aria-labelledby={headingId} data-model-id={model.id}>
      <h4 id={headingId}>{model.name}</h4>
      {model.description ? <p className="model-description">{model.description}</p> : null}
      <dl className="model-facts">
        <dt>Kind</dt>
        <dd>{model.kind}</dd>
        <dt>Default threshold</dt>
        <dd>{model.defaultThreshold}</dd>
        <dt>Returns masks</dt>
        <dd>{model.returnsMasks ? "yes" : "no"}</dd>
        {model.inputSize ? (
          <>
            <dt>Input size</dt>
            <dd>
              {model.inputSize.width}×{model.inputSize.height}
            </dd>
          </>
        ) : null}
        <dt>Measured speed</dt>
        <dd data-fact="speed">
          {model.measuredMsPerFrame === null ? "not measured" : `${formatMsPerFrame(model.measuredMsPerFrame)} (model call, 2-core CPU)`}
        </dd>
        <dt>License</dt>
        <dd data-fact="license">{model.license ?? "not recorded: see the model's own documentation"}</dd>
        {model.hub ? (
          <>
            <dt>Hub model</dt>
            <dd>
              {model.hub.modelRef} ({model.hub.task})
            </dd>
            <dt>Stored credential</dt>
            <dd>{model.hub.credentialHint ? `ends in ${model.hub.credentialHint}` : "none"}</dd>
          </>
        ) : null}
        <dt>Supported</dt>
        <dd>{model.supported ? "yes" : `no: ${model.unsupportedReason ?? "no job can run it"}`}</dd>
      </dl>
      <details className="model-labels">
        <summary>
          {model.labels.length} {model.labels.length === 1 ? "label" : "labels"}
        </summary>
        <LabelList labels={model.labels} />
      </details>
      {onDelete || onUpdateCredential ? (
        <div className="model-actions">
          {onUpdateCredential ? (
            <button type="button" onClick={() => onUpdateCredential(model)}>
              Update credential<span className="visually-hidden"> of {model.name}</span>
            </button>
          ) : null}
          {onDelete && deleting === "idle" ? (
            <button
              ref={deleteButton}
              type="button"
              className="danger"
              onClick={() => {
                setRefusal(null);
                setDeleting("confirming");
                queueMicrotask(() => confirmButton.current?.focus());
              }}
            >
              Delete<span className="visually-hidden"> {model.name}</span>
            </button>
          ) : null}
          {onDelete && deleting !== "idle" ? (
            <div role="group" aria-label={`Confirm deleting ${model.name}`} className="confirm-delete">
              <p>Delete {model.name}? Jobs that used it keep its name; its file goes when no other model uses it.</p>
              <button
                ref={confirmButton}
                type="button"
                className="danger"
                onClick={() => void confirmDelete()}
                disabled={deleting === "sending"}
              >
                {deleting === "sending" ? "Deleting…" : "Yes, delete"}
              </button>
              <button
                type="button"
                onClick={() => {
                  setDeleting("idle");
                  queueMicrotask(() => deleteButton.current?.focus());
                }}
                disabled={deleting === "sending"}
              >
                Keep it
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {refusal ? <ModelErrorNotice error={refusal} /> : null}
    </article>
  );
}

type LabelLike = Pick<ModelCardLabel, "name" | "type" | "attributes"> & { readonly sublabels?: readonly LabelLike[] };

function LabelList({ labels }: { readonly labels: readonly LabelLike[] }) {
  return (
    <ul>
      {labels.map((label) => (
        <li key={label.name}>
          <span className="label-name">{label.name}</span> <span className="label-type">{label.type}</span>
          {label.attributes.length > 0 ? (
            <ul className="label-attributes">
              {label.attributes.map((a) => (
                <li key={a.name}>
                  {a.name} ({a.inputType}
                  {a.values.length ? `: ${a.inputType === "NUMBER" ? describeRange(a.values) : a.values.join(", ")}` : ""})
                </li>
              ))}
            </ul>
          ) : null}
          {label.sublabels && label.sublabels.length > 0 ? (
            <div className="label-sublabels">
              {label.sublabels.length} points: {label.sublabels.map((s) => s.name).join(", ")}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** NUMBER attributes carry [min, max, step] (CVAT's convention). */
function describeRange(values: readonly string[]): string {
  const [min, max, step] = values;
  return step === undefined ? values.join(", ") : `${min} to ${max}, step ${step}`;
}
