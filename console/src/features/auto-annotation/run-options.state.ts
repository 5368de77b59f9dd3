/**
 * The run's options beside the mapping (issue 16): per-class thresholds, tiling for small objects and "flag for review
 * below". The texts as typed, the server's rules for them (services/annotation-job/src/domain/label-thresholds.ts and
 * tiling.ts) checked before any request, and the StartAutoAnnotationInput fields sent. Pure: no React, no I/O.
 */
import type { LabelThresholdInput, TileMerge, TilingInput } from "../../gql/graphql.js";
import type { ModelLabel, ModelSource } from "./auto-annotation.api.js";
import type { MappingRow } from "./label-mapping.state.js";

export type { TileMerge };

export interface TilingDraft {
  readonly enabled: boolean;
  readonly tileSize: string;
  readonly overlap: string;
  readonly merge: TileMerge;
}

export interface RunOptionsDraft {
  /** Task label id → its own threshold as typed; empty or absent: the global threshold. */
  readonly labelThresholds: Readonly<Record<string, string>>;
  readonly tiling: TilingDraft;
  /** Empty: nothing is flagged for review. */
  readonly reviewBelow: string;
}

/** The server's limits (TILING_LIMITS) and defaults (DEFAULT_TILE_OVERLAP, DEFAULT_TILE_MERGE). */
export const TILE_SIZE_MIN = 128;
export const TILE_SIZE_MAX = 4096;
export const TILE_OVERLAP_MAX = 0.5;
/** A common detector input size: a 4K frame becomes about 6 × 4 tiles. */
export const DEFAULT_TILE_SIZE = 640;

export const DEFAULT_RUN_OPTIONS: RunOptionsDraft = {
  labelThresholds: {},
  tiling: { enabled: false, tileSize: String(DEFAULT_TILE_SIZE), overlap: "0.2", merge: "NMS" },
  reviewBelow: "",
};

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const INTEGER = /^\d+$/;

export type Parsed<T> = { readonly ok: true; readonly value: T | undefined } | { readonly ok: false; readonly message: string };

/** A score in (0, 1]; empty is `undefined` (`emptyMeans` says what that is, for the message). */
export function parseScore(text: string, what: string, emptyMeans: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  if (!DECIMAL.test(trimmed))
    return { ok: false, message: `${what}: "${trimmed}" is not a number: enter a value such as 0.5, or leave it empty.` };
  const value = Number(trimmed);
  if (value <= 0) return { ok: false, message: `${what} must be greater than 0 (leave it empty for ${emptyMeans}).` };
  if (value > 1) return { ok: false, message: `${what} must be at most 1: scores are between 0 and 1.` };
  return { ok: true, value };
}

export function parseTileSize(text: string): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!INTEGER.test(trimmed) || value < TILE_SIZE_MIN || value > TILE_SIZE_MAX) {
    return { ok: false, message: `The tile size must be a whole number of pixels from ${TILE_SIZE_MIN} to ${TILE_SIZE_MAX}.` };
  }
  return { ok: true, value };
}

export function parseOverlap(text: string): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!DECIMAL.test(trimmed) || value < 0 || value > TILE_OVERLAP_MAX) {
    return { ok: false, message: `The overlap must be from 0 to ${TILE_OVERLAP_MAX} (a fraction of the tile).` };
  }
  return { ok: true, value };
}

/**
 * The task labels the mapping sends results to (top-level only: a skeleton's points share their skeleton's score), in
 * the task's order: the labels a per-class threshold can be given for.
 */
export function mappedTaskLabelIds(rows: readonly MappingRow[], taskLabelIds: readonly string[]): string[] {
  const mapped = new Set(rows.flatMap((r) => (r.taskLabelId === null ? [] : [r.taskLabelId])));
  return taskLabelIds.filter((id) => mapped.has(id));
}

/** Field key → message, for every option that the server would refuse. Keys: `threshold:<taskLabelId>`, `tileSize`, `overlap`, `reviewBelow`. */
export type RunOptionProblems = Readonly<Record<string, string>>;

