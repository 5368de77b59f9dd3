import { z } from "zod";
import { badShape } from "../hub-status.mapper.js";
import type { HubBox, HubPrediction } from "../hub.types.js";
import { clampBox } from "../image/box.geometry.js";
import { decodeHfMask } from "./hf-mask.decoder.js";

/** The size of the image the model saw (predictions come back in its pixels). */
export interface HfImageSize {
  readonly width: number;
  readonly height: number;
}

export interface HfDetection {
  readonly label: string;
  readonly score: number;
  readonly box: { readonly xmin: number; readonly ymin: number; readonly xmax: number; readonly ymax: number };
}

export interface HfSegment {
  readonly label: string;
  readonly score?: number;
  /** Base64 PNG of the input's size. */
  readonly mask: string;
}

export interface HfClass {
  readonly label: string;
  readonly score: number;
}

const detectionSchema = z.array(
  z.object({
    label: z.string(),
    score: z.number(),
    box: z.object({ xmin: z.number(), ymin: z.number(), xmax: z.number(), ymax: z.number() }),
  }),
);

/** A detection answer read as raw JSON (zero-shot detection has no client method to parse it). */
export function parseHfDetections(json: unknown, subject: string): HfDetection[] {
  const parsed = detectionSchema.safeParse(json);
  if (!parsed.success) throw badShape("huggingface", subject, "expected [{label, score, box}]");
  return parsed.data;
}

/** Detections as rectangles clamped to the image; below `threshold` or empty after clamping, dropped. */
export function rectanglesFromHf(
  output: readonly HfDetection[],
  image: HfImageSize,
  threshold: number | undefined,
  subject: string,
): HubPrediction[] {
  const out: HubPrediction[] = [];
  for (const d of output) {
    const { xmin, ymin, xmax, ymax } = d.box;
    if (![xmin, ymin, xmax, ymax, d.score].every(Number.isFinite)) throw badShape("huggingface", subject, "non-numeric box or score");
    if (threshold !== undefined && d.score < threshold) continue;
    const corners: HubBox = [Math.min(xmin, xmax), Math.min(ymin, ymax), Math.max(xmin, xmax), Math.max(ymin, ymax)];
    const box = clampBox(corners, image.width, image.height);
    if (box[2] <= box[0] || box[3] <= box[1]) continue;
    out.push({ type: "rectangle", label: d.label, score: d.score, box });
  }
  return out;
}

/** Segments as binary masks cut to their box; empty masks and scores below `threshold` are dropped. */
export async function masksFromHf(
  output: readonly HfSegment[],
  image: HfImageSize,
  threshold: number | undefined,
): Promise<HubPrediction[]> {
  const predictions: HubPrediction[] = [];
  for (const segment of output) {
    if (threshold !== undefined && segment.score !== undefined && segment.score < threshold) continue;
    const decoded = await decodeHfMask(segment.mask, image.width, image.height);
    if (!decoded) continue;
    predictions.push({ type: "mask", label: segment.label, ...(segment.score === undefined ? {} : { score: segment.score }), ...decoded });
  }
  return predictions;
}

/** The best `topK` classes (default 1) at or above `threshold`, as tags. */
export function tagsFromHf(output: readonly HfClass[], threshold: number | undefined, topK = 1): HubPrediction[] {
  return [...output]
    .sort((a, b) => b.score - a.score)
    .filter((c) => threshold === undefined || c.score >= threshold)
    .slice(0, topK)
    .map((c) => ({ type: "tag" as const, label: c.label, score: c.score }));
}
