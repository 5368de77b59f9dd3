// TEMPORARY (i16-evaluate): the CONTRACT's declarations so annotation-job compiles before H1's lib lands; replaced by H1's on merge.
export type IouType = "bbox" | "segm" | "keypoints";
export interface EvalGeometry {
  box: [number, number, number, number];
  polygon?: number[];
  keypoints?: { x: number; y: number; visible: boolean }[];
  area?: number;
}
export interface GroundTruthObject extends EvalGeometry {
  imageId: string;
  categoryId: string;
  crowd?: boolean;
}
export interface DetectedObject extends EvalGeometry {
  imageId: string;
  categoryId: string;
  score: number;
}
export interface EvaluateOptions {
  iouType: IouType;
  maxDetections?: number;
  keypointSigmas?: number[];
  operatingThresholds?: Record<string, number>;
}
export interface PrCurvePoint {
  threshold: number;
  precision: number;
  recall: number;
}
export interface CategoryEvaluation {
  categoryId: string;
  groundTruthCount: number;
  detectionCount: number;
  ap: number | null;
  ap50: number | null;
  ap75: number | null;
  curve: PrCurvePoint[];
  bestF1: { threshold: number; f1: number; precision: number; recall: number } | null;
  atThreshold: { threshold: number; precision: number; recall: number; f1: number } | null;
}
export function evaluate(
  _groundTruth: GroundTruthObject[],
  _detections: DetectedObject[],
  _options: EvaluateOptions,
): { categories: CategoryEvaluation[]; meanAp: number | null; meanAp50: number | null } {
  throw new Error("@prelabel/evaluation is not merged yet");
}
export const COCO_KEYPOINT_SIGMAS: readonly number[] = [
  0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089,
];
