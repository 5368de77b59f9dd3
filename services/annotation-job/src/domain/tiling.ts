import type { LabelMapping, ModelLabel } from "./labels.js";

/**
 * Tiling (small objects): the worker cuts the frame into tileSize × tileSize tiles overlapping by `overlap` (a fraction
 * of the tile), runs the model on each beside the whole frame, and merges the detections class-wise (NMS or WBF).
 */

export const TileMerges = ["NMS", "WBF"] as const;
export type TileMerge = (typeof TileMerges)[number];

/** As stored on the job (defaults filled in). */
export interface JobTiling {
  tileSize: number;
  overlap: number;
  merge: TileMerge;
}

/** As a client asks; omitted (or null) overlap and merge take the defaults. */
export interface TilingRequest {
  tileSize: number;
  overlap?: number | null;
  merge?: TileMerge | null;
}

export const TILING_LIMITS = { tileSize: { min: 128, max: 4096 }, overlap: { min: 0, max: 0.5 } } as const;
export const DEFAULT_TILE_OVERLAP = 0.2;
export const DEFAULT_TILE_MERGE: TileMerge = "NMS";

/** The model runtime of hosted (Hugging Face / Roboflow) models: each tile would be one more paid network call. */
export const HUB_RUNTIME = "hub";

export interface TilingProblem {
  path: string;
  message: string;
}

export type TilingResult = { ok: true; value: JobTiling | null } | { ok: false; problems: TilingProblem[] };

/** Checks the ranges and fills in the defaults; omitted (or null) is no tiling. */
export function resolveTiling(request: TilingRequest | null | undefined): TilingResult {
  if (!request) return { ok: true, value: null };
  const problems: TilingProblem[] = [];
  const { tileSize } = request;
  const { min, max } = TILING_LIMITS.tileSize;
  if (!(Number.isInteger(tileSize) && tileSize >= min && tileSize <= max)) {
    problems.push({
      path: "tiling.tileSize",
      message: `tileSize must be an integer from ${min} to ${max} pixels (got ${String(tileSize)}).`,
    });
  }
  const overlap = request.overlap ?? DEFAULT_TILE_OVERLAP;
  if (!(Number.isFinite(overlap) && overlap >= TILING_LIMITS.overlap.min && overlap <= TILING_LIMITS.overlap.max)) {
    problems.push({ path: "tiling.overlap", message: `overlap must be from 0 to 0.5 of the tile (got ${String(overlap)}).` });
  }
  const merge = request.merge ?? DEFAULT_TILE_MERGE;
  if (!TileMerges.includes(merge)) {
    problems.push({ path: "tiling.merge", message: `merge must be NMS or WBF (got ${String(merge)}).` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: { tileSize, overlap, merge } };
}

export type TilingApplicability = { ok: true } | { ok: false; reason: string };

/**
 * Whether tiling can help the run: not for a hosted model (every tile a network call, billed by the hub), and not
 * when every mapped model label is a TAG (a classifier finds no objects to cut tiles for).
 */
export function tilingApplicable(
  runtime: string,
  mapping: readonly LabelMapping[],
  modelLabels: readonly ModelLabel[],
): TilingApplicability {
  if (runtime === HUB_RUNTIME) {
    return {
      ok: false,
      reason: "the model is hosted by a hub (Hugging Face or Roboflow), where every tile would be one more network call",
    };
  }
  const types = new Map(modelLabels.map((l) => [l.name, l.type]));
  if (mapping.length > 0 && mapping.every((m) => types.get(m.modelLabel) === "TAG")) {
    return { ok: false, reason: "every mapped model label is a tag (a classification model): there are no objects to find in tiles" };
  }
  return { ok: true };
}
