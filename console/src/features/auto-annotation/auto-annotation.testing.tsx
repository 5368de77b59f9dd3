/** Test support: fixtures shaped like the gateway's answers, and urql mock clients routed by operation name. */
import type { ReactNode } from "react";
import { CombinedError, Provider, type Client } from "urql";
import type { JobProgress, LabelMapping, ModelDetail, ModelSummary, TaskLabel } from "./auto-annotation.api.js";

/** The shared routed mock client (src/test/mock-client.ts), under the names these tests use. */
export { routedMockClient as mockClient, variablesOf, type RoutedMockClient as MockClient } from "../../test/mock-client.js";

export function withClient(client: Client) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return <Provider value={client}>{children}</Provider>;
  };
}

export function graphQLError(code: string, message: string, details?: Record<string, unknown>): CombinedError {
  return new CombinedError({ graphQLErrors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] });
}

const attr = (name: string, inputType: "SELECT" | "NUMBER" = "SELECT", values: string[] = ["a", "b"]) => ({ name, inputType, values });
const point = (id: string, name: string): TaskLabel => ({ id, name, type: "POINTS", attributes: [], sublabels: [] });

export const TASK_LABELS: readonly TaskLabel[] = [
  {
    id: "t-face",
    name: "face",
    type: "RECTANGLE",
    attributes: [attr("age", "NUMBER", ["0", "150", "1"]), attr("gender"), attr("mood")],
    sublabels: [],
  },
  { id: "t-car", name: "car", type: "RECTANGLE", attributes: [], sublabels: [] },
  { id: "t-text", name: "text", type: "POLYGON", attributes: [], sublabels: [] },
  { id: "t-mark", name: "mark", type: "POINTS", attributes: [], sublabels: [] },
  {
    id: "t-person",
    name: "person",
    type: "SKELETON",
    attributes: [],
    sublabels: [point("t-nose", "nose"), point("t-left-eye", "left eye"), point("t-right-eye", "right eye")],
  },
];

const summary = (m: Partial<ModelSummary> & Pick<ModelSummary, "id" | "name" | "source">): ModelSummary => ({
  kind: "DETECTOR",
  defaultThreshold: 0.5,
  returnsMasks: false,
  supported: true,
  unsupportedReason: null,
  ...m,
});

export const FACE_MODEL: ModelDetail = {
  ...summary({ id: "m-face", name: "Face detection", source: "CATALOG" }),
  description: "faces",
  labels: [
    { name: "face", type: "RECTANGLE", attributes: [attr("age", "NUMBER"), attr("gender"), attr("emotion")], sublabels: [] },
    { name: "head", type: "RECTANGLE", attributes: [], sublabels: [] },
  ],
};
export const TEXT_MODEL: ModelDetail = {
  ...summary({ id: "m-text", name: "Text segmentation", source: "UPLOAD", returnsMasks: true, defaultThreshold: 0.3 }),
  description: "text",
  labels: [{ name: "text", type: "MASK", attributes: [], sublabels: [] }],
};
const modelPoint = (name: string) => ({ name, type: "POINTS" as const, attributes: [], sublabels: [] });
export const POSE_MODEL: ModelDetail = {
  ...summary({ id: "m-pose", name: "Pose", source: "HUGGING_FACE" }),
  description: "pose",
  labels: [
    { name: "person", type: "SKELETON", attributes: [], sublabels: [modelPoint("nose"), modelPoint("left_eye"), modelPoint("right_eye")] },
    { name: "truck", type: "RECTANGLE", attributes: [], sublabels: [] },
  ],
};
export const UNSUPPORTED_MODEL = summary({
  id: "m-sam",
  name: "SAM interactor",
  source: "NUCLIO",
  supported: false,
  unsupportedReason: "interactor functions are not run by jobs",
});
export const ROBOFLOW_MODEL = summary({ id: "m-rf", name: "Hard hats v3", source: "ROBOFLOW" });

export const MODELS: readonly ModelSummary[] = [
  // Listed by name, as the server does: the picker groups them.
  summary(FACE_MODEL),
  ROBOFLOW_MODEL,
  summary(POSE_MODEL),
  UNSUPPORTED_MODEL,
  summary(TEXT_MODEL),
];

export const SUGGESTIONS: Readonly<Record<string, readonly LabelMapping[]>> = {
  "m-face": [
    {
      modelLabel: "face",
      taskLabelId: "t-face",
      taskLabel: "face",
      attributes: [
        { modelAttribute: "age", taskAttribute: "age" },
        { modelAttribute: "gender", taskAttribute: "gender" },
      ],
      sublabels: [],
    },
  ],
  "m-text": [{ modelLabel: "text", taskLabelId: "t-text", taskLabel: "text", attributes: [], sublabels: [] }],
  "m-pose": [
    {
      modelLabel: "person",
      taskLabelId: "t-person",
      taskLabel: "person",
      attributes: [],
      sublabels: [
        { modelLabel: "nose", taskLabelId: "t-nose", taskLabel: "nose", attributes: [] },
        { modelLabel: "left_eye", taskLabelId: "t-left-eye", taskLabel: "left eye", attributes: [] },
        { modelLabel: "right_eye", taskLabelId: "t-right-eye", taskLabel: "right eye", attributes: [] },
      ],
    },
  ],
};

export const DETAILS: Readonly<Record<string, ModelDetail>> = { "m-face": FACE_MODEL, "m-text": TEXT_MODEL, "m-pose": POSE_MODEL };

export function job(overrides: Partial<JobProgress> = {}): JobProgress {
  return {
    id: "job-1",
    taskId: "task-1",
    status: "RUNNING",
    framesTotal: 100,
    framesDone: 0,
    framesFailed: 0,
    fps: null,
    etaSeconds: null,
    failureCode: null,
    failureReason: null,
    ...overrides,
  };
}
