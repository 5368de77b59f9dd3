import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { RequestTooLargeError } from "@prelabel/service-kit";
import { ModelTooLargeError } from "../domain/model-registry.errors.js";
import type { SpooledFile } from "../domain/model-upload.ports.js";

export interface SpoolOptions {
  fileName: string;
  maxBytes: number;
  /** Parent of the private temp folder; defaults to the OS temp dir. */
  dir?: string;
}

/**
 * Writes an upload to a private temp folder while hashing (sha256) and counting it, so memory holds one
 * chunk whatever the file size; past `maxBytes` it stops reading and fails with PAYLOAD_TOO_LARGE.
 */
export async function spoolUpload(stream: Readable, options: SpoolOptions): Promise<SpooledFile> {
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), "prelabel-model-upload-"));
  const path = join(dir, "model.onnx");
  let removed: Promise<void> | undefined;
  const remove = () => (removed ??= rm(dir, { recursive: true, force: true }));
  const hash = createHash("sha256");
  let sizeBytes = 0;
  const tooLarge = () => new ModelTooLargeError(options.fileName, options.maxBytes);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.byteLength;
      if (sizeBytes > options.maxBytes) return done(tooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    // Read by async iteration, not pipe(): graphql-upload-minimal unpipes the file stream at its size
    // limit, which would leave a piped pipeline waiting forever.
    const chunks = async function* () {
      for await (const chunk of stream) yield chunk as Buffer;
    };
    await pipeline(chunks, meter, createWriteStream(path, { flags: "wx", mode: 0o600 }));
    // busboy stops at its own fileSize limit and marks the stream truncated instead of failing.
    if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLarge();
  } catch (err) {
    stream.destroy();
    await remove();
    // The whole request went over its limit: that message, not the model's.
    if (err instanceof RequestTooLargeError) throw err;
    throw isTooLarge(err) ? tooLarge() : err;
  }
  return { path, fileName: options.fileName, sha256: hash.digest("hex"), sizeBytes, remove };
}

/** graphql-upload-minimal reports its size limit as an HTTP 413 error. */
export function isTooLarge(err: unknown): boolean {
  if (err instanceof ModelTooLargeError) return true;
  return (
    typeof err === "object" &&
    err !== null &&
    ((err as { status?: unknown }).status === 413 || (err as { statusCode?: unknown }).statusCode === 413)
  );
}

/** Keeps a display name only: no directories, no control characters. */
export function safeFileName(raw: string | undefined, fallback = "model.onnx"): string {
  const name = basename((raw ?? "").replace(/\\/g, "/"))
    // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim();
  return name || fallback;
}
