import { basename } from "node:path";
import type { Readable } from "node:stream";
import { RequestTooLargeError } from "@prelabel/service-kit";
import type { FileUpload } from "graphql-upload-minimal";
import type { FileSource } from "../../domain/frame-source.js";
import { TaskErrors } from "../../domain/task.errors.js";

/**
 * addFrames' multipart files as the import use case reads them: one at a time, each within its byte limit, and all
 * of them within `maxTotalBytes` (MAX_UPLOAD_REQUEST_BYTES: the subgraph's multipart limit is the larger one a video
 * needs, so addFrames holds its whole request to its own limit here, PAYLOAD_TOO_LARGE past it).
 */
export function uploadedFrameSources(files: readonly Promise<FileUpload>[], maxTotalBytes = Number.MAX_SAFE_INTEGER): FileSource[] {
  let total = 0;
  return files.map((upload, i) => async (maxBytes) => {
    const read = await readUpload(upload, i, maxBytes);
    total += read.bytes.byteLength;
    if (total > maxTotalBytes) throw new RequestTooLargeError(maxTotalBytes);
    return read;
  });
}

async function readUpload(upload: Promise<FileUpload>, i: number, maxBytes: number): Promise<{ name: string; bytes: Uint8Array }> {
  let file: FileUpload;
  let stream;
  let name = `frame-${i}`;
  try {
    file = await upload;
    name = safeFileName(file.filename, name);
    stream = file.createReadStream();
  } catch (err) {
    if (isTooLarge(err)) throw TaskErrors.payloadTooLarge(name, maxBytes);
    throw err;
  }
  return { name, bytes: await readStream(stream, name, maxBytes) };
}

/** Uploads the mutation did not read (after an error) are drained so the request can finish. */
export function discardUnread(files: readonly Promise<FileUpload>[]): void {
  for (const upload of files) {
    void Promise.resolve(upload)
      .then((file) => {
        try {
          file.createReadStream().resume();
        } catch {
          // Already read, or failed at the parser: nothing to drain.
        }
      })
      .catch(() => undefined);
  }
}

/** Reads a stream fully, failing with PAYLOAD_TOO_LARGE past `maxBytes` or when the parser truncated it at its limit. */
export async function readStream(stream: Readable, name: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      total += buf.byteLength;
      if (total > maxBytes) throw TaskErrors.payloadTooLarge(name, maxBytes);
      chunks.push(buf);
    }
  } catch (err) {
    stream.destroy();
    // The whole request went over its limit: that message, not this frame's.
    if (err instanceof RequestTooLargeError) throw err;
    if (isTooLarge(err)) throw TaskErrors.payloadTooLarge(name, maxBytes);
    throw err;
  }
  // busboy stops at its own fileSize limit and marks the stream truncated instead of failing.
  if ((stream as Readable & { truncated?: boolean }).truncated) throw TaskErrors.payloadTooLarge(name, maxBytes);
  return Buffer.concat(chunks, total);
}

/** graphql-upload-minimal reports its size limit as an HTTP 413 error. */
export function isTooLarge(err: unknown): boolean {
  if (err instanceof Error && (err as { code?: unknown }).code === "PAYLOAD_TOO_LARGE") return true;
  return (
    typeof err === "object" &&
    err !== null &&
    ((err as { status?: unknown }).status === 413 || (err as { statusCode?: unknown }).statusCode === 413)
  );
}

/** Keeps a display name only: no directories, no control characters. */
export function safeFileName(raw: string | undefined, fallback: string): string {
  const name = basename((raw ?? "").replace(/\\/g, "/"))
    // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim();
  return name || fallback;
}
