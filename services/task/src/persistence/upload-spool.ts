import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ByteSource } from "../domain/interchange/interchange-reader.js";

/** An upload past its byte limit (counted while spooling, or truncated by the multipart parser at its limit). */
export class SpoolLimitError extends Error {
  override readonly name = "SpoolLimitError";
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/** An upload written to a private temp file: readable as often as a reader needs, removed by `remove`. */
export interface SpooledFile {
  path: string;
  bytes: number;
  source: ByteSource;
  remove(): Promise<void>;
}

/**
 * Writes a stream to a temp file of its own (a fresh 0700 directory under the OS temp dir), failing with
 * SpoolLimitError past `maxBytes`; memory holds one chunk. The file is removed on failure.
 */
export async function spoolToTempFile(stream: Readable, maxBytes: number, prefix = "prelabel-import-"): Promise<SpooledFile> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const path = join(dir, "upload");
  const remove = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  try {
    await pipeline(
      stream,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.byteLength;
          if (bytes > maxBytes) throw new SpoolLimitError(maxBytes);
          yield chunk;
        }
      },
      createWriteStream(path, { mode: 0o600 }),
    );
    // busboy stops at its own fileSize limit and marks the stream truncated instead of failing.
    if ((stream as Readable & { truncated?: boolean }).truncated) throw new SpoolLimitError(maxBytes);
  } catch (err) {
    await remove();
    throw err;
  }
  return { path, bytes, source: () => createReadStream(path, { highWaterMark: 256 * 1024 }), remove };
}
