import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** SHA-256 of a file, lowercase hex, streamed (a model file may be hundreds of MB). */
export async function sha256OfFile(path: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash("sha256");
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    sizeBytes += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest("hex"), sizeBytes };
}
