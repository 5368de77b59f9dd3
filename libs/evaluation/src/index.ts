// Detection metrics with pycocotools' COCOeval semantics (AP, AP50, AP75), precision/recall curves and F1-best
// thresholds, for boxes, polygons and skeletons. Pure: no I/O, no dependencies.
export { evaluate } from "./coco-evaluation.js";
export { COCO_KEYPOINT_SIGMAS } from "./similarity.js";
export type {
  CategoryEvaluation,
  DetectedObject,
  EvalGeometry,
  EvalKeypoint,
  EvaluateOptions,
  EvaluationResult,
  GroundTruthObject,
  IouType,
  PrCurvePoint,
} from "./evaluation.types.js";
