import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import sharp from "sharp";
import { ADD_FRAMES, CREATE_TASK, START } from "./support/operations.js";
import { waitForJob } from "./support/jobs.js";
import { startSystem, type System } from "./support/system.js";

const UPLOAD_MODEL = /* GraphQL */ `
  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {
    uploadModel(file: $file, spec: $spec) {
      id
    }
  }
`;

const JOB = /* GraphQL */ `
  query Job($id: ID!) {
    autoAnnotationJob(id: $id) {
      id
      status
      reviewBelow
      needsReviewCount
      failures {
        code
      }
    }
  }
`;

const QUEUE = /* GraphQL */ `
  query ReviewQueue($id: ID!, $first: Int!, $after: String) {
    task(id: $id) {
      reviewQueue(first: $first, after: $after) {
        totalCount
        endCursor
        hasNextPage
        nodes {
          id
          frame
          score
          needsReview
          label {
            name
          }
        }
      }
    }
  }
`;

const RESOLVE = /* GraphQL */ `
  mutation ResolveReview($taskId: ID!, $ids: [ID!]!, $decision: ReviewDecision!) {
    resolveReview(taskId: $taskId, ids: $ids, decision: $decision) {
      accepted
      rejected
      remaining
      annotationsVersion
    }
  }
`;

const ANNOTATIONS = /* GraphQL */ `
  query Annotations($id: ID!) {
    task(id: $id) {
      annotationsVersion
      annotations(first: 100) {
        edges {
          node {
            id
            frame
            score
            version
            needsReview
            label {
              name
            }
          }
        }
      }
    }
  }
`;

/**
 * A tiny ultralytics-style YOLOv8 export whose output is constant, so every frame gets the same four detections
 * (input pixels cx, cy, w, h; apart, so no suppression): a car at 0.9, a person at 0.6, a car at 0.45, a person at 0.35.
 */
function fourDetections(): Uint8Array {
  const g = new GraphBuilder("review-yolov8");
  g.addInput("images", DataType.FLOAT, [1, 3, 64, 64]);
  const cx = [12, 28, 44, 56];
  const cy = [32, 32, 32, 32];
  const w = [8, 8, 8, 6];
  const h = [8, 8, 8, 6];
  const person = [0.01, 0.6, 0.01, 0.35];
  const car = [0.9, 0.01, 0.45, 0.01];
  const value = g.addFloat32("detections", [1, 6, 4], [...cx, ...cy, ...w, ...h, ...person, ...car]);
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 6, 4]);
  return encodeOnnxModel(g.toModel());
}

const rounded = (score: number) => Math.round(score * 100) / 100;

