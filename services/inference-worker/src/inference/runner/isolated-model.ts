import { FrameFailureCode } from "@prelabel/proto";
import { FrameFailure } from "../inference.errors.js";
import type { InferenceRunnerPool, RunnerResult } from "./runner-pool.js";
import type { RunnerFrameOptions, RunnerModelPlan } from "./runner.protocol.js";
import type { TimeoutBreaker } from "./timeout-breaker.js";

/** The failure of a frame whose (tenant, model) breaker is open: INFERENCE_TIMEOUT without running. */
export function failingFast(modelId: string, open: { timeouts: number; retryInMs: number }): FrameFailure {
  return new FrameFailure(
    FrameFailureCode.INFERENCE_TIMEOUT,
    `model ${modelId} timed out on ${open.timeouts} frames in a row; its frames fail without running for the next ${Math.ceil(open.retryInMs / 1000)} s`,
  );
}

/** The runner processes and the per-(tenant, model) timeout breaker, shared by every isolated model of a worker. */
export interface IsolatedRuntime {
  readonly pool: Pick<InferenceRunnerPool, "run" | "preload">;
  readonly breaker: TimeoutBreaker;
}

/**
 * A model that runs in the worker's runner processes, as one tenant's frames see it: each frame is decoded
 * and inferred there within `budgetMs`; a tenant's model whose frames keep timing out fails fast (breaker).
 */
export class IsolatedModel {
  readonly isolated = true;

  constructor(
    private readonly runtime: IsolatedRuntime,
    private readonly tenantId: string,
    readonly plan: RunnerModelPlan,
    readonly budgetMs: number,
  ) {}

  async infer(frame: Uint8Array, options: RunnerFrameOptions, signal?: AbortSignal): Promise<RunnerResult> {
    const { breaker, pool } = this.runtime;
    const modelId = this.plan.modelId;
    const admitted = breaker.admit(this.tenantId, modelId);
    if (!admitted.allowed) throw failingFast(modelId, admitted);
    try {
      const result = await pool.run({ plan: this.plan, frame, options, budgetMs: this.budgetMs, ...(signal ? { signal } : {}) });
      breaker.finished(this.tenantId, modelId);
      return result;
    } catch (err) {
      // Only a timeout counts against the model; a cancel, a bad frame or a load failure says nothing either way.
      if (err instanceof FrameFailure && err.code === FrameFailureCode.INFERENCE_TIMEOUT) breaker.timedOut(this.tenantId, modelId);
      else breaker.released(this.tenantId, modelId);
      throw err;
    }
  }
}
