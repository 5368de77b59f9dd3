import { stringifyDocument } from "urql";
import { AddFramesMutation, type AddFramesResult } from "./task.api.js";

/** The task service's default MAX_UPLOAD_FILES: more files in one request are refused before sending. */
export const MAX_FILES_PER_UPLOAD = 500;
/** An upload that sends nothing for this long is abandoned (the server's own limits still apply). */
export const UPLOAD_TIMEOUT_MS = 10 * 60 * 1000;

/** One problem with an upload; `file` names the file when the server said which one. */
export interface UploadError {
  code: string;
  message: string;
  file?: string;
}

export type UploadFramesResult = { ok: true; taskId: string; size: number } | { ok: false; errors: UploadError[] };

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadFramesRequest {
  taskId: string;
  files: readonly File[];
  /** Same origin as the console by default. */
  url?: string;
  /** Authorization and the like; the CSRF preflight header is always added. */
  headers?: Record<string, string>;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Tests pass a fake. */
  createXhr?: () => XMLHttpRequest;
}

/**
 * The GraphQL multipart request (github.com/jaydenseric/graphql-multipart-request-spec) for addFrames:
 * `operations` with null placeholders, `map` from part names to variable paths, then the files in that order.
 */
export function buildAddFramesBody(taskId: string, files: readonly File[]): FormData {
  const body = new FormData();
  body.append(
    "operations",
    JSON.stringify({ query: stringifyDocument(AddFramesMutation), variables: { taskId, files: files.map(() => null) } }),
  );
  const map: Record<string, string[]> = {};
  files.forEach((_, i) => (map[String(i)] = [`variables.files.${i}`]));
  body.append("map", JSON.stringify(map));
  files.forEach((file, i) => body.append(String(i), file, file.name));
  return body;
}

interface GraphQLErrorBody {
  message?: unknown;
  extensions?: { code?: unknown; file?: unknown };
}

/** The response body as an outcome: GraphQL errors (with the file the server named) or the task's new size. */
export function parseAddFramesResponse(status: number, text: string): UploadFramesResult {
  let body: { data?: AddFramesResult | null; errors?: GraphQLErrorBody[] } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (body?.errors?.length) {
    return {
      ok: false,
      errors: body.errors.map((e) => ({
        code: typeof e.extensions?.code === "string" ? e.extensions.code : "UNKNOWN_ERROR",
        message: typeof e.message === "string" ? e.message : "The server refused the upload",
        ...(typeof e.extensions?.file === "string" ? { file: e.extensions.file } : {}),
      })),
    };
  }
  if (status >= 200 && status < 300 && body?.data?.addFrames) {
    return { ok: true, taskId: body.data.addFrames.id, size: body.data.addFrames.size };
  }
  return { ok: false, errors: [{ code: `HTTP_${status}`, message: `The server answered ${status} without a result` }] };
}

/** Uploads the files as new frames of the task, reporting bytes sent; never rejects (failures are results). */
export function uploadFrames(request: UploadFramesRequest): Promise<UploadFramesResult> {
  const { taskId, files, url = "/graphql", headers = {}, onProgress, signal } = request;
  if (!files.length) return Promise.resolve(failure("NO_FILES", "Choose at least one file"));
  if (files.length > MAX_FILES_PER_UPLOAD) {
    return Promise.resolve(failure("TOO_MANY_FILES", `At most ${MAX_FILES_PER_UPLOAD} files per upload (${files.length} chosen)`));
  }
  const xhr = (request.createXhr ?? (() => new XMLHttpRequest()))();
  return new Promise((resolve) => {
    xhr.open("POST", url);
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    // Multipart is a "simple" content type: the gateway requires this header so browsers preflight it (CSRF).
    xhr.setRequestHeader("apollo-require-preflight", "true");
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => resolve(parseAddFramesResponse(xhr.status, xhr.responseText));
    xhr.onerror = () => resolve(failure("NETWORK_ERROR", "The upload could not reach the server"));
    xhr.ontimeout = () => resolve(failure("UPLOAD_TIMEOUT", "The upload took too long"));
    xhr.onabort = () => resolve(failure("UPLOAD_CANCELLED", "The upload was cancelled"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(buildAddFramesBody(taskId, files));
  });
}

function failure(code: string, message: string): UploadFramesResult {
  return { ok: false, errors: [{ code, message }] };
}
