import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { REPO_ROOT, type GraphQLTestClient } from "@prelabel/testing";

/** Every field of an evaluation a test reads. */
export const EVALUATION_FIELDS = /* GraphQL */ `
  id taskId status framesTotal framesDone framesFailed threshold meanAp50 meanAp failureCode failureReason createdAt finishedAt
  model { id }
  thresholds { taskLabelId taskLabel threshold }
  mapping { modelLabel taskLabel taskLabelId }
  failures { frame code reason }
  labels {
    taskLabelId taskLabel metric threshold groundTruthCount detectionCount precision recall f1 ap50 ap bestF1Threshold bestF1
    curve { threshold precision recall }
  }
  unevaluatedLabels { taskLabelId taskLabel groundTruthCount reason }
`;

export const EVALUATE_MODEL = /* GraphQL */ `
  mutation EvaluateModel($input: EvaluateModelInput!) {
    evaluateModel(input: $input) { ${EVALUATION_FIELDS} }
  }
`;

export const EVALUATION = /* GraphQL */ `
  query Evaluation($id: ID!) {
    evaluation(id: $id) { ${EVALUATION_FIELDS} }
  }
`;

export const TASK_EVALUATIONS = /* GraphQL */ `
  query TaskEvaluations($id: ID!) {
    task(id: $id) {
      id
      evaluations(first: 5) {
        id
        status
        taskId
      }
    }
  }
`;

/** Polls `evaluation(id)` until it is no longer RUNNING; returns that state. */
export async function waitForEvaluation(
  client: GraphQLTestClient,
  id: string,
  options: { timeoutMs?: number; logDir?: string } = {},
): Promise<any> {
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    const { evaluation } = await client.must(EVALUATION, { id });
    if (evaluation.status !== "RUNNING") return evaluation;
    if (Date.now() > deadline)
      throw new Error(
        `evaluation ${id} still RUNNING (${evaluation.framesDone}/${evaluation.framesTotal})${options.logDir ? `; logs in ${options.logDir}` : ""}`,
      );
    await sleep(250);
  }
}

interface GroundTruthFile {
  images: { file: string; width: number; height: number; faces: { box: number[] }[]; persons: { box: number[] }[] }[];
}

/** The hand-made boxes of the six face-api group photos (docs/models/ground-truth.md). */
export function facePhotoGroundTruth(): GroundTruthFile {
  const path = join(REPO_ROOT, "services", "inference-worker", "test", "fixtures", "face-api-samples", "ground-truth.json");
  return JSON.parse(readFileSync(path, "utf8")) as GroundTruthFile;
}

/** The hand-made person (and face) boxes as a COCO instances file whose images are named like the uploaded photos. */
export function groundTruthCoco(
  gt: GroundTruthFile,
  kinds: readonly ("persons" | "faces")[] = ["persons", "faces"],
): {
  name: string;
  type: string;
  bytes: Buffer;
} {
  const categories = [
    { id: 1, name: "person" },
    { id: 2, name: "face" },
  ];
  let next = 1;
  const annotations = gt.images.flatMap((image, i) =>
    kinds.flatMap((kind) =>
      image[kind].map(({ box: [x1, y1, x2, y2] }) => ({
        id: next++,
        image_id: i + 1,
        category_id: kind === "persons" ? 1 : 2,
        bbox: [x1, y1, x2 - x1, y2 - y1],
        area: (x2 - x1) * (y2 - y1),
        iscrowd: 0,
      })),
    ),
  );
  const images = gt.images.map((image, i) => ({ id: i + 1, file_name: image.file, width: image.width, height: image.height }));
  return { name: "ground-truth.json", type: "application/json", bytes: Buffer.from(JSON.stringify({ images, categories, annotations })) };
}

/** One evaluation's table, per label, as markdown (the README's). */
export function evaluationTable(evaluation: any): string {
  const f = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toFixed(3));
  const rows = evaluation.labels.map(
    (l: any) =>
      `| ${l.taskLabel} | ${l.metric} | ${l.groundTruthCount} | ${l.detectionCount} | ${f(l.precision)} | ${f(l.recall)} | ${f(l.ap50)} | ${f(l.ap)} | ${f(l.bestF1Threshold)} (F1 ${f(l.bestF1)}) |`,
  );
  return [
    "| label | metric | GT | detections | precision | recall | AP50 | AP | best-F1 threshold |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
