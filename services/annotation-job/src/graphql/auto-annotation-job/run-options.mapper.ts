import type { LabelThreshold, LabelThresholdRequest } from "../../domain/label-thresholds.js";
import type { JobTiling, TilingRequest } from "../../domain/tiling.js";
import type { LabelThresholdInput, TilingInput } from "./run-options.input.js";
import { LabelThresholdType, TilingType } from "./run-options.type.js";

/** The GraphQL inputs as the service's RunRequest takes them (omitted stays null). */
export function toLabelThresholdRequests(input: readonly LabelThresholdInput[] | null | undefined): LabelThresholdRequest[] | null {
  return input ? input.map((t) => ({ label: t.label, threshold: t.threshold })) : null;
}

export function toTilingRequest(input: TilingInput | null | undefined): TilingRequest | null {
  return input ? { tileSize: input.tileSize, overlap: input.overlap, merge: input.merge } : null;
}

export function toLabelThresholdType(t: LabelThreshold): LabelThresholdType {
  return Object.assign(new LabelThresholdType(), { taskLabelId: t.taskLabelId, taskLabel: t.taskLabel, threshold: t.threshold });
}

export function toTilingType(t: JobTiling | null): TilingType | null {
  return t ? Object.assign(new TilingType(), { tileSize: t.tileSize, overlap: t.overlap, merge: t.merge }) : null;
}
