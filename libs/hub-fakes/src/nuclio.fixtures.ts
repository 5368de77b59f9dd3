import type { RelBox } from "./hugging-face.fixtures.js";

// Nuclio functions as CVAT ships them in serverless/<framework>/<org>/<model>/nuclio/function.yaml: the same keys and
// label specs, written out here by a small template (the handlers and build sections are left out: the fakes answer).

/** How one fixture's answers deviate from the CVAT handlers' usual form (a real function's small differences). */
export interface NuclioFunctionQuirks {
  /** Send `confidence` as a JSON number; CVAT's handlers send `str(score)` (default false). */
  readonly numericConfidence?: boolean;
  /** Leave `type` out of each item (the caller must take it from the label spec). */
  readonly omitType?: boolean;
  /** Add keys the protocol does not know (`model_version`, `track_id`). */
  readonly extraKeys?: boolean;
  /** Masks in CVAT's RLE form (run lengths from background, then the box) instead of the bitmap form. */
  readonly rleMask?: boolean;
}

/** A skeleton element's point, as fractions of the image. */
export interface NuclioRelElement {
  readonly label: string;
  readonly point: readonly [number, number];
  readonly outside?: boolean;
  readonly confidence?: number;
}

/** One thing a fixture function "sees", in fractions of whatever image it is sent. */
export interface NuclioRelDetection {
  readonly label: string;
  readonly confidence: number;
  /** Its box; a mask fixture fills an ellipse inside it, a skeleton fixture places its elements. */
  readonly box: RelBox;
  readonly attributes?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** Skeleton fixtures: the element points. */
  readonly elements?: readonly NuclioRelElement[];
}

export type NuclioFixtureKind = "detector" | "interactor" | "tracker" | "reid";

export interface NuclioFunctionFixture {
  /** metadata.name. */
  readonly name: string;
  readonly kind: NuclioFixtureKind;
  /** The function.yaml text, as CVAT's repository has it (minus build and handler sections). */
  readonly yaml: string;
  /** How detections are answered: boxes, masks (bitmap + box, with a polygon in `points`) or skeletons. */
  readonly answers: "rectangle" | "mask" | "skeleton" | "none";
  readonly outputs: readonly NuclioRelDetection[];
  readonly quirks?: NuclioFunctionQuirks;
  /** The dashboard's project label (`nuclio.io/project-name`); default "cvat". */
  readonly project?: string;
  /** status.state on the dashboard; default "ready". */
  readonly state?: string;
}

/** The 80 COCO classes with their COCO category ids (1…90 with gaps), the order every CVAT COCO function uses. */
export const cocoLabels: ReadonlyArray<{ readonly cocoId: number; readonly name: string }> = [
  [1, "person"],
  [2, "bicycle"],
  [3, "car"],
  [4, "motorcycle"],
  [5, "airplane"],
  [6, "bus"],
  [7, "train"],
  [8, "truck"],
  [9, "boat"],
  [10, "traffic light"],
  [11, "fire hydrant"],
  [13, "stop sign"],
  [14, "parking meter"],
  [15, "bench"],
  [16, "bird"],
  [17, "cat"],
  [18, "dog"],
  [19, "horse"],
  [20, "sheep"],
  [21, "cow"],
  [22, "elephant"],
  [23, "bear"],
  [24, "zebra"],
  [25, "giraffe"],
  [27, "backpack"],
  [28, "umbrella"],
  [31, "handbag"],
  [32, "tie"],
  [33, "suitcase"],
  [34, "frisbee"],
  [35, "skis"],
  [36, "snowboard"],
  [37, "sports ball"],
  [38, "kite"],
  [39, "baseball bat"],
  [40, "baseball glove"],
  [41, "skateboard"],
  [42, "surfboard"],
  [43, "tennis racket"],
  [44, "bottle"],
  [46, "wine glass"],
  [47, "cup"],
  [48, "fork"],
  [49, "knife"],
  [50, "spoon"],
  [51, "bowl"],
  [52, "banana"],
  [53, "apple"],
  [54, "sandwich"],
  [55, "orange"],
  [56, "broccoli"],
  [57, "carrot"],
  [58, "hot dog"],
  [59, "pizza"],
  [60, "donut"],
  [61, "cake"],
  [62, "chair"],
  [63, "couch"],
  [64, "potted plant"],
  [65, "bed"],
  [67, "dining table"],
  [70, "toilet"],
  [72, "tv"],
  [73, "laptop"],
  [74, "mouse"],
  [75, "remote"],
  [76, "keyboard"],
  [77, "cell phone"],
  [78, "microwave"],
  [79, "oven"],
  [80, "toaster"],
  [81, "sink"],
  [82, "refrigerator"],
  [84, "book"],
  [85, "clock"],
  [86, "vase"],
  [87, "scissors"],
  [88, "teddy bear"],
  [89, "hair drier"],
  [90, "toothbrush"],
].map(([cocoId, name]) => ({ cocoId: cocoId as number, name: name as string }));

