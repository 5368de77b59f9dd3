/** What an object is compared by: boxes (IoU), polygons (mask IoU) or keypoints (OKS). */
export type IouType = "bbox" | "segm" | "keypoints";

export interface EvalKeypoint {
  x: number;
  y: number;
  visible: boolean;
}

export interface EvalGeometry {
  /** x1, y1, x2, y2 in pixel edges (always given). */
  box: [number, number, number, number];
  /** Flat x, y pairs (segm: rasterised on the pixel grid as pycocotools' masks are; without it the box is the polygon). */
  polygon?: number[];
  /** In a fixed order, as many as the sigmas (keypoints). */
  keypoints?: EvalKeypoint[];
  /** Default: the polygon's area, else the box's. The OKS scale of a ground-truth skeleton. */
  area?: number;
}

export interface GroundTruthObject extends EvalGeometry {
  imageId: string;
  categoryId: string;
  /** A crowd region: detections on it are neither true nor false positives, and it is never a miss. */
  crowd?: boolean;
}

export interface DetectedObject extends EvalGeometry {
  imageId: string;
  categoryId: string;
  score: number;
}

export interface EvaluateOptions {
  iouType: IouType;
  /** Per image and category, the highest-scoring ones (pycocotools' maxDets). Default 100. */
  maxDetections?: number;
  /** Default: COCO's 17 person keypoints. */
  keypointSigmas?: number[];
  /** categoryId → score threshold at which precision, recall and F1 are reported (atThreshold). */
  operatingThresholds?: Record<string, number>;
}

export interface PrCurvePoint {
  /** The detections kept are those scoring ≥ threshold. */
  threshold: number;
  precision: number;
  recall: number;
}

export interface CategoryEvaluation {
  categoryId: string;
  /** Ground truth that can be missed: crowd regions (and, for keypoints, skeletons without a visible point) excluded. */
  groundTruthCount: number;
  /** Detections evaluated: at most maxDetections per image. */
  detectionCount: number;
  /** COCO's AP over IoU 0.50:0.05:0.95 (101-point interpolation, area "all"); null without ground truth. */
  ap: number | null;
  ap50: number | null;
  ap75: number | null;
  /**
   * At IoU 0.5 (OKS 0.5), one point per distinct score, highest threshold first, thinned to ≤ 101 points evenly spaced
   * over them. Thresholds at which only detections on crowd regions are kept have no point.
   */
  curve: PrCurvePoint[];
  /**
   * The threshold maximising F1 at IoU 0.5 (the highest such threshold on a tie); null without ground truth or without
   * a true positive.
   */
  bestF1: { threshold: number; f1: number; precision: number; recall: number } | null;
  /**
   * At operatingThresholds[categoryId] (IoU 0.5); null when none is given or without ground truth. Precision is 0 when
   * no detection counts (none kept, or only ones on crowd regions).
   */
  atThreshold: { threshold: number; precision: number; recall: number; f1: number } | null;
}

export interface EvaluationResult {
  /** Every category with ground truth or detections, in id order. */
  categories: CategoryEvaluation[];
  /** Mean of the categories' AP that are not null (pycocotools' stats[0]); null when every one is. */
  meanAp: number | null;
  meanAp50: number | null;
}
