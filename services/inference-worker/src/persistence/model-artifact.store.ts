import type { ObjectStore } from "@nats-io/obj";
import type { ArtifactSource } from "./model-artifact.cache.js";

/**
 * Uploaded model files in the models bucket (Buckets.models), each stored by model-registry under its sha256
 * (lowercase hex); the object store also checks its own digest while streaming.
 */
export class ModelArtifactStore implements ArtifactSource {
  constructor(private readonly bucket: ObjectStore) {}

  async open(sha256: string): Promise<AsyncIterable<Uint8Array> | null> {
    const result = await this.bucket.get(sha256);
    if (!result) return null;
    return (async function* () {
      for await (const chunk of result.data as unknown as AsyncIterable<Uint8Array>) yield chunk;
      const error = await result.error;
      if (error) throw error;
    })();
  }
}
