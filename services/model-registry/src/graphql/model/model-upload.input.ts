import { Field, Float, InputType, Int } from "type-graphql";
import { DEFAULT_FRAME_BUDGET_MS, ONNX_DETECTOR_LIMITS } from "../../domain/onnx-detector-spec.js";
import { OnnxChannelOrder, OnnxInputType, OnnxOutputLayout, OnnxResizeMode, OnnxTensorLayout } from "../../domain/model.js";

/**
 * What a user declares with an uploaded ONNX detector. The defaults fit an ultralytics YOLO export
 * (letterbox, RGB, NCHW, float32, x / 255); the file is checked against every field that shapes it.
 */
@InputType("ModelSpecInput", { description: "The declared layout of an uploaded ONNX detector (see docs/models/bring-your-own.md)." })
export class ModelSpecInput {
  @Field(() => String, { description: "Display name; the model id is derived from it plus a random suffix." })
  name: string;

  @Field(() => String, { defaultValue: "" })
  description: string;

  @Field(() => OnnxOutputLayout, { description: "How the outputs are laid out; the file's output shapes must fit it." })
  outputLayout: OnnxOutputLayout;

  @Field(() => Int, { description: "Network input width in pixels (the file's input, where it fixes one, must match)." })
  inputWidth: number;

  @Field(() => Int, { description: "Network input height in pixels." })
  inputHeight: number;

  @Field(() => OnnxResizeMode, { defaultValue: OnnxResizeMode.LETTERBOX, description: "How a frame is fitted to the input size." })
  resize: OnnxResizeMode;

  @Field(() => OnnxChannelOrder, { defaultValue: OnnxChannelOrder.RGB, description: "Channel order the network expects." })
  channelOrder: OnnxChannelOrder;

  @Field(() => OnnxTensorLayout, { defaultValue: OnnxTensorLayout.NCHW, description: "NCHW: [1, 3, H, W]; NHWC: [1, H, W, 3]." })
  tensorLayout: OnnxTensorLayout;

  @Field(() => OnnxInputType, { defaultValue: OnnxInputType.FLOAT32, description: "Element type of the input tensor." })
  inputType: OnnxInputType;

  @Field(() => [Float], {
    defaultValue: [0, 0, 0],
    description:
      "Subtracted per channel, in the network's channel order, from pixels in 0..255; one value applies to all three. FLOAT32 only.",
  })
  mean: number[];

  @Field(() => [Float], {
    defaultValue: [255, 255, 255],
    description:
      "Divides per channel after the mean (YOLO: 255; ImageNet: 58.395, 57.12, 57.375); one value applies to all three. FLOAT32 only.",
  })
  std: number[];

  @Field(() => [String], {
    description:
      'Label name per class index, in the model\'s order; "" ignores that index (e.g. background). Their count must match the class dimension where the file states one.',
  })
  classNames: string[];

  @Field(() => Int, {
    defaultValue: 0,
    description:
      "SSD and YOLO_END2END output class ids as values: classNames index = id - classIdOffset (TF object-detection exports count from 1: use 1).",
  })
  classIdOffset: number;

  @Field(() => Boolean, {
    defaultValue: true,
    description: "DETR: the logits end with a no-object class (softmax, then dropped); false for sigmoid heads (Deformable DETR, RT-DETR).",
  })
  detrNoObjectClass: boolean;

  @Field(() => Float, { defaultValue: 0.45, description: "YOLO_V5 and YOLO_V8: class-wise NMS IoU threshold, in (0, 1]." })
  nmsIou: number;

  @Field(() => Float, { defaultValue: 0.25, description: "Score threshold used when a job sets none, in (0, 1]." })
  defaultThreshold: number;

  @Field(() => Int, { defaultValue: 300, description: "Most detections kept per frame, best first." })
  maxDetections: number;

  @Field(() => Int, {
    defaultValue: DEFAULT_FRAME_BUDGET_MS,
    description: `The longest one frame's inference may take, in ms, in [${ONNX_DETECTOR_LIMITS.minFrameBudgetMs}, ${ONNX_DETECTOR_LIMITS.maxFrameBudgetMs}]: over it the frame fails INFERENCE_TIMEOUT. The upload runs the model once on a blank input within it.`,
  })
  frameBudgetMs: number;

  @Field(() => [String], {
    nullable: true,
    description:
      "The outputs to read, in the layout's order, when their names do not identify them (SSD: boxes, scores, classes, count; DETR: logits, boxes).",
  })
  outputNames?: string[] | null;
}
