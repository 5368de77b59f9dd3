/**
 * An uploaded ONNX detector as the registry describes it (model.v1.OnnxDetectorSpec): how to feed a frame
 * and how to read the outputs. The registry checked the file against it at upload.
 */
export type OnnxOutputLayout = "YOLO_V5" | "YOLO_V8" | "YOLO_END2END" | "SSD" | "DETR";

export interface OnnxDetectorSpec {
  readonly outputLayout: OnnxOutputLayout;
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly resize: "LETTERBOX" | "STRETCH";
  readonly channelOrder: "RGB" | "BGR";
  readonly tensorLayout: "NCHW" | "NHWC";
  readonly inputType: "FLOAT32" | "UINT8";
  /** Three values each, in the network's channel order: (pixel − mean) / std, pixel in 0..255. FLOAT32 only. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Class index → label; "" = ignore detections of that class. */
  readonly classNames: readonly string[];
  /** SSD and YOLO_END2END: class index = class id − offset. */
  readonly classIdOffset: number;
  /** DETR: softmax with a trailing no-object class; otherwise sigmoid per class. */
  readonly detrNoObjectClass: boolean;
  /** YOLO_V5 / YOLO_V8 class-wise NMS. */
  readonly nmsIou: number;
  readonly maxDetections: number;
  /** The longest one frame's inference may take, in ms (declared at upload). */
  readonly frameBudgetMs?: number;
  readonly inputName: string;
  /** In the layout's order: YOLO_*: [detections]; SSD: [boxes, scores, classes, count]; DETR: [logits, boxes]. */
  readonly outputNames: readonly string[];
}

/** A float32 output as decoders read it (row-major). */
export interface FloatTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** A decoded box before mapping back to the frame: corners in network-input pixels. */
export interface Candidate {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classIndex: number;
}
