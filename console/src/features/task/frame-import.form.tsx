import { useId, useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { describeServerError, type ServerErrorView } from "../auto-annotation/server-error.messages.js";
import { ServerErrorNotice } from "../auto-annotation/server-error.notice.js";
import { ImportFramesMutation } from "./task.api.js";

export interface FrameImportFormProps {
  readonly taskId: string;
  /** Called with the task's new size after the import. */
  readonly onImported?: (size: number) => void;
}

/** Adds the images of a directory on the server (below its IMPORT_ROOT) as frames, sorted by name. */
export function FrameImportForm({ taskId, onImported }: FrameImportFormProps) {
  const ids = useId();
  const [path, setPath] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [serverError, setServerError] = useState<ServerErrorView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [imported, importFrames] = useMutation(ImportFramesMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    setServerError(null);
    const serverPath = path.trim();
    setProblem(serverPath ? null : "Name a directory below the server's import root, e.g. photos/2024.");
    if (!serverPath) return;
    const result = await importFrames({ taskId, serverPath });
    if (result.data) {
      const size = result.data.importFrames.size;
      setMessage(`Imported “${serverPath}”; the task has ${size} ${size === 1 ? "frame" : "frames"}.`);
      onImported?.(size);
    } else if (result.error) {
      setServerError(describeServerError(result.error));
    }
  }

  return (
    <form className="frame-import" aria-labelledby={`${ids}-title`} noValidate onSubmit={(e) => void submit(e)}>
      <h4 id={`${ids}-title`}>Import from a server directory</h4>
      <label htmlFor={`${ids}-path`}>Server directory</label>
      <input
        id={`${ids}-path`}
        value={path}
        placeholder="e.g. photos/2024"
        aria-invalid={problem || serverError ? true : undefined}
        aria-describedby={problem ? `${ids}-problem` : undefined}
        onChange={(e) => setPath(e.target.value)}
      />
      <button type="submit" disabled={imported.fetching}>
        {imported.fetching ? "Importing…" : "Import"}
      </button>
      {problem ? (
        <p id={`${ids}-problem`} className="field-problem">
          {problem}
        </p>
      ) : null}
      {serverError ? <ServerErrorNotice error={serverError} /> : null}
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
}
