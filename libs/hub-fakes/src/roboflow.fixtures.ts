/** A prediction in fractions of the image it is made on: centre (cx, cy), width and height. */
export interface RoboflowRelPrediction {
  readonly cls: string;
  readonly classId: number;
  readonly confidence: number;
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
  /** Instance segmentation: polygon vertices, fractions. */
  readonly points?: ReadonlyArray<readonly [number, number]>;
  /** Keypoint detection. */
  readonly keypoints?: ReadonlyArray<{
    readonly name: string;
    readonly id: number;
    readonly rx: number;
    readonly ry: number;
    readonly confidence: number;
  }>;
}

export interface RoboflowProjectFixture {
  readonly workspace: string;
  readonly project: string;
  readonly version: number;
  readonly name: string;
  /** object-detection | instance-segmentation | classification | semantic-segmentation | keypoint-detection */
  readonly type: string;
  /** Class name → annotation count, as the API sends it. */
  readonly classes: Readonly<Record<string, number>>;
  readonly multilabel?: boolean;
  /** Public (universe) projects answer to any valid key. */
  readonly public?: boolean;
  /** Without a trained model the version has no `model` and inference is 404. Default true. */
  readonly trained?: boolean;
  readonly predictions?: readonly RoboflowRelPrediction[];
  /** Classification: class → confidence. */
  readonly scores?: Readonly<Record<string, number>>;
  /** Keypoints use `class` instead of `class_name` (some docs show it). */
  readonly keypointClassField?: "class_name" | "class";
}

export const roboflowFixtureRefs = {
  detection: "acme/hard-hats/3",
  segmentation: "acme/potholes/2",
  classification: "acme/plant-health/1",
  multiLabel: "acme/defect-tags/1",
  keypoints: "acme/human-pose/4",
  universe: "universe-ws/public-cars/5",
  untrained: "acme/hard-hats/4",
  semantic: "acme/road-semantic/1",
} as const;

/** One project per case the hub layer must handle. */
export function standardRoboflowFixtures(): RoboflowProjectFixture[] {
  return [
    {
      workspace: "acme",
      project: "hard-hats",
      version: 3,
      name: "Hard Hats",
      type: "object-detection",
      classes: { helmet: 287, person: 9, head: 120 },
      predictions: [
        { cls: "helmet", classId: 1, confidence: 0.91, cx: 0.5, cy: 0.25, w: 0.2, h: 0.1 },
        { cls: "person", classId: 2, confidence: 0.62, cx: 0.5, cy: 0.5, w: 0.4, h: 0.8 },
        { cls: "head", classId: 0, confidence: 0.2, cx: 0.1, cy: 0.1, w: 0.1, h: 0.1 },
      ],
    },
    {
      workspace: "acme",
      project: "hard-hats",
      version: 4,
      name: "Hard Hats",
      type: "object-detection",
      classes: { helmet: 287 },
      trained: false,
    },
    {
      workspace: "acme",
      project: "potholes",
      version: 2,
      name: "Potholes",
      type: "instance-segmentation",
      classes: { pothole: 812 },
      predictions: [
        {
          cls: "pothole",
          classId: 0,
          confidence: 0.88,
          cx: 0.5,
          cy: 0.5,
          w: 0.4,
          h: 0.2,
          points: [
            [0.3, 0.4],
            [0.7, 0.4],
            [0.7, 0.6],
            [0.3, 0.6],
          ],
        },
      ],
    },
    {
      workspace: "acme",
      project: "plant-health",
      version: 1,
      name: "Plant Health",
      type: "classification",
      classes: { healthy: 40, diseased: 31, dry: 12 },
      scores: { healthy: 0.15, diseased: 0.8, dry: 0.05 },
    },
    {
      workspace: "acme",
      project: "defect-tags",
      version: 1,
      name: "Defect Tags",
      type: "classification",
      multilabel: true,
      classes: { scratch: 10, dent: 8, rust: 4 },
      scores: { scratch: 0.9, dent: 0.6, rust: 0.1 },
    },
    {
      workspace: "acme",
      project: "human-pose",
      version: 4,
      name: "Human Pose",
      type: "keypoint-detection",
      classes: { person: 500 },
      predictions: [
        {
          cls: "person",
          classId: 0,
          confidence: 0.93,
          cx: 0.5,
          cy: 0.5,
          w: 0.3,
          h: 0.9,
          keypoints: [
            { name: "nose", id: 0, rx: 0.5, ry: 0.12, confidence: 0.95 },
            { name: "left_eye", id: 1, rx: 0.48, ry: 0.1, confidence: 0.9 },
            { name: "right_eye", id: 2, rx: 0.52, ry: 0.1, confidence: 0.4 },
          ],
        },
      ],
    },
    {
      workspace: "universe-ws",
      project: "public-cars",
      version: 5,
      name: "Public Cars",
      type: "object-detection",
      public: true,
      classes: { car: 1000, truck: 300 },
      predictions: [{ cls: "car", classId: 0, confidence: 0.77, cx: 0.25, cy: 0.75, w: 0.3, h: 0.2 }],
    },
    {
      workspace: "acme",
      project: "road-semantic",
      version: 1,
      name: "Road",
      type: "semantic-segmentation",
      classes: { road: 10, background: 10 },
    },
  ];
}
