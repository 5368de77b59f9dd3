import { useId, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { ShapeLayer } from "../task/shape-layer.js";
import type { Annotation, AnnotationShape, ShapeType } from "../task/task.api.js";
import {
  PREVIEW_AUTO_ANNOTATION_MUTATION,
  PREVIEW_DEFAULT_FRAMES,
  PREVIEW_FRAME_IMAGE_QUERY,
  PREVIEW_IMAGE_SIZE,
  PREVIEW_MAX_FRAMES,
  type PreviewData,
  type PreviewFrameResult,
  type PreviewShapeResult,
  type PreviewVariables,
  type StartAutoAnnotationInput,
} from "./auto-annotation.api.js";
import { firstFrames, parsePreviewFrames } from "./preview-frames.state.js";
import { describeServerError, type ServerErrorView } from "./server-error.messages.js";
import { ServerErrorNotice } from "./server-error.notice.js";

export interface PreviewPanelProps {
  readonly taskId: string;
  /** The task's frame count (frames are checked against it); null: unknown, the server checks. */
  readonly taskSize: number | null;
  /** The dialog's current settings as a start input, or null when they are not valid yet (the dialog marks why). */
  readonly buildInput: () => StartAutoAnnotationInput | null;
  /** No model or no mapped label yet. */
  readonly disabled: boolean;
}

const ms = (value: number | null | undefined): string => (value === null || value === undefined ? "–" : `${Math.round(value)} ms`);
const score = (value: number | null | undefined): string => (value === null || value === undefined ? "no score" : value.toFixed(2));

/**
 * "Preview": the dialog's settings run on a few frames (previewAutoAnnotation), each frame shown with the shapes a
 * run would commit, their scores and the frame's time. Nothing is written to the task.
 */
export function PreviewPanel({ taskId, taskSize, buildInput, disabled }: PreviewPanelProps) {
  const id = useId();
  const [framesText, setFramesText] = useState(() => firstFrames(taskSize ?? PREVIEW_DEFAULT_FRAMES, PREVIEW_DEFAULT_FRAMES));
  const [framesChecked, setFramesChecked] = useState(false);
  const [settingsInvalid, setSettingsInvalid] = useState(false);
  const [previewed, preview] = useMutation<PreviewData, PreviewVariables>(PREVIEW_AUTO_ANNOTATION_MUTATION);
  const [error, setError] = useState<ServerErrorView | null>(null);
  const [result, setResult] = useState<PreviewData["previewAutoAnnotation"] | null>(null);

  const frames = parsePreviewFrames(framesText, taskSize);
  const framesError = !frames.ok && framesChecked ? frames.message : null;

  const run = async (): Promise<void> => {
    setFramesChecked(true);
    const input = buildInput();
    setSettingsInvalid(input === null);
    if (!frames.ok || input === null) return;
    setError(null);
    const answer = await preview({ input, frames: frames.frames });
    if (answer.error) setError(describeServerError(answer.error));
    else if (answer.data) setResult(answer.data.previewAutoAnnotation);
  };

  return (
    <fieldset className="preview">
      <legend>Preview</legend>
      <div className="field">
        <label htmlFor={`${id}-frames`}>Frames to preview</label>
        <input
          id={`${id}-frames`}
          type="text"
          value={framesText}
          aria-invalid={framesError !== null}
          aria-describedby={framesError === null ? `${id}-frames-hint` : `${id}-frames-error ${id}-frames-hint`}
          onChange={(e) => setFramesText(e.target.value)}
          onBlur={() => setFramesChecked(true)}
          onKeyDown={(e) => {
            // Enter here previews: it must not submit the dialog's form (which would start a run).
            if (e.key !== "Enter") return;
            e.preventDefault();
            if (!disabled && !previewed.fetching) void run();
          }}
        />
        <p id={`${id}-frames-hint`} className="hint">
          Up to {PREVIEW_MAX_FRAMES} frame indexes or ranges, e.g. 0-3, 10. The model runs on them with the settings above; nothing is
          written to the task.
        </p>
        {framesError !== null && (
          <p id={`${id}-frames-error`} className="error">
            {framesError}
          </p>
        )}
      </div>
      <button type="button" disabled={disabled || previewed.fetching} onClick={() => void run()}>
        {previewed.fetching ? "Previewing…" : "Preview"}
      </button>
      {settingsInvalid && (
        <p role="alert" className="error">
          Fix the settings marked above before previewing.
        </p>
      )}
      {error && <ServerErrorNotice error={error} />}
      {result && (
        <section aria-label="Preview results" className="preview-results">
          <p role="status">
            {result.frames.length} {result.frames.length === 1 ? "frame" : "frames"} previewed in {ms(result.totalMs)} at threshold{" "}
            {result.threshold.toFixed(2)}; nothing was written.
          </p>
          {result.frames.map((frame) => (
            <PreviewFrameFigure key={frame.frame} taskId={taskId} frame={frame} />
          ))}
        </section>
      )}
    </fieldset>
  );
}

function toShape(s: PreviewShapeResult, frame: number, id: string): AnnotationShape {
  return {
    id,
    frame,
    label: { id: s.taskLabelId, name: s.taskLabel },
    type: s.type as ShapeType,
    points: s.points,
    score: s.score ?? null,
    source: "AUTO",
    jobId: null,
    occluded: s.occluded,
    outside: s.outside,
    attributes: s.attributes,
    mask: s.mask ?? null,
  };
}

/** A preview shape as the frame viewer's annotations, so its ShapeLayer draws it. */
export function previewAnnotations(frame: PreviewFrameResult): Annotation[] {
  return frame.shapes.map((s, i) => {
    const id = `preview-${frame.frame}-${i}`;
    return {
      ...toShape(s, frame.frame, id),
      elements: s.elements.map((e, j) => toShape(e as PreviewShapeResult, frame.frame, `${id}-${j}`)),
    };
  });
}

function PreviewFrameFigure({ taskId, frame }: { readonly taskId: string; readonly frame: PreviewFrameResult }) {
  const [image] = useQuery({ query: PREVIEW_FRAME_IMAGE_QUERY, variables: { taskId, index: frame.frame, maxSize: PREVIEW_IMAGE_SIZE } });
  const [, setActive] = useState<string | null>(null);
  const annotations = useMemo(() => previewAnnotations(frame), [frame]);
  const shapes = annotations.filter((a) => a.type !== "TAG");
  const info = image.data?.task?.frame;
  const flagged = frame.shapes.filter((s) => s.needsReview).length;
  return (
    <figure aria-label={`Preview of frame ${frame.frame}`}>
      {info?.width && info.height ? (
        <svg
          className="frame-viewer-canvas"
          role="group"
          aria-label={`Shapes of frame ${frame.frame}`}
          viewBox={`0 0 ${info.width} ${info.height}`}
          preserveAspectRatio="xMidYMid meet"
        >
          {info.image ? (
            <image href={info.image.dataUrl} x={0} y={0} width={info.width} height={info.height} preserveAspectRatio="none" />
          ) : null}
          <ShapeLayer shapes={shapes} frameSize={Math.max(info.width, info.height)} onActivate={setActive} />
        </svg>
      ) : null}
      <figcaption>
        Frame {frame.frame}
        {info?.name ? ` (${info.name})` : ""}: {frame.shapes.length} {frame.shapes.length === 1 ? "shape" : "shapes"}
        {flagged ? `, ${flagged} flagged for review` : ""}; {ms(frame.totalMs)} (model {ms(frame.inferenceMs)}, decoding{" "}
        {ms(frame.decodeMs)}){frame.unmappedDetections ? `; ${frame.unmappedDetections} detections of unmapped labels dropped` : ""}
      </figcaption>
      {frame.failure ? (
        <p role="alert">
          Frame {frame.frame} failed: <code>{frame.failure.code}</code> {frame.failure.reason}
        </p>
      ) : null}
      {frame.shapes.length > 0 && (
        <ul aria-label={`Shapes of frame ${frame.frame} with their scores`}>
          {frame.shapes.map((s, i) => (
            <li key={i}>
              {s.taskLabel} {s.type.toLowerCase()}, {score(s.score)}
              {s.needsReview ? " (flagged for review)" : ""}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
