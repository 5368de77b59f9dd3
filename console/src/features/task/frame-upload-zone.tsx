import { useId, useRef, useState, type DragEvent } from "react";
import { uploadFrames, type UploadError, type UploadFramesRequest, type UploadFramesResult } from "./frame-upload.client.js";

export interface FrameUploadZoneProps {
  taskId: string;
  /** Authorization for the upload (the GraphQL client's headers). */
  headers?: () => Record<string, string>;
  /** Called with the task's new size after a successful upload. */
  onUploaded?: (size: number) => void;
  /** The gateway refused the credential (401 / UNAUTHENTICATED): the upload goes around the GraphQL client, whose
   * one refused-key check never sees it, so the session is told here. */
  onRefused?: () => void;
  /** Tests and the lead may replace the transport. */
  upload?: (request: UploadFramesRequest) => Promise<UploadFramesResult>;
}

/** Adds frames by drag-and-drop or the file picker, with a progress bar and the server's errors per file. */
export function FrameUploadZone({ taskId, headers, onUploaded, onRefused, upload = uploadFrames }: FrameUploadZoneProps) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<UploadError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const busy = progress !== null;

  async function send(files: File[]) {
    if (busy || !files.length) return;
    setErrors([]);
    setMessage(null);
    setProgress(0);
    const result = await upload({
      taskId,
      files,
      headers: headers?.(),
      onProgress: ({ loaded, total }) => setProgress(total ? loaded / total : 0),
    });
    setProgress(null);
    if (inputRef.current) inputRef.current.value = "";
    if (result.ok) {
      setMessage(`${files.length} ${files.length === 1 ? "frame" : "frames"} added; the task has ${result.size}.`);
      onUploaded?.(result.size);
    } else {
      setErrors(result.errors);
      if (result.errors.some((e) => e.code === "UNAUTHENTICATED" || e.code === "HTTP_401")) onRefused?.();
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void send(Array.from(event.dataTransfer.files));
  }

  return (
    <section
      className={`frame-upload-zone${dragging ? " frame-upload-zone-active" : ""}`}
      aria-label="Add frames"
      data-testid="frame-drop-zone"
      // Both cancelled: the zone accepts a drop (and shows it) from the first event of a drag over it.
      onDragEnter={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p>Drop images here, or</p>
      <label htmlFor={inputId}>Choose images</label>
      <input
        id={inputId}
        ref={inputRef}
        type="file"
        accept="image/*"
        multiple
        disabled={busy}
        onChange={(e) => void send(Array.from(e.target.files ?? []))}
      />
      {busy ? (
        <progress aria-label="Upload progress" max={1} value={progress}>
          {Math.round(progress * 100)} %
        </progress>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
      {errors.length ? (
        <div role="alert">
          <p>No frames were added:</p>
          <ul aria-label="Upload errors">
            {errors.map((e, i) => (
              <li key={i}>
                {e.file ? <strong>{e.file}: </strong> : null}
                {e.message} <code>{e.code}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
