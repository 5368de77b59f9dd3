import type { HubPrediction } from "@prelabel/hubs";
import type { PlacedMask } from "../binary-mask.js";
import type { Box, Detection } from "../detection-model.js";
import { maskToPolygon, rasterizePolygon } from "../mask-polygon.js";
import { encodeMaskRle } from "../mask-rle.js";

export interface HubMappingOptions {
  /** Frame size: predictions are in its pixels; tags get it as their box. */
  readonly width: number;
  readonly height: number;
  /** Predictions scoring below it are dropped (a mask without a score, from semantic models, is kept). */
  readonly threshold: number;
  /** The job keeps MASKs (convert toggle off): masks are RLE-encoded and polygons rasterised. */
  readonly returnMasks: boolean;
}

/**
 * HubPrediction (libs/hubs, frame pixels) → the worker's Detection, which the label mapper turns into shapes:
 * rectangle → box; polygon → polygon + box (+ its rasterised mask when masks are kept); mask → its outline as
 * a polygon (+ CVAT RLE when masks are kept); tag → a whole-frame tag; skeleton → box + keypoints.
 * Pure: no I/O.
 */
export function hubPredictionsToDetections(predictions: readonly HubPrediction[], options: HubMappingOptions): Detection[] {
  const detections: Detection[] = [];
  for (const p of predictions) {
    const score = p.score ?? 1;
    if (score < options.threshold) continue;
    switch (p.type) {
      case "rectangle":
        detections.push({ label: p.label, score, box: [...p.box] });
        break;
      case "polygon": {
        if (p.points.length < 6) break;
        const d: Detection = { label: p.label, score, box: [...p.box], polygon: [...p.points] };
        if (options.returnMasks) {
          const mask = rasterizePolygon(p.points, options.width, options.height);
          if (mask) d.mask = encodeMaskRle(mask);
        }
        detections.push(d);
        break;
      }
      case "mask": {
        const mask: PlacedMask = p.mask;
        const polygon = maskToPolygon(mask);
        if (!polygon) break; // an empty mask has no shape in CVAT
        const d: Detection = { label: p.label, score, box: [...p.box], polygon };
        if (options.returnMasks) d.mask = encodeMaskRle(mask);
        detections.push(d);
        break;
      }
      case "tag":
        detections.push({ label: p.label, score, kind: "tag", box: wholeFrame(options) });
        break;
      case "skeleton":
        detections.push({
          label: p.label,
          score,
          box: [...p.box],
          keypoints: p.keypoints.map((k) => ({ label: k.label, x: k.x, y: k.y, score: k.score })),
        });
        break;
    }
  }
  return detections;
}

const wholeFrame = (o: { width: number; height: number }): Box => [0, 0, o.width, o.height];
