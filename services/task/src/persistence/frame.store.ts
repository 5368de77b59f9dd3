import type { ObjectStore } from "@nats-io/obj";
import { readObject, type DirectObjectAccess } from "@prelabel/messaging";
import { objectNameOf } from "../domain/frame-object.js";

/** Frame bytes by content address in the frames bucket (Buckets.frames): storing the same bytes twice costs nothing. */
export class FrameStore {
  constructor(
    private readonly store: ObjectStore,
    /** Reads with direct gets of the chunks (libs/messaging's readObject), not a consumer per object. */
    private readonly direct?: DirectObjectAccess,
  ) {}

  /** Stores the bytes unless an object of that name exists; returns the name. */
  async put(bytes: Uint8Array): Promise<string> {
    const name = objectNameOf(bytes);
    const info = await this.store.info(name);
    if (!info || info.deleted) await this.store.putBlob({ name }, bytes);
    return name;
  }

  get(name: string): Promise<Uint8Array | null> {
    return readObject(this.store, name, this.direct);
  }

  async has(name: string): Promise<boolean> {
    const info = await this.store.info(name);
    return !!info && !info.deleted;
  }

  /** Removes the object (a missing one is not an error). Only the collector calls this, under the object's lock. */
  async delete(name: string): Promise<void> {
    await this.store.delete(name);
  }

  /** The names of every object in the bucket (deleted ones excluded). */
  async list(): Promise<string[]> {
    return (await this.store.list()).filter((info) => !info.deleted).map((info) => info.name);
  }
}
