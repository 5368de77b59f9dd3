import type { Evaluation, EvaluationResults } from "./evaluation.js";
import type { FrameFailure } from "./frame-outcome.js";

export interface EvaluationCounters {
  framesDone: number;
  framesFailed: number;
  failures: FrameFailure[];
}

/**
 * Where evaluations are kept. Reads take the caller's tenant: another tenant's evaluation is as absent as an unknown id.
 * Writes after the insert apply only to a RUNNING evaluation (one that an interruption sweep has failed stays FAILED).
 */
export interface EvaluationRepository {
  insert(evaluation: Evaluation): Promise<Evaluation>;
  findById(tenantId: string, id: string): Promise<Evaluation | null>;
  /** The task's evaluations of the tenant, newest first, at most `limit`. */
  listByTask(tenantId: string, taskId: string, limit: number): Promise<Evaluation[]>;
  /** Deletes the task's evaluations of the tenant (the task is gone); returns how many. */
  deleteByTask(tenantId: string, taskId: string): Promise<number>;
  /** Stores the counters and bumps updated_at (the heartbeat the interruption sweep looks at). */
  progress(id: string, counters: EvaluationCounters): Promise<void>;
  /** RUNNING → COMPLETED with the results; null when it is no longer RUNNING. */
  complete(id: string, counters: EvaluationCounters, results: EvaluationResults, now: Date): Promise<Evaluation | null>;
  /** RUNNING → FAILED; null when it is no longer RUNNING. */
  fail(id: string, code: string, reason: string, counters: EvaluationCounters | null, now: Date): Promise<Evaluation | null>;
  /** RUNNING evaluations unchanged for `staleAfterMs` → FAILED with the code; returns their ids. */
  failStale(staleAfterMs: number, code: string, reason: string): Promise<string[]>;
}
