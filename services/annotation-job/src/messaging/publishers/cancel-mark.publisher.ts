import type { KV } from "@nats-io/kv";
import type { Messaging } from "@prelabel/messaging";
import { Buckets } from "@prelabel/proto";

/** The value of a cancelled job's key in the job-control bucket (workers watch for it). */
export const CANCELLED_MARK = "cancelled";

/** Tells every worker that a job was cancelled, so they skip its frames. */
export interface CancelMarks {
  /** `<jobId>` = CANCELLED_MARK in the job-control bucket (idempotent). */
  markCancelled(jobId: string): Promise<void>;
}

export class KvCancelMarks implements CancelMarks {
  private kv?: Promise<KV>;

  constructor(private readonly messaging: Pick<Messaging, "keyValue">) {}

  async markCancelled(jobId: string): Promise<void> {
    this.kv ??= this.messaging.keyValue(Buckets.jobControl).catch((err: unknown) => {
      this.kv = undefined;
      throw err;
    });
    await (await this.kv).put(jobId, CANCELLED_MARK);
  }
}