/** metadata.name of every standard fixture. */
export const nuclioFixtureNames = {
  yolov3: "openvino-omz-public-yolo-v3-tf",
  yolov7: "onnx-wongkinyiu-yolov7",
  retinanet: "pytorch-facebookresearch-detectron2-retinanet-r101",
  faceDetection: "openvino-omz-intel-face-detection-0205",
  maskRcnn: "openvino-omz-public-mask-rcnn-inception-resnet-v2-atrous-coco",
  pose: "pytorch-acme-keypoint-rcnn-person-pose",
  sam: "pytorch-facebookresearch-sam-vit-h",
  transt: "pytorch-dschoerk-transt",
  reid: "openvino-omz-intel-person-reidentification-retail-0277",
  broken: "onnx-acme-broken-spec-detector",
} as const;

interface YamlInput {
  readonly name: string;
  readonly displayName: string;
  readonly type: NuclioFixtureKind;
  readonly framework: string;
  /** The label spec's JSON lines, written into a block scalar as CVAT does. */
  readonly specLines: readonly string[];
  readonly description: string;
  readonly eventTimeout: string;
  readonly maxWorkers: number;
  readonly extraAnnotations?: readonly string[];
  readonly gpu?: boolean;
}

/** A function.yaml in the layout of CVAT's serverless directory. */
function functionYaml(f: YamlInput): string {
  const indent = (lines: readonly string[], n: number) => lines.map((l) => " ".repeat(n) + l).join("\n");
  return `metadata:
  name: ${f.name}
  namespace: cvat
  annotations:
    name: ${f.displayName}
    type: ${f.type}
    framework: ${f.framework}
    spec: |
${indent(f.specLines, 6)}
${f.extraAnnotations ? indent(f.extraAnnotations, 4) + "\n" : ""}
spec:
  description: ${f.description}
  runtime: 'python:3.9'
  handler: main:handler
  eventTimeout: ${f.eventTimeout}

  build:
    image: cvat.${f.name.replace(/-/g, ".")}
    baseImage: ubuntu:22.04

  triggers:
    myHttpTrigger:
      maxWorkers: ${f.maxWorkers}
      kind: 'http'
      workerAvailabilityTimeoutMilliseconds: 10000
      attributes:
        maxRequestBodySize: 33554432 # 32MB
${f.gpu ? "\n  resources:\n    limits:\n      nvidia.com/gpu: 1\n" : ""}
  platform:
    attributes:
      restartPolicy:
        name: always
        maximumRetryCount: 3
      mountMode: volume
`;
}

/** A JSON list written one item a line, as CVAT's specs are. */
function specLines(items: readonly unknown[]): string[] {
  return ["[", ...items.map((item, i) => `  ${JSON.stringify(item)}${i < items.length - 1 ? "," : ""}`), "]"];
}

const coco = (type: string | undefined, idOf: (cocoId: number, index: number) => number) =>
  specLines(cocoLabels.map((l, i) => (type ? { id: idOf(l.cocoId, i), name: l.name, type } : { id: idOf(l.cocoId, i), name: l.name })));

/** What the COCO detectors "see": three objects, with confidences around the usual thresholds. */
const cocoScene: readonly NuclioRelDetection[] = [
  { label: "person", confidence: 0.93, box: [0.1, 0.2, 0.35, 0.9] },
  { label: "car", confidence: 0.81, box: [0.5, 0.55, 0.95, 0.85] },
  { label: "dog", confidence: 0.42, box: [0.38, 0.7, 0.5, 0.95] },
];

const poseSublabels = [
  "nose",
  "left_eye",
  "right_eye",
  "left_ear",
  "right_ear",
  "left_shoulder",
  "right_shoulder",
  "left_elbow",
  "right_elbow",
  "left_wrist",
  "right_wrist",
  "left_hip",
  "right_hip",
];

