import type { ObjectStore } from "@nats-io/obj";
import type { ArtifactSource } from "../storage/model-artifact.cache.js";

/**
 * Reads model bytes from the models bucket (Buckets.models), where each uploaded file is stored under its sha256
 * (lowercase hex); the object store also checks its own digest while streaming.
 */
export function objectStoreArtifactSource(store: ObjectStore): ArtifactSource {
  return {
    open: async (sha256) => {
      const result = await store.get(sha256);
      if (!result) return null;
      return (async function* () {
        for await (const chunk of result.data as unknown as AsyncIterable<Uint8Array>) yield chunk;
        const error = await result.error;
        if (error) throw error;
      })();
    },
  };
}
