import type { DecodedImage } from "../decoded-image.js";
import { assertDetectInput } from "../detect-input.js";
import type { DetectOptions, Detection, DetectionModel } from "../detection-model.js";
import type { ModelSession } from "../model-session.js";
import { detectObjects } from "./centernet.detector.js";
import { COCO_LABELS } from "./coco-labels.js";

/** The 80 COCO classes as rectangles, from CenterNet (MobileNetV3 backbone) at 512×512. */
export class CocoDetectionModel implements DetectionModel {
  readonly labels = COCO_LABELS;

  constructor(private readonly session: ModelSession) {}

  async detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]> {
    assertDetectInput(image, options);
    const objects = await detectObjects(this.session, image, options.threshold);
    return objects.map((o) => ({ label: COCO_LABELS[o.classId], score: o.score, box: o.box }));
  }
}
