import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { ObjectStore } from "@nats-io/obj";
import type { ModelArtifactStore, SpooledFile } from "../domain/model-upload.ports.js";

/** The object store's own digest notation for a sha256: "SHA-256=" + padded base64url. */
export function objectStoreDigest(sha256Hex: string): string {
  return `SHA-256=${Buffer.from(sha256Hex, "hex").toString("base64url")}=`;
}

/**
 * Model bytes by digest (`Buckets.models`, each file under its sha256 in lowercase hex); the store checks the digest
 * again on every read.
 */
export class NatsModelArtifactStore implements ModelArtifactStore {
  constructor(private readonly store: ObjectStore) {}

  async has(sha256: string, sizeBytes: number): Promise<boolean> {
    const info = await this.store.info(sha256);
    return !!info && !info.deleted && info.size === sizeBytes && info.digest === objectStoreDigest(sha256);
  }

  async put(file: SpooledFile): Promise<void> {
    const body = Readable.toWeb(createReadStream(file.path)) as unknown as ReadableStream<Uint8Array>;
    const info = await this.store.put({ name: file.sha256 }, body);
    // The file could have changed on disk since it was hashed: never keep bytes under a wrong name.
    if (info.size !== file.sizeBytes || info.digest !== objectStoreDigest(file.sha256)) {
      await this.store.delete(file.sha256).catch(() => undefined);
      throw new Error(`stored model bytes do not match ${file.sha256} (${file.sizeBytes} bytes): got ${info.digest}, ${info.size} bytes`);
    }
  }

  async delete(sha256: string): Promise<void> {
    const info = await this.store.info(sha256);
    if (!info || info.deleted) return;
    await this.store.delete(sha256);
  }
}
