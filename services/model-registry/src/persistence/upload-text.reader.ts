import type { Readable } from "node:stream";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { isTooLarge } from "./upload-spool.store.js";

/**
 * Reads a small uploaded text file (a function.yaml) into memory, counting bytes as they stream: past `maxBytes`
 * it stops reading and fails with PAYLOAD_TOO_LARGE, so a large upload is never buffered whole.
 */
export async function readUploadText(stream: Readable, options: { fileName: string; maxBytes: number }): Promise<string> {
  const tooLarge = () =>
    new AppError(ErrorCode.PayloadTooLarge, `"${options.fileName}" exceeds the ${options.maxBytes} byte limit`, {
      file: options.fileName,
      maxBytes: options.maxBytes,
    });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.byteLength;
      if (size > options.maxBytes) {
        stream.destroy();
        throw tooLarge();
      }
      chunks.push(buffer);
    }
  } catch (err) {
    stream.destroy();
    if (err instanceof AppError) throw err;
    if (isTooLarge(err)) throw tooLarge();
    throw err;
  }
  // busboy stops at the request's own file limit and marks the stream truncated instead of failing.
  if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLarge();
  return Buffer.concat(chunks).toString("utf8");
}
