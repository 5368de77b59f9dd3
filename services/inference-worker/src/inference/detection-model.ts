import type { PlainMaskRle } from "@prelabel/proto";
import type { DecodedImage } from "./decoded-image.js";

/** [x1, y1, x2, y2] in continuous pixel-edge coordinates: pixel (i, j) covers [i, i+1) × [j, j+1), so x2 ≤ image width. */
export type Box = [number, number, number, number];

/** A detection's mask: CVAT's run-length convention, the one the wire and the task use. */
export type MaskRle = PlainMaskRle;

export interface Detection {
  label: string;
  /**
   * Model confidence in (0, 1]. Absent when the model gave none (a Nuclio function may send no `confidence`):
   * the detection is kept, its shape stores no score, and no threshold applies to it.
   */
  score?: number;
  /** For a tag, the whole frame (a tag has no region of its own; the label mapper never reads it). */
  box: Box;
  /**
   * "tag": a class of the whole frame (classification), mapped only to TAG task labels.
   * "points" / "polyline": CVAT's point set and open line (Nuclio functions), in `points`; they become POINTS /
   * POLYLINE shapes whatever the task label's type (as CVAT stores the shape type the function returned).
   */
  kind?: "tag" | "points" | "polyline";
  /** For kind "points" / "polyline": flat x,y pairs in frame pixels. */
  points?: number[];
  /** Flat x,y pairs in original image pixels (same coordinate convention as `box`), at least 3 points. */
  polygon?: number[];
  mask?: MaskRle;
  /** Attribute values by model attribute name (e.g. face age, emotion). */
  attributes?: Record<string, string>;
  /** Skeleton keypoints by model sublabel name. */
  keypoints?: Keypoint[];
}

/** One skeleton element, in the frame's pixels (same convention as `Box`). */
export interface Keypoint {
  label: string;
  x: number;
  y: number;
  /** Absent when the model gave none for this point. */
  score?: number;
  /** Placed, but the model is not confident it is visible (CVAT's occluded point). */
  occluded?: boolean;
  /** The model did not find it in the frame; the position is only a placeholder (CVAT's outside point). */
  outside?: boolean;
}

export interface DetectOptions {
  /** Detections scoring below this are dropped. */
  threshold: number;
  returnMasks: boolean;
  /** The frame as stored (JPEG, PNG…), for models that send images elsewhere; local models ignore it. */
  encoded?: Uint8Array;
  /** Zero-shot models: the labels to look for (the job mapping's model labels); other models ignore them. */
  candidateLabels?: readonly string[];
  /** Aborts the frame's network calls (hub and Nuclio models) when its job is cancelled; local models ignore it. */
  signal?: AbortSignal;
}

/** What the worker calls, whatever the model: one decoded frame in, detections in that frame's pixels out. */
export interface DetectionModel {
  readonly labels: readonly string[];
  detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]>;
}
