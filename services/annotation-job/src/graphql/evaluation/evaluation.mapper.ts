import type { Evaluation } from "../../domain/evaluation.js";
import { toLabelMappingType } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { toLabelThresholdType, toTilingType } from "../auto-annotation-job/run-options.mapper.js";
import { EvaluationType } from "./evaluation.type.js";

/** The GraphQL view of a stored evaluation (`task` and `model` resolve by id). */
export function toEvaluationType(e: Evaluation): EvaluationType {
  return Object.assign(new EvaluationType(), {
    id: e.id,
    taskId: e.taskId,
    task: { id: e.taskId },
    modelId: e.modelId,
    model: { id: e.modelId },
    status: e.status,
    framesTotal: e.framesTotal,
    framesDone: e.framesDone,
    framesFailed: e.framesFailed,
    threshold: e.threshold,
    thresholds: e.labelThresholds.map(toLabelThresholdType),
    tiling: toTilingType(e.tiling),
    mapping: e.mapping.map(toLabelMappingType),
    labels: e.results?.labels ?? [],
    unevaluatedLabels: e.results?.unevaluated ?? [],
    meanAp50: e.results?.meanAp50 ?? null,
    meanAp: e.results?.meanAp ?? null,
    failures: e.failures,
    failureCode: e.status === "FAILED" ? e.failureCode : null,
    failureReason: e.status === "FAILED" ? e.failureReason : null,
    createdAt: e.createdAt,
    finishedAt: e.finishedAt,
  });
}
