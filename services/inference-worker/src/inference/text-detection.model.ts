import { dbPostprocess } from "./db-postprocess.js";
import type { DecodedImage } from "./decoded-image.js";
import type { DetectOptions, Detection, DetectionModel } from "./detection-model.js";
import { ModelError, ModelErrorCode } from "./inference.errors.js";
import type { ModelSession } from "./model-session.js";
import { detectionInputSize, toDetectionTensor } from "./text-detection.preprocess.js";

export const TEXT_LABEL = "text";
const INPUT_NAME = "x";
const OUTPUT_NAME = "sigmoid_0.tmp_0";

export interface TextDetectionModelOptions {
  /** Longer input side cap; PaddleOCR's default det_limit_side_len. Cost grows with its square. */
  readonly maxSide?: number;
}

/** PP-OCR DB text detector (PP-OCRv4 det): text lines as polygons and, on request, CVAT RLE masks. */
export class TextDetectionModel implements DetectionModel {
  readonly labels = [TEXT_LABEL] as const;
  private readonly maxSide: number;

  constructor(
    private readonly session: ModelSession,
    options: TextDetectionModelOptions = {},
  ) {
    this.maxSide = options.maxSide ?? 960;
  }

  async detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]> {
    if (image.data.length !== image.width * image.height * 3 || image.width < 1 || image.height < 1) {
      throw new RangeError(`image data holds ${image.data.length} bytes, not ${image.width}x${image.height} RGB`);
    }
    if (!(options.threshold >= 0 && options.threshold <= 1)) {
      throw new RangeError(`threshold must be within [0, 1], got ${options.threshold}`);
    }
    const size = detectionInputSize(image.width, image.height, this.maxSide);
    const outputs = await this.session.run({
      [INPUT_NAME]: { type: "float32", data: toDetectionTensor(image, size.width, size.height), dims: [1, 3, size.height, size.width] },
    });
    const map = outputs[OUTPUT_NAME];
    if (!map || map.type !== "float32" || map.data.length !== size.width * size.height) {
      throw new ModelError(
        ModelErrorCode.MODEL_OUTPUT_INVALID,
        `expected ${OUTPUT_NAME} float32 [1,1,${size.height},${size.width}], got ${map ? `${map.type} [${map.dims.join(",")}]` : "nothing"}`,
      );
    }
    const regions = dbPostprocess(
      { width: size.width, height: size.height, data: map.data },
      { scoreThreshold: options.threshold, returnMasks: options.returnMasks, imageWidth: image.width, imageHeight: image.height },
    );
    return regions.map((region) => ({ label: TEXT_LABEL, ...region }));
  }
}