/** A run's results under reviewBelow, reviewed through the gateway (docs/annotations.md, "Review"). */
describe("review of a run's low-scoring results through the gateway", () => {
  let sys: System;
  let taskId: string;
  let jobId: string;

  before(async () => {
    sys = await startSystem({ workers: 1 });
    const uploaded = await sys.client.uploadFile(
      UPLOAD_MODEL,
      { spec: { name: "Review (YOLOv8)", outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["person", "car"] } },
      "file",
      { name: "review.onnx", bytes: fourDetections() },
    );
    assert.equal(uploaded.errors, undefined, JSON.stringify(uploaded.errors));
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: {
        name: "review",
        labels: [
          { name: "Vehicle", type: "RECTANGLE", attributes: [] },
          { name: "Person", type: "RECTANGLE", attributes: [] },
        ],
      },
    });
    taskId = task.id;
    const frames = await Promise.all(
      ["#6080a0", "#a08060"].map(async (background, i) => ({
        name: `street-${i}.png`,
        type: "image/png",
        bytes: await sharp({ create: { width: 200, height: 100, channels: 3, background } })
          .png()
          .toBuffer(),
      })),
    );
    const added = await sys.client.upload(ADD_FRAMES, { taskId }, "files", frames);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const { startAutoAnnotation: job } = await sys.client.must(START, {
      input: {
        taskId,
        modelId: uploaded.data!.uploadModel.id,
        threshold: 0.3,
        reviewBelow: 0.7,
        mapping: [
          { modelLabel: "car", taskLabel: "Vehicle" },
          { modelLabel: "person", taskLabel: "Person" },
        ],
      },
    });
    jobId = job.id;
    const final = await waitForJob(sys.client, jobId, { timeoutMs: 90_000, logDir: sys.logDir });
    assert.equal(final.status, "COMPLETED", JSON.stringify(final));
  });
  after(async () => {
    await sys?.stop();
  });

  it("the run's summary counts the results under reviewBelow", async () => {
    const { autoAnnotationJob: job } = await sys.client.must(JOB, { id: jobId });
    assert.equal(job.status, "COMPLETED");
    assert.equal(rounded(job.reviewBelow), 0.7);
    // Per frame: the person at 0.6, the car at 0.45 and the person at 0.35; two frames.
    assert.equal(job.needsReviewCount, 6);
  });

  it("Task.reviewQueue lists them lowest score first, ties in commit order, in pages; resolveReview accepts some and rejects the others", async () => {
    const page1 = (await sys.client.must(QUEUE, { id: taskId, first: 4 })).task.reviewQueue;
    assert.equal(page1.totalCount, 6);
    assert.equal(page1.hasNextPage, true);
    const page2 = (await sys.client.must(QUEUE, { id: taskId, first: 4, after: page1.endCursor })).task.reviewQueue;
    assert.equal(page2.hasNextPage, false);
    const queue = [...page1.nodes, ...page2.nodes];
    assert.deepEqual(
      queue.map((n: any) => [rounded(n.score), n.label.name, n.frame, n.needsReview]),
      [
        [0.35, "Person", 0, true],
        [0.35, "Person", 1, true],
        [0.45, "Vehicle", 0, true],
        [0.45, "Vehicle", 1, true],
        [0.6, "Person", 0, true],
        [0.6, "Person", 1, true],
      ],
    );

    const before = (await sys.client.must(ANNOTATIONS, { id: taskId })).task;
    const accept = queue.slice(4).map((n: any) => n.id);
    const reject = queue.slice(0, 4).map((n: any) => n.id);
    const accepted = (await sys.client.must(RESOLVE, { taskId, ids: accept, decision: "ACCEPT" })).resolveReview;
    assert.deepEqual(accepted, { accepted: 2, rejected: 0, remaining: 4, annotationsVersion: before.annotationsVersion + 1 });
    const rejected = (await sys.client.must(RESOLVE, { taskId, ids: reject, decision: "REJECT" })).resolveReview;
    assert.deepEqual(rejected, { accepted: 0, rejected: 4, remaining: 0, annotationsVersion: before.annotationsVersion + 2 });

    const after = (await sys.client.must(ANNOTATIONS, { id: taskId })).task;
    const kept = after.annotations.edges.map((e: any) => e.node);
    assert.deepEqual(
      kept.map((a: any) => [a.frame, a.label.name, rounded(a.score), a.needsReview, a.version]),
      [
        [0, "Vehicle", 0.9, false, 1],
        [0, "Person", 0.6, false, 2],
        [1, "Vehicle", 0.9, false, 1],
        [1, "Person", 0.6, false, 2],
      ],
    );
    const empty = (await sys.client.must(QUEUE, { id: taskId, first: 4 })).task.reviewQueue;
    assert.deepEqual(empty, { totalCount: 0, endCursor: null, hasNextPage: false, nodes: [] });

    // Settled ids cannot be resolved again: an accepted one is no longer in the queue, a rejected one is gone.
    const again = await sys.client.request(RESOLVE, { taskId, ids: [accept[0]], decision: "REJECT" });
    assert.equal(again.errors?.[0]?.extensions?.code, "NOT_FLAGGED_FOR_REVIEW", JSON.stringify(again.errors));
    assert.deepEqual((again.errors?.[0]?.extensions as any)?.details?.ids, [accept[0]]);
    const gone = await sys.client.request(RESOLVE, { taskId, ids: [reject[0], accept[1]], decision: "ACCEPT" });
    assert.equal(gone.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(gone.errors));
    assert.deepEqual((gone.errors?.[0]?.extensions as any)?.details?.ids, [reject[0]]);
    assert.deepEqual((await sys.client.must(ANNOTATIONS, { id: taskId })).task, after);
  });
});