/** A small drawing of the skeleton's edges, in CVAT's svg form (lines between element ids, circles per element). */
function poseSvg(): string {
  const pos = poseSublabels.map((_, i) => [10 + (i % 5) * 20, 10 + Math.floor(i / 5) * 30]);
  const edges = [
    [1, 2],
    [1, 3],
    [2, 4],
    [3, 5],
    [6, 7],
    [6, 8],
    [7, 9],
    [8, 10],
    [9, 11],
    [6, 12],
    [7, 13],
    [12, 13],
  ];
  const lines = edges.map(
    ([a, b]) =>
      `<line x1="${pos[a - 1][0]}" y1="${pos[a - 1][1]}" x2="${pos[b - 1][0]}" y2="${pos[b - 1][1]}" data-type="edge" data-node-from="${a}" data-node-to="${b}"></line>`,
  );
  const circles = pos.map(
    ([x, y], i) =>
      `<circle r="0.75" cx="${x}" cy="${y}" data-type="element node" data-element-id="${i + 1}" data-node-id="${i + 1}" data-label-name="${poseSublabels[i]}"></circle>`,
  );
  return [...lines, ...circles].join("");
}

/** The elements of one person, relative to its box [x1, y1, x2, y2]; the wrists are outside (not visible). */
function personPose(box: RelBox): NuclioRelElement[] {
  const [x1, y1, x2, y2] = box;
  const at = (fx: number, fy: number): [number, number] => [x1 + (x2 - x1) * fx, y1 + (y2 - y1) * fy];
  const layout: Record<string, [number, number]> = {
    nose: [0.5, 0.1],
    left_eye: [0.45, 0.07],
    right_eye: [0.55, 0.07],
    left_ear: [0.4, 0.09],
    right_ear: [0.6, 0.09],
    left_shoulder: [0.3, 0.25],
    right_shoulder: [0.7, 0.25],
    left_elbow: [0.2, 0.45],
    right_elbow: [0.8, 0.45],
    left_wrist: [0.15, 0.6],
    right_wrist: [0.85, 0.6],
    left_hip: [0.35, 0.6],
    right_hip: [0.65, 0.6],
  };
  return poseSublabels.map((label) => ({
    label,
    point: at(...layout[label]),
    confidence: label.endsWith("wrist") ? 0.2 : 0.9,
    ...(label.endsWith("wrist") ? { outside: true } : {}),
  }));
}

/**
 * The standard functions: the COCO detectors CVAT publishes (YOLO v3, YOLO v7, RetinaNet R101), face detection with
 * attributes, a mask detector, a pose (skeleton) detector, an interactor, a tracker, a ReID function and one whose
 * spec is not JSON.
 */
