import type { Client } from "@urql/core";
import type { ModelSpecInput, UploadModelMutation } from "../../gql/graphql.js";
import { describeModelError, describeModelRequestError, type ModelErrorView } from "./model-error.messages.js";
import { UploadModelDocument } from "./models.api.js";

/** An upload that sends nothing for this long is abandoned (a model is up to 256 MiB; the server checks it after). */
export const MODEL_UPLOAD_TIMEOUT_MS = 15 * 60 * 1000;

export type UploadModelResult = { ok: true; model: UploadModelMutation["uploadModel"] } | { ok: false; error: ModelErrorView };

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface XhrFetchOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** Cancels the upload (urql's own signal only fires when the operation is torn down). */
  signal?: AbortSignal;
  /** Tests pass a fake. */
  createXhr?: () => XMLHttpRequest;
}

/**
 * A `fetch` over XMLHttpRequest, for the one thing fetch cannot do: report upload progress. urql builds the GraphQL
 * multipart request (operations, map, the file) and reads the answer as usual, so the mutation goes through its
 * document cache like any other and every list of models (this page's, the annotation dialog's) is refetched.
 */
export function xhrFetch({ onProgress, signal, createXhr = () => new XMLHttpRequest() }: XhrFetchOptions = {}): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = createXhr();
      xhr.open(init.method ?? "POST", typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      xhr.timeout = MODEL_UPLOAD_TIMEOUT_MS;
      for (const [name, value] of Object.entries((init.headers ?? {}) as Record<string, string>)) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
      };
      xhr.onload = () =>
        resolve(
          new Response(xhr.responseText, {
            status: xhr.status,
            headers: { "content-type": xhr.getResponseHeader("content-type") ?? "application/json" },
          }),
        );
      xhr.onerror = () => reject(new TypeError("the upload could not reach the server"));
      xhr.ontimeout = () => reject(new TypeError("the upload took too long"));
      xhr.onabort = () => reject(new DOMException("the upload was cancelled", "AbortError"));
      for (const s of [init.signal, signal]) s?.addEventListener("abort", () => xhr.abort(), { once: true });
      xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
    });
}

export interface UploadModelRequest {
  file: File;
  spec: ModelSpecInput;
  /** requestHeaders(apiKey) from src/graphql: the CSRF header and, in cloud mode, the bearer key. */
  headers: Record<string, string>;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  createXhr?: () => XMLHttpRequest;
}

/** uploadModel as a GraphQL multipart request through the console's client; never rejects (failures are results). */
export async function uploadModel(client: Client, request: UploadModelRequest): Promise<UploadModelResult> {
  const { file, spec, headers, onProgress, signal, createXhr } = request;
  if (signal?.aborted) return { ok: false, error: { code: "UPLOAD_CANCELLED", message: "The upload was cancelled.", problems: [] } };
  const result = await client
    .mutation(
      UploadModelDocument,
      { file, spec },
      {
        fetch: xhrFetch({ onProgress, signal, createXhr }),
        // Replaces the client's fetchOptions for this request: the session's headers plus the multipart preflight header
        // (multipart is a "simple" content type; the gateway's CSRF prevention wants a header browsers preflight).
        fetchOptions: { headers: { ...headers, "apollo-require-preflight": "true" } },
      },
    )
    .toPromise();
  if (result.data?.uploadModel) return { ok: true, model: result.data.uploadModel };
  if (result.error) {
    if (signal?.aborted) return { ok: false, error: { code: "UPLOAD_CANCELLED", message: "The upload was cancelled.", problems: [] } };
    // The gateway refuses an oversized request from its Content-Length, before any GraphQL answer.
    const response = result.error.response as Response | undefined;
    if (!result.error.graphQLErrors.length && response?.status === 413) {
      return { ok: false, error: describeModelError({ message: "", extensions: { code: "PAYLOAD_TOO_LARGE" } }) };
    }
    return { ok: false, error: describeModelRequestError(result.error) };
  }
  return { ok: false, error: { code: null, message: "The server answered without a result.", problems: [] } };
}
