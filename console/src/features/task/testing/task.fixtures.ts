import type { Annotation, AnnotationShape, AutoAnnotationJob, Frame, GridFrame, Label, TaskHeader } from "../task.api.js";

export const labels: Label[] = [
  {
    id: "l-face",
    name: "face",
    type: "RECTANGLE",
    attributes: [{ name: "age", inputType: "NUMBER", values: ["0", "120", "1"], defaultValue: null }],
    sublabels: [],
  },
  { id: "l-road", name: "road", type: "POLYGON", attributes: [], sublabels: [] },
  {
    id: "l-body",
    name: "body",
    type: "SKELETON",
    attributes: [],
    sublabels: [{ id: "l-nose", name: "nose", type: "POINTS", attributes: [], sublabels: [] }],
  },
  { id: "l-indoor", name: "indoor", type: "TAG", attributes: [], sublabels: [] },
];

export const frame: Frame = { index: 3, name: "street.jpg", width: 640, height: 480, sizeBytes: 1234 };

export function annotation(id: string, type: Annotation["type"], extra: Partial<Annotation> & { labelId?: string } = {}): Annotation {
  const label = labels.find((l) => l.id === (extra.labelId ?? "l-face")) ?? labels[0];
  const base: AnnotationShape = {
    id,
    frame: 3,
    label: { id: label.id, name: label.name },
    type,
    points: [],
    mask: null,
    score: null,
    source: "MANUAL",
    jobId: null,
    attributes: [],
    occluded: false,
    outside: false,
  };
  const { labelId: _ignored, ...rest } = extra;
  void _ignored;
  return { ...base, elements: [], ...rest };
}

export function job(overrides: Partial<AutoAnnotationJob> = {}): AutoAnnotationJob {
  return {
    id: "job-1",
    status: "COMPLETED",
    model: { id: "m1", name: "Face detector" },
    framesTotal: 10,
    framesDone: 8,
    framesFailed: 2,
    fps: 4.5,
    etaSeconds: null,
    threshold: 0.5,
    thresholds: [],
    tiling: null,
    reviewBelow: null,
    needsReviewCount: 0,
    convertMasksToPolygons: false,
    cleanOldAnnotations: true,
    mapping: [{ modelLabel: "face", taskLabelId: "l-face", taskLabel: "face", attributes: [], sublabels: [] }],
    droppedAttributeValues: 0,
    unmappedDetections: 0,
    failures: [
      { frame: 4, code: "CORRUPT_IMAGE", reason: "broken bytes" },
      { frame: 7, code: "INFERENCE_TIMEOUT", reason: "slow" },
    ],
    failureCode: null,
    failureReason: null,
    createdAt: "2025-01-01T00:00:00Z",
    finishedAt: "2025-01-01T00:01:00Z",
    ...overrides,
  };
}

export function taskHeader(overrides: Partial<TaskHeader> = {}): TaskHeader {
  return {
    id: "t1",
    name: "Street photos",
    size: 130,
    createdAt: "2025-01-01T00:00:00Z",
    labels,
    autoAnnotationJobs: [job()],
    ...overrides,
  };
}

/** Grid frames with their thumbnails (fake data URLs: jsdom loads no image). */
export function frames(from: number, count: number): GridFrame[] {
  return Array.from({ length: count }, (_, i) => ({
    index: from + i,
    name: `frame-${from + i}.jpg`,
    width: 640,
    height: 480,
    sizeBytes: 100,
    thumbnail: { dataUrl: `data:image/jpeg;base64,thumb${from + i}`, width: 160, height: 120 },
  }));
}
