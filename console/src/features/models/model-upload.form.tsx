import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { OnnxOutputLayout } from "../../gql/graphql.js";
import type { ModelErrorView } from "./model-error.messages.js";
import { problemsByField, type ModelSpecField } from "./model-problem.fields.js";
import { DEFAULT_MODEL_SPEC_VALUES, parseModelSpec, type ModelSpecFieldErrors, type ModelSpecFormValues } from "./model-spec.form-state.js";
import type { UploadModelRequest, UploadModelResult, UploadProgress } from "./model-upload.client.js";

const LAYOUTS: readonly { readonly value: OnnxOutputLayout; readonly label: string }[] = [
  { value: "YOLO_V8", label: "YOLOv8 / YOLO11: [N, 4 + C, anchors], no objectness" },
  { value: "YOLO_V5", label: "YOLOv5 / YOLOv7: [N, boxes, 5 + C]" },
  { value: "YOLO_END2END", label: "YOLOv10 (NMS inside): [N, k, 6]" },
  { value: "SSD", label: "TF object detection (SSD): boxes, scores, classes, count" },
  { value: "DETR", label: "DETR family: logits and boxes" },
];

export interface ModelUploadFormProps {
  /** uploadModel from model-upload.client.ts, with the session's headers already applied (tests: a fake). */
  readonly upload: (request: Pick<UploadModelRequest, "file" | "spec" | "onProgress" | "signal">) => Promise<UploadModelResult>;
  readonly onUploaded: (model: { id: string; name: string }) => void;
}

type Phase = { kind: "editing" } | { kind: "uploading"; progress: UploadProgress | null } | { kind: "failed"; error: ModelErrorView };

/**
 * Upload an ONNX detector with everything ModelSpecInput takes (docs/models/bring-your-own.md). What the form can check
 * it checks before sending; the server's INVALID_MODEL / BAD_USER_INPUT problems appear next to the field they concern.
 */
