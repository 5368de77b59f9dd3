import { z } from "zod";
import { badShape } from "../hub-status.mapper.js";
import type { HubBox, HubKeypoint, HubPrediction, HubTask } from "../hub.types.js";
import { clampBox } from "../image/box.geometry.js";

const detection = z
  .object({
    x: z.number(),
    y: z.number(),
    width: z.number(),
    height: z.number(),
    confidence: z.number(),
    class: z.string(),
    class_id: z.number().optional(),
  })
  .loose();
const point = z.object({ x: z.number(), y: z.number() }).loose();
const keypoint = z
  .object({
    x: z.number(),
    y: z.number(),
    confidence: z.number(),
    class_id: z.number().optional(),
    class_name: z.string().optional(),
    class: z.string().optional(),
  })
  .loose();

const detectionResponse = z.object({ predictions: z.array(detection) }).loose();
const segmentationResponse = z.object({ predictions: z.array(detection.extend({ points: z.array(point) })) }).loose();
const keypointResponse = z.object({ predictions: z.array(detection.extend({ keypoints: z.array(keypoint) })) }).loose();
const singleLabelResponse = z
  .object({ predictions: z.array(z.object({ class: z.string(), confidence: z.number(), class_id: z.number().optional() }).loose()) })
  .loose();
const multiLabelResponse = z
  .object({
    predictions: z.record(z.string(), z.object({ confidence: z.number() }).loose()),
    predicted_classes: z.array(z.string()).optional(),
  })
  .loose();

export interface PredictionFrame {
  /** Original image size, for clamping. */
  readonly width: number;
  readonly height: number;
  /** Original pixels per sent pixel (the image may have been downscaled to fit the upload limit). */
  readonly scaleX: number;
  readonly scaleY: number;
  readonly threshold?: number;
  readonly topK?: number;
}

/**
 * Roboflow's hosted-inference JSON as our predictions, in the original image's pixels: detection centres
 * become corners, instance-segmentation points a polygon, keypoints a skeleton, classes tags.
 */
export function mapRoboflowPredictions(task: HubTask, json: unknown, frame: PredictionFrame, subject: string): HubPrediction[] {
  const keep = (score: number) => frame.threshold === undefined || score >= frame.threshold;
  switch (task) {
    case "object-detection": {
      const parsed = detectionResponse.safeParse(json);
      if (!parsed.success) throw badShape("roboflow", subject, "expected predictions [{x, y, width, height, confidence, class}]");
      return parsed.data.predictions
        .filter((p) => keep(p.confidence))
        .flatMap((p) => {
          const box = toBox(p, frame);
          return box ? [{ type: "rectangle" as const, label: p.class, score: p.confidence, box, ...classId(p.class_id) }] : [];
        });
    }
    case "instance-segmentation": {
      const parsed = segmentationResponse.safeParse(json);
      if (!parsed.success) throw badShape("roboflow", subject, "expected predictions with points [{x, y}]");
      return parsed.data.predictions
        .filter((p) => keep(p.confidence))
        .flatMap((p) => {
          const box = toBox(p, frame);
          if (!box || p.points.length < 3) return [];
          const points = p.points.flatMap((q) => [clamp(q.x * frame.scaleX, frame.width), clamp(q.y * frame.scaleY, frame.height)]);
          return [{ type: "polygon" as const, label: p.class, score: p.confidence, box, points, ...classId(p.class_id) }];
        });
    }
    case "keypoint-detection": {
      const parsed = keypointResponse.safeParse(json);
      if (!parsed.success) throw badShape("roboflow", subject, "expected predictions with keypoints [{x, y, confidence, class_name}]");
      return parsed.data.predictions
        .filter((p) => keep(p.confidence))
        .flatMap((p) => {
          const box = toBox(p, frame);
          if (!box) return [];
          const keypoints: HubKeypoint[] = p.keypoints.map((k) => ({
            label: k.class_name ?? k.class ?? String(k.class_id ?? ""),
            x: clamp(k.x * frame.scaleX, frame.width),
            y: clamp(k.y * frame.scaleY, frame.height),
            score: k.confidence,
            ...classId(k.class_id),
          }));
          return [{ type: "skeleton" as const, label: p.class, score: p.confidence, box, keypoints, ...classId(p.class_id) }];
        });
    }
    case "image-classification": {
      const single = singleLabelResponse.safeParse(json);
      if (single.success) {
        return [...single.data.predictions]
          .sort((a, b) => b.confidence - a.confidence)
          .filter((p) => keep(p.confidence))
          .slice(0, frame.topK ?? 1)
          .map((p) => ({ type: "tag" as const, label: p.class, score: p.confidence, ...classId(p.class_id) }));
      }
      const multi = multiLabelResponse.safeParse(json);
      if (!multi.success) throw badShape("roboflow", subject, "expected classification predictions");
      // Without a threshold, the model's own decision (predicted_classes) says which labels apply.
      const chosen = new Set(multi.data.predicted_classes ?? Object.keys(multi.data.predictions));
      return Object.entries(multi.data.predictions)
        .filter(([name, p]) => (frame.threshold === undefined ? chosen.has(name) : p.confidence >= frame.threshold))
        .sort((a, b) => b[1].confidence - a[1].confidence)
        .slice(0, frame.topK ?? Infinity)
        .map(([name, p]) => ({ type: "tag" as const, label: name, score: p.confidence }));
    }
    default:
      throw badShape("roboflow", subject, `no mapping for ${task}`);
  }
}

function toBox(p: { x: number; y: number; width: number; height: number }, frame: PredictionFrame): HubBox | undefined {
  // Roboflow's x, y are the box centre.
  const x1 = (p.x - p.width / 2) * frame.scaleX;
  const y1 = (p.y - p.height / 2) * frame.scaleY;
  const x2 = (p.x + p.width / 2) * frame.scaleX;
  const y2 = (p.y + p.height / 2) * frame.scaleY;
  const box = clampBox([x1, y1, x2, y2], frame.width, frame.height);
  return box[2] > box[0] && box[3] > box[1] ? box : undefined;
}

function clamp(v: number, max: number): number {
  return Math.min(max, Math.max(0, v));
}

function classId(id: number | undefined): { classId?: number } {
  return id === undefined ? {} : { classId: id };
}
