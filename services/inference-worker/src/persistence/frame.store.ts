import { readObject, type DirectObjectAccess } from "@prelabel/messaging";
import type { ObjectStore } from "@nats-io/obj";

/**
 * Frame images in the frames bucket (Buckets.frames), stored by task under the name each InferFrame carries; read
 * with direct gets of their chunks when `direct` is given (libs/messaging's readObject says why).
 */
export class FrameStore {
  constructor(
    private readonly bucket: ObjectStore,
    private readonly direct?: DirectObjectAccess,
  ) {}

  /** The stored bytes; null when no object has that name. */
  read(name: string): Promise<Uint8Array | null> {
    return readObject(this.bucket, name, this.direct);
  }
}
