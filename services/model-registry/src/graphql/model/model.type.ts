import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import {
  AttributeInputType,
  ModelKind,
  ModelSource,
  OnnxChannelOrder,
  OnnxInputType,
  OnnxOutputLayout,
  OnnxResizeMode,
  OnnxTensorLayout,
  ShapeType,
} from "../../domain/model.js";
import { HubModelType } from "./hub-model.type.js";
import { NuclioFunctionInfoType } from "./nuclio-function.type.js";

registerEnumType(ModelSource, { name: "ModelSource", description: "Where a model came from." });
registerEnumType(ModelKind, { name: "ModelKind", description: "What a model does (CVAT's function kinds plus classifiers)." });
// ShapeType and AttributeInputType are also defined by the task subgraph: keep them identical.
registerEnumType(ShapeType, { name: "ShapeType" });
registerEnumType(AttributeInputType, { name: "AttributeInputType" });
registerEnumType(OnnxOutputLayout, {
  name: "OnnxOutputLayout",
  description: "How an uploaded detector lays out its outputs (N = batch; C = number of classNames). See docs/models/bring-your-own.md.",
  valuesConfig: {
    YOLO_V5: {
      description: "YOLOv5 / YOLOv7: one output [N, boxes, 5 + C]: cx, cy, w, h in input pixels, objectness, class probabilities.",
    },
    YOLO_V8: { description: "YOLOv8 / YOLO11: one output [N, 4 + C, anchors]: cx, cy, w, h in input pixels, class scores; no objectness." },
    YOLO_END2END: { description: "YOLOv10-style, NMS inside: one output [N, k, 6]: x1, y1, x2, y2 in input pixels, score, class id." },
    SSD: {
      description:
        "TF object-detection export: boxes [N, k, 4] (normalised ymin, xmin, ymax, xmax), scores [N, k], classes [N, k], count [N].",
    },
    DETR: { description: "DETR family: logits [N, Q, C (+1 no-object)] and boxes [N, Q, 4] (normalised cx, cy, w, h)." },
  },
});
registerEnumType(OnnxResizeMode, {
  name: "OnnxResizeMode",
  valuesConfig: {
    LETTERBOX: { description: "Keep the aspect ratio and pad to the input size with grey 114, centred (as ultralytics)." },
    STRETCH: { description: "Scale each axis to the input size." },
  },
});
registerEnumType(OnnxChannelOrder, { name: "OnnxChannelOrder" });
registerEnumType(OnnxTensorLayout, { name: "OnnxTensorLayout" });
registerEnumType(OnnxInputType, {
  name: "OnnxInputType",
  valuesConfig: {
    FLOAT32: { description: "float32 values (pixel - mean) / std, pixel in 0..255." },
    UINT8: { description: "uint8 pixels 0..255 as they are (mean and std do not apply)." },
  },
});

/** Shared with the task subgraph (its label schema): both must declare exactly these fields. */
@Directive("@shareable")
@ObjectType("AttributeSpec")
export class AttributeSpecType {
  @Field(() => String)
  name: string;

  @Field(() => AttributeInputType)
  inputType: AttributeInputType;

  @Field(() => [String])
  values: string[];

  @Field(() => String, { nullable: true })
  defaultValue: string | null;
}

@ObjectType("ModelLabel", { description: "A label a model outputs, with its attributes and (skeletons only) sublabels." })
export class ModelLabelType {
  @Field(() => String)
  name: string;

  @Field(() => ShapeType)
  type: ShapeType;

  @Field(() => [AttributeSpecType])
  attributes: AttributeSpecType[];

  @Field(() => [ModelLabelType])
  sublabels: ModelLabelType[];
}

@ObjectType("ImageSize")
export class ImageSizeType {
  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;
}

@ObjectType("ModelArtifact", { description: "A file a model runs on; workers check its sha256 before using it." })
export class ModelArtifactType {
  @Field(() => String, { description: '"model" for an uploaded ONNX file.' })
  name: string;

  @Field(() => String, { description: "SHA-256 of the bytes, lowercase hex." })
  sha256: string;

  @Field(() => Int)
  sizeBytes: number;
}

@ObjectType("OnnxDetectorSpec", { description: "How an uploaded ONNX detector is fed and read (see ModelSpecInput for each field)." })
export class OnnxDetectorSpecType {
  @Field(() => OnnxOutputLayout)
  outputLayout: OnnxOutputLayout;

