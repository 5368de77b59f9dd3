import { createHash } from "node:crypto";
import type { DirectMsgRequest, StoredMsg } from "@nats-io/jetstream";
import type { ObjectInfo, ObjectStore } from "@nats-io/obj";

/** JetStream direct get on a bucket's stream (the object store's streams allow it). */
export interface DirectGet {
  getMessage(stream: string, query: DirectMsgRequest): Promise<StoredMsg | null>;
}

/** What a direct read of a bucket needs: the JetStream direct API and the bucket's name on the server (namespaced). */
export interface DirectObjectAccess {
  readonly api: DirectGet;
  readonly bucketName: string;
}

const SHA256_PREFIX = "SHA-256=";

/**
 * An object's bytes, or null when no object has that name. With `direct`, read with direct gets of the object's
 * chunks (one request each; a frame is usually one 128 KiB chunk) rather than the client's `getBlob`, which creates
 * a push consumer on the server for every object: measured 0.5–0.7 ms of the reader's CPU and 0.6–0.9 ms of the NATS
 * server's per frame against 1.0–2.7 and 2.0–2.6 ms. The digest is checked as `getBlob` does, with node's sha256.
 */
export async function readObject(bucket: ObjectStore, name: string, direct?: DirectObjectAccess): Promise<Uint8Array | null> {
  if (!direct) return bucket.getBlob(name);
  const info = await bucket.info(name);
  if (!info || info.deleted) return null;
  // Links and digests of another kind: the client's own path.
  if (info.options?.link || !info.digest.startsWith(SHA256_PREFIX)) return bucket.getBlob(name);
  if (info.size === 0) return new Uint8Array(0);
  return readChunks(info, direct);
}

async function readChunks(info: ObjectInfo, { api, bucketName }: DirectObjectAccess): Promise<Uint8Array> {
  const subject = `$O.${bucketName}.C.${info.nuid}`;
  const stream = `OBJ_${bucketName}`;
  const chunks: Uint8Array[] = [];
  const hash = createHash("sha256");
  let size = 0;
  let seq = 0;
  for (let n = 0; n < info.chunks; n++) {
    const m = await api.getMessage(stream, seq ? { seq: seq + 1, next_by_subj: subject } : { next_by_subj: subject });
    if (!m) throw new Error(`object ${info.name} has fewer than its ${info.chunks} chunks`);
    chunks.push(m.data);
    hash.update(m.data);
    size += m.data.length;
    seq = m.seq;
  }
  if (size !== info.size) throw new Error(`object ${info.name} holds ${size} bytes, not ${info.size}`);
  const expected = Buffer.from(info.digest.slice(SHA256_PREFIX.length), "base64url");
  if (!hash.digest().equals(expected)) throw new Error(`received a corrupt object ${info.name}: digests do not match`);
  // One chunk (most frames) is handed on as received, not copied.
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}
