import type { DecodedImage } from "../decoded-image.js";
import type { Detection, DetectionModel, DetectOptions } from "../detection-model.js";
import { ModelError, ModelErrorCode } from "../inference.errors.js";
import type { ModelSession, Tensor } from "../model-session.js";
import { classWiseNms } from "./class-nms.js";
import { decodeDetr } from "./detr.decoder.js";
import { fitFrame, toFrameBox } from "./input-geometry.js";
import { toInputTensor } from "./onnx-detector.preprocess.js";
import type { Candidate, FloatTensor, OnnxDetectorSpec } from "./onnx-detector.types.js";
import { decodeSsd } from "./ssd.decoder.js";
import { decodeYoloEnd2End } from "./yolo-end2end.decoder.js";
import { decodeYoloV5 } from "./yolo-v5.decoder.js";
import { decodeYoloV8 } from "./yolo-v8.decoder.js";

/**
 * A user's ONNX detector run as its spec declares (runtime "onnx-detector"): preprocess (letterbox or
 * stretch, channel order, layout, normalisation), one session run, decode the declared output layout,
 * class-wise NMS for the YOLO heads that need it, keep the best `maxDetections`, and map the boxes back
 * to frame pixels. Labels are the spec's class names; "" classes are dropped.
 */
export class OnnxDetectorModel implements DetectionModel {
  readonly labels: readonly string[];

  /** Throws MODEL_LOAD_FAILED when the spec cannot drive this session (the registry checked the file; this checks what loaded). */
  constructor(
    private readonly session: ModelSession,
    private readonly spec: OnnxDetectorSpec,
  ) {
    const problems = specProblems(spec, session);
    if (problems.length)
      throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `the detector spec does not fit the model: ${problems.join("; ")}`);
    this.labels = [...new Set(spec.classNames.filter((n) => n !== ""))];
  }

  async detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]> {
    if (image.data.length !== image.width * image.height * 3 || image.width < 1 || image.height < 1) {
      throw new RangeError(`image data holds ${image.data.length} bytes, not ${image.width}x${image.height} RGB`);
    }
    if (!(options.threshold >= 0 && options.threshold <= 1))
      throw new RangeError(`threshold must be within [0, 1], got ${options.threshold}`);
    const { spec } = this;
    const geometry = fitFrame(image, { width: spec.inputWidth, height: spec.inputHeight }, spec.resize);
    const outputs = await this.session.run({ [spec.inputName]: toInputTensor(image, spec, geometry) });
    const tensors = spec.outputNames.map((name) => floatOutput(outputs, name));

    let candidates = this.decode(tensors, options.threshold).filter((c) => !!this.spec.classNames[c.classIndex]);
    if (spec.outputLayout === "YOLO_V5" || spec.outputLayout === "YOLO_V8") candidates = classWiseNms(candidates, spec.nmsIou);
    else candidates.sort((a, b) => b.score - a.score);

    const detections: Detection[] = [];
    for (const c of candidates) {
      if (detections.length >= spec.maxDetections) break;
      const box = toFrameBox(geometry, c.x1, c.y1, c.x2, c.y2);
      // Scores may exceed 1 in sloppy exports; Detection scores are in (0, 1].
      if (box && c.score > 0) detections.push({ label: spec.classNames[c.classIndex], score: Math.min(1, c.score), box });
    }
    return detections;
  }

  private decode(t: FloatTensor[], threshold: number): Candidate[] {
    const { spec } = this;
    const classCount = spec.classNames.length;
    const input = { inputWidth: spec.inputWidth, inputHeight: spec.inputHeight };
    switch (spec.outputLayout) {
      case "YOLO_V5":
        return decodeYoloV5(t[0], { classCount, threshold });
      case "YOLO_V8":
        return decodeYoloV8(t[0], { classCount, threshold });
      case "YOLO_END2END":
        return decodeYoloEnd2End(t[0], { threshold, classIdOffset: spec.classIdOffset });
      case "SSD":
        return decodeSsd(
          { boxes: t[0], scores: t[1], classes: t[2], count: t[3] },
          { threshold, classIdOffset: spec.classIdOffset, ...input },
        );
      case "DETR":
        return decodeDetr({ logits: t[0], boxes: t[1] }, { classCount, noObjectClass: spec.detrNoObjectClass, threshold, ...input });
    }
  }
}

const OUTPUT_COUNT: Record<OnnxDetectorSpec["outputLayout"], number> = { YOLO_V5: 1, YOLO_V8: 1, YOLO_END2END: 1, SSD: 4, DETR: 2 };

function specProblems(spec: OnnxDetectorSpec, session: Pick<ModelSession, "inputNames" | "outputNames">): string[] {
  const problems: string[] = [];
  if (!session.inputNames.includes(spec.inputName))
    problems.push(`no input "${spec.inputName}" (the model has ${session.inputNames.join(", ")})`);
  if (spec.outputNames.length !== OUTPUT_COUNT[spec.outputLayout])
    problems.push(`${spec.outputLayout} reads ${OUTPUT_COUNT[spec.outputLayout]} output(s), the spec names ${spec.outputNames.length}`);
  for (const name of spec.outputNames)
    if (!session.outputNames.includes(name)) problems.push(`no output "${name}" (the model has ${session.outputNames.join(", ")})`);
  if (spec.mean.length !== 3 || spec.std.length !== 3 || spec.std.some((v) => !(v > 0)))
    problems.push("mean and std need three values, std > 0");
  if (!(spec.inputWidth >= 1 && spec.inputHeight >= 1)) problems.push(`input size ${spec.inputWidth}×${spec.inputHeight}`);
  if (!spec.classNames.some((n) => n !== "")) problems.push("no named class");
  return problems;
}

function floatOutput(outputs: Record<string, Tensor>, name: string): FloatTensor {
  const t = outputs[name];
  if (!t)
    throw new ModelError(
      ModelErrorCode.MODEL_OUTPUT_INVALID,
      `the model returned no output "${name}" (it returned ${Object.keys(outputs).join(", ") || "none"})`,
    );
  if (t.type !== "float32") throw new ModelError(ModelErrorCode.MODEL_OUTPUT_INVALID, `output "${name}" is ${t.type}, expected float32`);
  return { data: t.data, dims: t.dims };
}
