import type { ObjectStore } from "@nats-io/obj";

/** Frame images in the frames bucket (Buckets.frames), stored by task under the name each InferFrame carries. */
export class FrameStore {
  constructor(private readonly bucket: ObjectStore) {}

  /** The stored bytes; null when no object has that name. */
  read(name: string): Promise<Uint8Array | null> {
    return this.bucket.getBlob(name);
  }
}
