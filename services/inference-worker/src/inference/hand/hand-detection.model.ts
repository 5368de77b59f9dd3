import type { DecodedImage } from "../decoded-image.js";
import { assertDetectInput } from "../detect-input.js";
import type { DetectOptions, Detection, DetectionModel } from "../detection-model.js";
import { resizeTaps, sampleBilinear } from "../geometry/bilinear-sampler.js";
import type { ModelSession } from "../model-session.js";
import { requireFloatOutput } from "../session-io.js";
import { decodeHandtrack, HANDTRACK_ANCHORS, HANDTRACK_CLASSES, HANDTRACK_INPUT_SIZE } from "./handtrack.decoder.js";

export const HAND_LABEL = "hand";

/** Tensor names of the converted (cut) handtrack.onnx. */
export const HANDTRACK_IO = {
  input: "StatefulPartitionedCall/map/TensorArrayV2Stack/TensorListStack",
  scores: "StatefulPartitionedCall/Postprocessor/Slice",
  boxes: "StatefulPartitionedCall/Postprocessor/ExpandDims_1",
} as const;

/** human resizes frames for handtrack to a height that is a multiple of 8, at most this. */
const HANDTRACK_MAX_HEIGHT = 512;

/**
 * The cut graph's input [1,320,320,3], made as human's pipeline made it (models.md, handtrack): human
 * resizes the frame to a height that is a multiple of 8 (≤ 512, width keeping the aspect, also a
 * multiple of 8) and casts to int32; the graph's removed loop then computed x·2/255 − 1 and resized
 * to 320×320. All resizes are tf.image.resizeBilinear (asymmetric). Doing both steps rather than one
 * direct resize measured higher hand scores on face-api's samples (0.85 vs 0.77 on sample2).
 */
export function toHandtrackInput(image: DecodedImage): Float32Array {
  const height = Math.max(8, Math.min(Math.round(image.height / 8) * 8, HANDTRACK_MAX_HEIGHT));
  const width = Math.max(8, Math.round((height * image.width) / image.height / 8) * 8);
  const staged = new Float32Array(width * height * 3);
  sampleBilinear(
    { width: image.width, height: image.height, channels: 3, data: image.data },
    resizeTaps(image.height, 0, image.height, height, "asymmetric", "clamp"),
    resizeTaps(image.width, 0, image.width, width, "asymmetric", "clamp"),
    staged,
  );
  // int32 cast (values are ≥ 0, so | 0 truncates like it); the graph's x·2/255 − 1 commutes with the
  // second resize (its weights sum to 1), so it is applied there as scale and bias.
  for (let i = 0; i < staged.length; i++) staged[i] = staged[i] | 0;
  const n = HANDTRACK_INPUT_SIZE;
  const out = new Float32Array(n * n * 3);
  const rows = resizeTaps(height, 0, height, n, "asymmetric", "clamp");
  const cols = resizeTaps(width, 0, width, n, "asymmetric", "clamp");
  sampleBilinear({ width, height, channels: 3, data: staged }, rows, cols, out, 0, 2 / 255, -1);
  return out;
}

/** Hands as rectangles, from human's handtrack SSD (victordibia/handtracking lineage). */
export class HandDetectionModel implements DetectionModel {
  readonly labels = [HAND_LABEL] as const;

  constructor(private readonly session: ModelSession) {}

  async detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]> {
    assertDetectInput(image, options);
    const outputs = await this.session.run({
      [HANDTRACK_IO.input]: { type: "float32", data: toHandtrackInput(image), dims: [1, HANDTRACK_INPUT_SIZE, HANDTRACK_INPUT_SIZE, 3] },
    });
    const scores = requireFloatOutput(outputs, HANDTRACK_IO.scores, [1, HANDTRACK_ANCHORS, HANDTRACK_CLASSES.length]);
    const boxes = requireFloatOutput(outputs, HANDTRACK_IO.boxes, [1, HANDTRACK_ANCHORS, 1, 4]);
    return decodeHandtrack(scores, boxes, image.width, image.height, options.threshold).map((h) => ({
      label: HAND_LABEL,
      score: h.score,
      box: h.box,
    }));
  }
}