export function ModelUploadForm({ upload, onUploaded }: ModelUploadFormProps) {
  const ids = useId();
  const id = (field: string) => `${ids}-${field}`;
  const [values, setValues] = useState<ModelSpecFormValues>(DEFAULT_MODEL_SPEC_VALUES);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<ModelSpecFieldErrors>({});
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);

  const set = <K extends keyof ModelSpecFormValues>(key: K, value: ModelSpecFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const serverProblems = phase.kind === "failed" ? problemsByField(phase.error.problems) : { byField: {}, unplaced: [] };
  const uploading = phase.kind === "uploading";

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseModelSpec(values);
    // The file first: it is the form's first field, and the first error gets the focus.
    const fieldErrors: ModelSpecFieldErrors = {
      ...(file ? {} : { file: "Choose the model's .onnx file." }),
      ...(parsed.ok ? {} : parsed.errors),
    };
    setErrors(fieldErrors);
    if (!parsed.ok || !file) {
      setPhase({ kind: "editing" });
      // Focus the first field to fix, so keyboard and screen-reader users land on it.
      const first = (Object.keys(fieldErrors) as ModelSpecField[])[0];
      if (first) document.getElementById(id(first === "inputSize" ? "inputWidth" : first === "normalisation" ? "mean" : first))?.focus();
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setPhase({ kind: "uploading", progress: null });
    const result = await upload({
      file,
      spec: parsed.spec,
      signal: controller.signal,
      onProgress: (progress) => setPhase({ kind: "uploading", progress }),
    });
    abort.current = null;
    if (result.ok) {
      setPhase({ kind: "editing" });
      setValues(DEFAULT_MODEL_SPEC_VALUES);
      setFile(null);
      if (fileInput.current) fileInput.current.value = "";
      onUploaded(result.model);
    } else {
      setPhase({ kind: "failed", error: result.error });
      queueMicrotask(() => summary.current?.focus());
    }
  }

  /** A labelled field with its own error (form check) and the server's problems about it. */
  const field = (
    name: ModelSpecField,
    label: string,
    control: (describedBy: string | undefined, invalid: boolean) => ReactNode,
    hint?: string,
  ) => {
    const own = errors[name];
    const fromServer = serverProblems.byField[name] ?? [];
    const describedBy =
      [hint ? id(`${name}-hint`) : null, own || fromServer.length ? id(`${name}-error`) : null].filter(Boolean).join(" ") || undefined;
    return (
      <div className="form-field" data-field={name}>
        <label htmlFor={id(name === "inputSize" ? "inputWidth" : name === "normalisation" ? "mean" : name)}>{label}</label>
        {control(describedBy, Boolean(own || fromServer.length))}
        {hint ? (
          <p className="hint" id={id(`${name}-hint`)}>
            {hint}
          </p>
        ) : null}
        {own || fromServer.length ? (
          <div className="field-error" id={id(`${name}-error`)}>
            {own ? <p>{own}</p> : null}
            {fromServer.length ? (
              <ul>
                {fromServer.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    );
  };

  const text =
    (name: Exclude<keyof ModelSpecFormValues, "detrNoObjectClass">, inputMode?: "numeric" | "decimal") =>
    (describedBy: string | undefined, invalid: boolean) => (
      <input
        id={id(name)}
        name={name}
        type="text"
        inputMode={inputMode}
        value={values[name]}
        onChange={(e) => set(name, e.target.value as never)}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        disabled={uploading}
      />
    );

  const select = <K extends "outputLayout" | "resize" | "channelOrder" | "tensorLayout" | "inputType">(
    name: K,
    options: readonly { readonly value: ModelSpecFormValues[K]; readonly label: string }[],
  ) => (
    <select
      id={id(name)}
      name={name}
      value={values[name]}
      onChange={(e) => set(name, e.target.value as ModelSpecFormValues[K])}
      disabled={uploading}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );

  return (
    <form className="model-upload-form" aria-labelledby={id("heading")} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={id("heading")}>Upload an ONNX detector</h3>
      <p className="hint">
        Declare how the network is fed and read; the server loads the file, checks it against this and runs it once before accepting it
        (docs/models/bring-your-own.md).
      </p>
      {phase.kind === "failed" ? (
        <div role="alert" className="server-error" tabIndex={-1} ref={summary}>
          <p>{phase.error.message}</p>
          {serverProblems.unplaced.length ? (
            <ul>
              {serverProblems.unplaced.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
          {phase.error.problems.length > serverProblems.unplaced.length ? <p>The other problems are shown next to their fields.</p> : null}
          {phase.error.code ? <p className="code">Code: {phase.error.code}</p> : null}
        </div>
      ) : null}

      <fieldset disabled={uploading}>
        <legend>Model</legend>
        {field("file", "ONNX file", (describedBy, invalid) => (
          <input
            ref={fileInput}
            id={id("file")}
            name="file"
            type="file"
            accept=".onnx"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        ))}
        {field("name", "Name", text("name"))}
        {field("description", "Description", (describedBy, invalid) => (
          <textarea
            id={id("description")}
            name="description"
            rows={2}
            value={values.description}
            onChange={(e) => set("description", e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        ))}
      </fieldset>

      <fieldset disabled={uploading}>
        <legend>Input</legend>
        {field(
          "inputSize",
          "Input width (px)",
          (describedBy, invalid) => (
            <span className="inline-pair">
              {text("inputWidth", "numeric")(describedBy, invalid)}
              <label htmlFor={id("inputHeight")}>Input height (px)</label>
              {text("inputHeight", "numeric")(describedBy, invalid)}
            </span>
          ),
          "The network's input size; the file's input, where it fixes one, must match.",
        )}
        <div className="form-field">
          <label htmlFor={id("resize")}>Resize</label>
          {select("resize", [
            { value: "LETTERBOX", label: "Letterbox (keep aspect, pad grey 114)" },
            { value: "STRETCH", label: "Stretch each axis" },
          ])}
        </div>
        <div className="form-field">
          <label htmlFor={id("channelOrder")}>Channel order</label>
          {select("channelOrder", [
            { value: "RGB", label: "RGB" },
            { value: "BGR", label: "BGR" },
          ])}
        </div>
        <div className="form-field">
          <label htmlFor={id("tensorLayout")}>Tensor layout</label>
          {select("tensorLayout", [
            { value: "NCHW", label: "NCHW [1, 3, H, W]" },
            { value: "NHWC", label: "NHWC [1, H, W, 3]" },
          ])}
        </div>
        {field("inputType", "Input type", () =>
          select("inputType", [
            { value: "FLOAT32", label: "float32: (pixel − mean) / std" },
            { value: "UINT8", label: "uint8: pixels 0..255 as they are" },
          ]),
        )}
        {field(
          "normalisation",
          "Mean",
          (describedBy, invalid) => (
            <span className="inline-pair">
              {text("mean")(describedBy, invalid)}
              <label htmlFor={id("std")}>Std</label>
              {text("std")(describedBy, invalid)}
            </span>
          ),
          "Per channel in the network's order, one value or three, pixels in 0..255 (YOLO: mean 0, std 255). float32 only.",
        )}
      </fieldset>

      <fieldset disabled={uploading}>
        <legend>Output and labels</legend>
        {field("outputLayout", "Output layout", () => select("outputLayout", LAYOUTS))}
        {field(
          "classNames",
          "Class names",
          (describedBy, invalid) => (
            <textarea
              id={id("classNames")}
              name="classNames"
              rows={4}
              value={values.classNames}
              onChange={(e) => set("classNames", e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          ),
          "One label per line in class-index order; an empty line ignores that index (e.g. background). Each becomes a RECTANGLE label.",
        )}
        {field(
          "classIdOffset",
          "Class id offset",
          text("classIdOffset", "numeric"),
          "SSD and YOLOv10: class id − offset = line (TF exports: 1).",
        )}
        <div className="form-field checkbox">
          <input
            id={id("detrNoObjectClass")}
            type="checkbox"
            checked={values.detrNoObjectClass}
            onChange={(e) => set("detrNoObjectClass", e.target.checked)}
          />
          <label htmlFor={id("detrNoObjectClass")}>DETR logits end with a no-object class</label>
        </div>
        {field(
          "outputNames",
          "Output names",
          text("outputNames"),
          "Optional, comma-separated, in the layout's order, when their names do not identify them.",
        )}
        {field("nmsIou", "NMS IoU", text("nmsIou", "decimal"), "YOLOv5/v8: class-wise NMS, in (0, 1].")}
        {field("defaultThreshold", "Default threshold", text("defaultThreshold", "decimal"), "Used when a job sets none, in (0, 1].")}
        {field("maxDetections", "Max detections per frame", text("maxDetections", "numeric"))}
        {field("frameBudgetMs", "Frame budget (ms)", text("frameBudgetMs", "numeric"), "The longest one frame may take on a worker.")}
      </fieldset>

      {phase.kind === "uploading" ? (
        <div className="upload-progress">
          <label htmlFor={id("progress")}>Uploading</label>
          <progress
            id={id("progress")}
            max={phase.progress?.total ?? undefined}
            value={phase.progress?.loaded ?? undefined}
            aria-valuetext={
              phase.progress ? `${Math.round((100 * phase.progress.loaded) / Math.max(1, phase.progress.total))} %` : "starting"
            }
          />
          {phase.progress && phase.progress.loaded >= phase.progress.total ? (
            <p role="status">Sent: the server is checking the model…</p>
          ) : null}
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel upload
          </button>
        </div>
      ) : (
        <button type="submit">Upload model</button>
      )}
    </form>
  );
}