export function standardNuclioFixtures(): NuclioFunctionFixture[] {
  const faceAttributes = [
    { name: "age", input_type: "number", values: ["0", "150", "1"] },
    { name: "gender", input_type: "select", values: ["female", "male"] },
    { name: "emotion", input_type: "select", values: ["neutral", "happy", "sad", "surprise", "anger"] },
  ];
  const poseSpec = [
    {
      id: 1,
      name: "person",
      type: "skeleton",
      sublabels: poseSublabels.map((name, i) => ({ id: i + 2, name, type: "points" })),
      svg: poseSvg(),
    },
  ];
  const posePerson: RelBox = [0.3, 0.1, 0.6, 0.95];
  return [
    {
      name: nuclioFixtureNames.yolov3,
      kind: "detector",
      answers: "rectangle",
      outputs: cocoScene,
      yaml: functionYaml({
        name: nuclioFixtureNames.yolov3,
        displayName: "YOLO v3",
        type: "detector",
        framework: "openvino",
        specLines: coco("rectangle", (_, i) => i),
        description: "YOLO v3 via Intel OpenVINO",
        eventTimeout: "30s",
        maxWorkers: 2,
      }),
    },
    {
      name: nuclioFixtureNames.yolov7,
      kind: "detector",
      answers: "rectangle",
      outputs: cocoScene,
      yaml: functionYaml({
        name: nuclioFixtureNames.yolov7,
        displayName: "YOLO v7",
        type: "detector",
        framework: "onnx",
        specLines: coco("rectangle", (_, i) => i),
        description: "YOLO v7 via onnx-runtime",
        eventTimeout: "30s",
        maxWorkers: 1,
        gpu: true,
      }),
    },
    {
      name: nuclioFixtureNames.retinanet,
      kind: "detector",
      answers: "rectangle",
      outputs: cocoScene,
      yaml: functionYaml({
        name: nuclioFixtureNames.retinanet,
        displayName: "RetinaNet R101",
        type: "detector",
        framework: "pytorch",
        specLines: coco("rectangle", (cocoId) => cocoId),
        description: "RetinaNet R101 from Detectron2",
        eventTimeout: "30s",
        maxWorkers: 2,
      }),
    },
    {
      name: nuclioFixtureNames.faceDetection,
      kind: "detector",
      answers: "rectangle",
      outputs: [
        {
          label: "face",
          confidence: 0.97,
          box: [0.4, 0.15, 0.6, 0.45],
          attributes: [
            { name: "age", value: "34" },
            { name: "gender", value: "female" },
            { name: "emotion", value: "happy" },
          ],
        },
        {
          label: "face",
          confidence: 0.64,
          box: [0.7, 0.2, 0.8, 0.35],
          attributes: [
            { name: "age", value: "61" },
            { name: "gender", value: "male" },
            { name: "emotion", value: "neutral" },
          ],
        },
      ],
      yaml: functionYaml({
        name: nuclioFixtureNames.faceDetection,
        displayName: "Attributed face detection",
        type: "detector",
        framework: "openvino",
        specLines: specLines([{ id: 0, name: "face", type: "rectangle", attributes: faceAttributes }]),
        description: "Detection network finding faces and defining age, gender and emotion attributes",
        eventTimeout: "30000s",
        maxWorkers: 2,
      }),
    },
    {
      name: nuclioFixtureNames.maskRcnn,
      kind: "detector",
      answers: "mask",
      outputs: [
        { label: "person", confidence: 0.95, box: [0.1, 0.1, 0.4, 0.9] },
        { label: "car", confidence: 0.77, box: [0.5, 0.5, 0.9, 0.8] },
      ],
      yaml: functionYaml({
        name: nuclioFixtureNames.maskRcnn,
        displayName: "Mask RCNN via Intel OpenVINO",
        type: "detector",
        framework: "openvino",
        specLines: coco("mask", (cocoId) => cocoId),
        description: "Mask RCNN inception resnet v2 COCO via Intel OpenVINO",
        eventTimeout: "60s",
        maxWorkers: 2,
      }),
    },
    {
      name: nuclioFixtureNames.pose,
      kind: "detector",
      answers: "skeleton",
      outputs: [{ label: "person", confidence: 0.88, box: posePerson, elements: personPose(posePerson) }],
      yaml: functionYaml({
        name: nuclioFixtureNames.pose,
        displayName: "Keypoint R-CNN person pose",
        type: "detector",
        framework: "pytorch",
        specLines: specLines(poseSpec),
        description: "Person keypoints (a skeleton per person)",
        eventTimeout: "30s",
        maxWorkers: 1,
      }),
    },
    {
      name: nuclioFixtureNames.sam,
      kind: "interactor",
      answers: "none",
      outputs: [],
      yaml: functionYaml({
        name: nuclioFixtureNames.sam,
        displayName: "Segment Anything",
        type: "interactor",
        framework: "pytorch",
        specLines: [],
        description: "Interactive object segmentation with Segment-Anything",
        eventTimeout: "30s",
        maxWorkers: 2,
        extraAnnotations: ["version: 2", "min_pos_points: 1", "min_neg_points: 0", "startswith_box_optional: true"],
        gpu: true,
      }).replace("    spec: |\n\n", "    spec:\n"),
    },
    {
      name: nuclioFixtureNames.transt,
      kind: "tracker",
      answers: "none",
      outputs: [],
      yaml: functionYaml({
        name: nuclioFixtureNames.transt,
        displayName: "TransT",
        type: "tracker",
        framework: "pytorch",
        specLines: [],
        description: "Fast online object tracking and segmentation",
        eventTimeout: "30s",
        maxWorkers: 1,
        extraAnnotations: ["supported_shape_types: rectangle,polygon"],
      }).replace("    spec: |\n\n", "    spec:\n"),
    },
    {
      name: nuclioFixtureNames.reid,
      kind: "reid",
      answers: "none",
      outputs: [],
      yaml: functionYaml({
        name: nuclioFixtureNames.reid,
        displayName: "Person reidentification",
        type: "reid",
        framework: "openvino",
        specLines: [],
        description: "Person reidentification model for a general scenario",
        eventTimeout: "30s",
        maxWorkers: 2,
      }).replace("    spec: |\n\n", "    spec:\n"),
    },
    {
      name: nuclioFixtureNames.broken,
      kind: "detector",
      answers: "rectangle",
      outputs: cocoScene,
      yaml: functionYaml({
        name: nuclioFixtureNames.broken,
        displayName: "Broken spec detector",
        type: "detector",
        framework: "onnx",
        // A trailing comma, the classic hand-edit mistake: CVAT hides such a function without a word.
        specLines: ["[", '  { "id": 0, "name": "person", "type": "rectangle" },', "]"],
        description: "A detector whose label spec is not valid JSON",
        eventTimeout: "30s",
        maxWorkers: 1,
      }),
    },
  ];
}

/** One standard fixture by name (throws for an unknown one, so a typo fails the test that made it). */
export function nuclioFixture(name: string): NuclioFunctionFixture {
  const found = standardNuclioFixtures().find((f) => f.name === name);
  if (!found) throw new Error(`no standard Nuclio fixture "${name}"`);
  return found;
}
