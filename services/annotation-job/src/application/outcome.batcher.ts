import type { FrameOutcome, OutcomeResult } from "./job-outcome.service.js";

/** Records one job's outcomes in one transaction (JobOutcomeService.recordJobOutcomes). */
export type RecordJobOutcomes = (outcomes: readonly FrameOutcome[]) => Promise<OutcomeResult[]>;

interface Waiting {
  outcome: FrameOutcome;
  resolve: (result: OutcomeResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit of frame outcomes: each job has one lane; outcomes that arrive while the lane's transaction runs wait
 * and go together in its next one (at most `maxBatch`). At low rates a batch is one outcome and adds no delay; at high
 * rates one transaction (one row lock, one INSERT, one UPDATE) settles many frames instead of each taking the job's
 * row lock in turn. Jobs' lanes run side by side. Each caller learns its own outcome's result (or its batch's error)
 * only after the batch's transaction committed, so its message is acked after the commit and never before.
 */
export class OutcomeBatcher {
  private readonly lanes = new Map<string, Waiting[]>();

  constructor(
    private readonly record: RecordJobOutcomes,
    private readonly maxBatch = 500,
  ) {}

  submit(outcome: FrameOutcome): Promise<OutcomeResult> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(outcome.jobId);
      if (lane) {
        lane.push({ outcome, resolve, reject });
        return;
      }
      this.lanes.set(outcome.jobId, [{ outcome, resolve, reject }]);
      // Started on the next turn, so the outcomes one pull delivered at once share the first batch too.
      setImmediate(() => void this.drain(outcome.jobId));
    });
  }

  /** Runs the lane's batches one after another until it is empty, then removes it. */
  private async drain(jobId: string): Promise<void> {
    const lane = this.lanes.get(jobId);
    if (!lane) return;
    while (lane.length) {
      const batch = lane.splice(0, this.maxBatch);
      try {
        const results = await this.record(batch.map((w) => w.outcome));
        batch.forEach((w, i) => w.resolve(results[i]));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.lanes.delete(jobId);
  }
}