export function runOptionProblems(
  draft: RunOptionsDraft,
  labelIds: readonly string[],
  labelName: (id: string) => string,
): RunOptionProblems {
  const problems: Record<string, string> = {};
  for (const id of labelIds) {
    const parsed = parseScore(draft.labelThresholds[id] ?? "", `The threshold of "${labelName(id)}"`, "the global threshold");
    if (!parsed.ok) problems[`threshold:${id}`] = parsed.message;
  }
  if (draft.tiling.enabled) {
    const size = parseTileSize(draft.tiling.tileSize);
    if (!size.ok) problems.tileSize = size.message;
    const overlap = parseOverlap(draft.tiling.overlap);
    if (!overlap.ok) problems.overlap = overlap.message;
  }
  const review = parseScore(draft.reviewBelow, '"Flag for review below"', "no review");
  if (!review.ok) problems.reviewBelow = review.message;
  return problems;
}

export interface RunOptionsInput {
  thresholds?: LabelThresholdInput[];
  tiling?: TilingInput;
  reviewBelow?: number;
}

/**
 * The StartAutoAnnotationInput fields for a valid draft (check runOptionProblems first): thresholds by task label id
 * (the server takes an id or a name) for the listed labels only; tiling only when enabled; omitted fields are left out.
 */
export function runOptionsInput(draft: RunOptionsDraft, labelIds: readonly string[]): RunOptionsInput {
  const input: RunOptionsInput = {};
  const thresholds = labelIds.flatMap((id) => {
    const parsed = parseScore(draft.labelThresholds[id] ?? "", "", "");
    return parsed.ok && parsed.value !== undefined ? [{ label: id, threshold: parsed.value }] : [];
  });
  if (thresholds.length) input.thresholds = thresholds;
  if (draft.tiling.enabled) {
    input.tiling = {
      tileSize: Number(draft.tiling.tileSize.trim()),
      overlap: Number(draft.tiling.overlap.trim()),
      merge: draft.tiling.merge,
    };
  }
  const review = parseScore(draft.reviewBelow, "", "");
  if (review.ok && review.value !== undefined) input.reviewBelow = review.value;
  return input;
}

const HUB_SOURCES: ReadonlySet<ModelSource> = new Set(["HUGGING_FACE", "ROBOFLOW"]);

/**
 * Why the server would answer TILING_NOT_APPLICABLE, or null: a hosted model (each tile one more network call, billed
 * by the hub), or a mapping whose every model label is a tag (a classifier finds no objects to cut tiles for).
 */
export function tilingUnavailableReason(
  model: { readonly source: ModelSource; readonly labels: readonly ModelLabel[] },
  rows: readonly MappingRow[],
): string | null {
  if (HUB_SOURCES.has(model.source))
    return "Tiling is not offered for hosted (Hugging Face, Roboflow) models: every tile would be one more network call.";
  const types = new Map(model.labels.map((l) => [l.name, l.type]));
  const mapped = rows.filter((r) => r.taskLabelId !== null);
  if (mapped.length > 0 && mapped.every((r) => types.get(r.modelLabel) === "TAG")) {
    return "Tiling finds small objects: it does not apply to a model whose mapped labels are all tags.";
  }
  return null;
}

/**
 * Per-class threshold texts from an evaluation's best-F1 thresholds (labels without one are left as they were). Cut
 * (not rounded) to 4 decimals so the detection scored at the best threshold is still kept; never 0 (refused).
 */
export function withBestF1Thresholds(
  current: Readonly<Record<string, string>>,
  labels: readonly { readonly taskLabelId: string; readonly bestF1Threshold: number | null | undefined }[],
): Record<string, string> {
  const next: Record<string, string> = { ...current };
  for (const l of labels) {
    if (l.bestF1Threshold === null || l.bestF1Threshold === undefined) continue;
    const cut = Math.min(1, Math.max(0.0001, Math.floor(l.bestF1Threshold * 10_000 + 1e-9) / 10_000));
    next[l.taskLabelId] = String(cut);
  }
  return next;
}
