import { detectObjects } from "../coco/centernet.detector.js";
import { PERSON_CLASS } from "../coco/coco-labels.js";
import type { DecodedImage } from "../decoded-image.js";
import { assertDetectInput } from "../detect-input.js";
import type { DetectOptions, Detection, DetectionModel } from "../detection-model.js";
import { clipBox, scaleAround, squareAround } from "../geometry/box-geometry.js";
import type { ModelSession } from "../model-session.js";
import { requireFloatOutput } from "../session-io.js";
import { COCO_KEYPOINTS, PERSON_LABEL } from "./coco-keypoints.js";
import { decodeMovenet, MOVENET_INPUT_SIZE, type KeypointVisibility } from "./movenet.decoder.js";
import { toMovenetInput } from "./movenet.preprocess.js";

/** Tensor names of the converted movenet-lightning.onnx. */
export const MOVENET_IO = { input: "input", keypoints: "Identity" } as const;

export interface PersonPoseSessions {
  /** CenterNet, for person boxes (the same session coco-object-detection uses, when both are loaded). */
  readonly detector: ModelSession;
  readonly movenet: ModelSession;
}

export interface PersonPoseModelOptions {
  /** People per frame, best scores first: MoveNet runs once per person (~5 ms each). */
  readonly maxPersons?: number;
  /** Side of the square MoveNet crop relative to the person box's longer side. */
  readonly cropEnlarge?: number;
  /** The person box scaled by this about its centre is what MoveNet sees of the frame; the rest of the crop is blanked. */
  readonly keepEnlarge?: number;
  readonly visibility?: KeypointVisibility;
}

/** See docs/models/person-pose.md for how these were chosen. */
export const DEFAULT_KEYPOINT_VISIBILITY: KeypointVisibility = { occludedBelow: 0.3, outsideBelow: 0.1 };

/**
 * 17-keypoint skeletons, top-down: CenterNet finds people (the threshold applies to its person
 * score), MoveNet Lightning (a single-person model) then runs on a padded square crop around each,
 * with the frame outside the person's box blanked.
 */
export class PersonPoseModel implements DetectionModel {
  readonly labels = [PERSON_LABEL] as const;
  private readonly maxPersons: number;
  private readonly cropEnlarge: number;
  private readonly keepEnlarge: number;
  private readonly visibility: KeypointVisibility;

  constructor(
    private readonly sessions: PersonPoseSessions,
    options: PersonPoseModelOptions = {},
  ) {
    this.maxPersons = options.maxPersons ?? 20;
    this.cropEnlarge = options.cropEnlarge ?? 1.2;
    this.keepEnlarge = options.keepEnlarge ?? 1.1;
    this.visibility = options.visibility ?? DEFAULT_KEYPOINT_VISIBILITY;
  }

  async detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]> {
    assertDetectInput(image, options);
    const people = (await detectObjects(this.sessions.detector, image, options.threshold))
      .filter((o) => o.classId === PERSON_CLASS)
      .slice(0, this.maxPersons);
    const detections: Detection[] = [];
    // MoveNet's batch is fixed at 1: one run per person.
    for (const person of people) {
      const window = squareAround(person.box, this.cropEnlarge);
      // Blank everything outside the person's (slightly enlarged) box: in group photos the square crop
      // holds neighbours, and MoveNet, a single-person model, otherwise follows the most salient one
      // (on face-api's samples 8 confident points landed outside their person and two people got the
      // same skeleton; blanked, none did, and more points scored ≥ 0.3: 227 vs 179).
      const region = clipBox(scaleAround(person.box, this.keepEnlarge), image.width, image.height);
      const outputs = await this.sessions.movenet.run({
        [MOVENET_IO.input]: {
          type: "int32",
          data: toMovenetInput(image, window, region),
          dims: [1, MOVENET_INPUT_SIZE, MOVENET_INPUT_SIZE, 3],
        },
      });
      const raw = requireFloatOutput(outputs, MOVENET_IO.keypoints, [1, 1, COCO_KEYPOINTS.length, 3]);
      detections.push({
        label: PERSON_LABEL,
        score: person.score,
        box: person.box,
        keypoints: decodeMovenet(raw, window, region, this.visibility),
      });
    }
    return detections;
  }
}