  @Field(() => Int)
  inputWidth: number;

  @Field(() => Int)
  inputHeight: number;

  @Field(() => OnnxResizeMode)
  resize: OnnxResizeMode;

  @Field(() => OnnxChannelOrder)
  channelOrder: OnnxChannelOrder;

  @Field(() => OnnxTensorLayout)
  tensorLayout: OnnxTensorLayout;

  @Field(() => OnnxInputType)
  inputType: OnnxInputType;

  @Field(() => [Float])
  mean: number[];

  @Field(() => [Float])
  std: number[];

  @Field(() => [String])
  classNames: string[];

  @Field(() => Int)
  classIdOffset: number;

  @Field(() => Boolean)
  detrNoObjectClass: boolean;

  @Field(() => Float)
  nmsIou: number;

  @Field(() => Int)
  maxDetections: number;

  @Field(() => Int, {
    description: "The longest one frame's inference may take on a worker, in ms; over it the frame fails INFERENCE_TIMEOUT.",
  })
  frameBudgetMs: number;

  @Field(() => String, { description: "The input the image is fed to, as found in the file." })
  inputName: string;

  @Field(() => [String], {
    description: "The outputs read, in the layout's order (YOLO: detections; SSD: boxes, scores, classes, count; DETR: logits, boxes).",
  })
  outputNames: string[];
}

@Directive('@key(fields: "id")')
@ObjectType("Model", { description: "A model that can annotate frames, and its spec." })
export class ModelType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  description: string;

  @Field(() => ModelSource)
  source: ModelSource;

  @Field(() => ModelKind)
  kind: ModelKind;

  @Field(() => [ModelLabelType])
  labels: ModelLabelType[];

  @Field(() => Float, { description: "Used when a job sets no threshold; in (0, 1]." })
  defaultThreshold: number;

  @Field(() => Boolean)
  returnsMasks: boolean;

  @Field(() => ImageSizeType, {
    nullable: true,
    description: "Fixed network input size; null when the size is dynamic (see preprocessing).",
  })
  inputSize: ImageSizeType | null;

  @Field(() => String, { nullable: true, description: "How a frame becomes the network input, in words." })
  preprocessing: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The model's licence as its card in docs/models/ documents it, in words (what was not verified says so); null for uploaded, Hugging Face, Roboflow and Nuclio models, whose owner knows theirs.",
  })
  license: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Measured time of one model call per frame, in ms, for catalog models: the upper end of the range in docs/models/README.md (1920-px photos, a shared 2-core machine, ONNX Runtime for Node.js with 2 threads, frame decoding and the rest of the system excluded). Null for uploaded, hub and Nuclio models, which nobody measured.",
  })
  measuredMsPerFrame: number | null;

  @Field(() => [ModelArtifactType], { description: 'The files the model runs on, by digest (an uploaded model has one, named "model").' })
  artifacts: ModelArtifactType[];

  @Field(() => OnnxDetectorSpecType, { nullable: true, description: "Set for uploaded ONNX detectors (source UPLOAD)." })
  onnxDetector: OnnxDetectorSpecType | null;

  @Field(() => HubModelType, { nullable: true, description: "Set for Hugging Face and Roboflow models." })
  hub: HubModelType | null;

  @Field(() => NuclioFunctionInfoType, { nullable: true, description: "Set for Nuclio functions (source NUCLIO)." })
  nuclio: NuclioFunctionInfoType | null;

  @Field(() => Boolean, {
    description:
      "Whether a job can run it; false for Nuclio interactor, tracker and reid functions and broken function metadata (see unsupportedReason).",
  })
  supported: boolean;

  @Field(() => String, { nullable: true, description: "Why no job can run it; null when supported." })
  unsupportedReason: string | null;

  @Field(() => Boolean, {
    description: "Whether deleteModel accepts it: uploaded, hub and hand-registered Nuclio models not yet deleted.",
  })
  deletable: boolean;

  @Field(() => Date, { description: "When the model was added (catalog models: first installed)." })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      "When deleteModel removed it; null while it exists. Only a job's model shows a deleted one (its files and credential are gone): models, model(id) and new jobs no longer find it.",
  })
  deletedAt: Date | null;
}
