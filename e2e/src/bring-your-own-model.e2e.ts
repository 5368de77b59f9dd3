import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import sharp from "sharp";
import { ADD_FRAMES, CREATE_TASK, START, SUGGEST, TASK_ANNOTATIONS } from "./support/operations.js";
import { waitForJob } from "./support/jobs.js";
import { startSystem, type System } from "./support/system.js";

const UPLOAD_MODEL = /* GraphQL */ `
  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {
    uploadModel(file: $file, spec: $spec) {
      id
      name
      source
      kind
      defaultThreshold
      deletable
      labels {
        name
        type
      }
      inputSize {
        width
        height
      }
      artifacts {
        name
        sha256
        sizeBytes
      }
      onnxDetector {
        outputLayout
        inputWidth
        inputHeight
        resize
        classNames
        inputName
        outputNames
      }
    }
  }
`;

/**
 * A tiny ultralytics-style YOLOv8 export: input `images` [1, 3, 64, 64], output `output0` [1, 4 + 2, 3]
 * that is constant, so the detections are known. Anchors, in input pixels (cx, cy, w, h):
 * a car at (24, 32, 16, 16) scoring 0.9, a person at (48, 32, 8, 8) scoring 0.6, and a weak car (0.1).
 */
function tinyYoloV8(): Uint8Array {
  const g = new GraphBuilder("tiny-yolov8");
  g.addInput("images", DataType.FLOAT, [1, 3, 64, 64]);
  const cx = [24, 48, 10];
  const cy = [32, 32, 10];
  const w = [16, 8, 4];
  const h = [16, 8, 4];
  const person = [0.05, 0.6, 0.02];
  const car = [0.9, 0.1, 0.1];
  const value = g.addFloat32("detections", [1, 6, 3], [...cx, ...cy, ...w, ...h, ...person, ...car]);
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 6, 3]);
  return encodeOnnxModel(g.toModel());
}

describe("bring your own ONNX detector through the gateway", () => {
  let sys: System;

  before(async () => {
    sys = await startSystem({ workers: 1 });
  });
  after(async () => {
    await sys?.stop();
  });

  it("uploads a YOLOv8 export, runs it on a task with a label mapping and commits its boxes in frame pixels", async () => {
    const file = tinyYoloV8();
    const uploaded = await sys.client.uploadFile(
      UPLOAD_MODEL,
      { spec: { name: "Street (YOLOv8)", outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["person", "car"] } },
      "file",
      { name: "street.onnx", bytes: file },
    );
    assert.equal(uploaded.errors, undefined, JSON.stringify(uploaded.errors));
    const model = uploaded.data!.uploadModel;
    assert.equal(model.source, "UPLOAD");
    assert.equal(model.kind, "DETECTOR");
    assert.equal(model.deletable, true);
    assert.equal(model.defaultThreshold, 0.25);
    assert.deepEqual(model.labels, [
      { name: "person", type: "RECTANGLE" },
      { name: "car", type: "RECTANGLE" },
    ]);
    assert.deepEqual(model.inputSize, { width: 64, height: 64 });
    assert.equal(model.artifacts[0].sizeBytes, file.byteLength);
    assert.deepEqual(model.onnxDetector, {
      outputLayout: "YOLO_V8",
      inputWidth: 64,
      inputHeight: 64,
      resize: "LETTERBOX",
      classNames: ["person", "car"],
      inputName: "images",
      outputNames: ["output0"],
    });

    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: {
        name: "street",
        labels: [
          { name: "Vehicle", type: "RECTANGLE", attributes: [] },
          { name: "Person", type: "RECTANGLE", attributes: [] },
        ],
      },
    });
    // 200×100: letterboxed into 64×64 at scale 0.32, with 16 px of grey above and below.
    const png = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#6080a0" } })
      .png()
      .toBuffer();
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", [
      { name: "street.png", bytes: png, type: "image/png" },
    ]);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));

    const { suggestLabelMapping } = await sys.client.must(SUGGEST, { taskId: task.id, modelId: model.id });
    const suggested = suggestLabelMapping.map((m: any) => `${m.modelLabel}→${m.taskLabel}`);
    assert.ok(suggested.includes("person→Person"), `the uploaded model's labels take part in suggestions: ${suggested}`);

    const { startAutoAnnotation: job } = await sys.client.must(START, {
      input: {
        taskId: task.id,
        modelId: model.id,
        threshold: 0.5,
        mapping: [
          { modelLabel: "car", taskLabel: "Vehicle" },
          { modelLabel: "person", taskLabel: "Person" },
        ],
      },
    });
    const final = await waitForJob(sys.client, job.id, { timeoutMs: 60_000, logDir: sys.logDir });
    assert.equal(final.status, "COMPLETED", JSON.stringify(final.failures));
    assert.deepEqual(final.failures, []);

    const { task: annotated } = await sys.client.must(TASK_ANNOTATIONS, { id: task.id });
    const annotations = annotated.annotations.edges.map((e: any) => e.node).sort((a: any, b: any) => b.score - a.score);
    const rounded = annotations.map((a: any) => ({
      label: a.label.name,
      type: a.type,
      source: a.source,
      score: Math.round(a.score * 1e6) / 1e6,
      points: a.points.map((v: number) => Math.round(v * 1000) / 1000),
    }));
    // Car: input (16, 24)–(32, 40) → frame (16 / 0.32, (24 − 16) / 0.32)–(32 / 0.32, (40 − 16) / 0.32).
    // Person: input (44, 28)–(52, 36) → frame (137.5, 37.5)–(162.5, 62.5). The weak car is under 0.5.
    assert.deepEqual(rounded, [
      { label: "Vehicle", type: "RECTANGLE", source: "AUTO", score: 0.9, points: [50, 25, 100, 75] },
      { label: "Person", type: "RECTANGLE", source: "AUTO", score: 0.6, points: [137.5, 37.5, 162.5, 62.5] },
    ]);

    // The model can be deleted; catalog models cannot.
    assert.equal((await sys.client.must(`mutation($id: ID!) { deleteModel(id: $id) }`, { id: model.id })).deleteModel, true);
    assert.deepEqual((await sys.client.must(`{ models(source: UPLOAD) { id } }`)).models, []);
    const catalog = await sys.client.request(`mutation { deleteModel(id: "text-detection") }`);
    assert.equal(catalog.errors?.[0]?.extensions?.code, "MODEL_NOT_DELETABLE");
  });

  it("keeps a job readable after its model is deleted: model { name deletedAt } with no error, while new work cannot use it", async () => {
    const uploaded = await sys.client.uploadFile(
      UPLOAD_MODEL,
      { spec: { name: "Deleted later (YOLOv8)", outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["person", "car"] } },
      "file",
      { name: "later.onnx", bytes: tinyYoloV8() },
    );
    assert.equal(uploaded.errors, undefined, JSON.stringify(uploaded.errors));
    const model = uploaded.data!.uploadModel;
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "history", labels: [{ name: "car", type: "RECTANGLE", attributes: [] }] },
    });
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#808080" } })
      .png()
      .toBuffer();
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", [{ name: "grey.png", bytes: png, type: "image/png" }]);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const { startAutoAnnotation: job } = await sys.client.must(START, {
      input: { taskId: task.id, modelId: model.id, mapping: [{ modelLabel: "car", taskLabel: "car" }] },
    });
    const final = await waitForJob(sys.client, job.id, { timeoutMs: 60_000, logDir: sys.logDir });
    assert.equal(final.status, "COMPLETED", JSON.stringify(final.failures));

    const READ = /* GraphQL */ `
      query ($id: ID!) {
        autoAnnotationJob(id: $id) {
          id
          status
          model {
            id
            name
            source
            deletable
            deletedAt
          }
        }
      }
    `;
    const LIST = /* GraphQL */ `
      query ($id: ID!) {
        task(id: $id) {
          autoAnnotationJobs {
            id
            model {
              name
              deletedAt
            }
          }
        }
      }
    `;
    const before = await sys.client.must(READ, { id: job.id });
    assert.deepEqual(before.autoAnnotationJob.model, {
      id: model.id,
      name: "Deleted later (YOLOv8)",
      source: "UPLOAD",
      deletable: true,
      deletedAt: null,
    });

    assert.equal((await sys.client.must(`mutation($id: ID!) { deleteModel(id: $id) }`, { id: model.id })).deleteModel, true);
    // The registry answers the job's reference from the tombstone at once: no wait, no error, the same name.
    const after = await sys.client.request(READ, { id: job.id });
    assert.equal(after.errors, undefined, JSON.stringify(after.errors));
    const { deletedAt, ...rest } = after.data!.autoAnnotationJob.model;
    assert.deepEqual(rest, { id: model.id, name: "Deleted later (YOLOv8)", source: "UPLOAD", deletable: false });
    assert.ok(!Number.isNaN(Date.parse(deletedAt)), `deletedAt ${deletedAt}`);
    assert.equal(after.data!.autoAnnotationJob.status, "COMPLETED");
    const listed = await sys.client.request(LIST, { id: task.id });
    assert.equal(listed.errors, undefined, JSON.stringify(listed.errors));
    assert.deepEqual(listed.data!.task.autoAnnotationJobs, [{ id: job.id, model: { name: "Deleted later (YOLOv8)", deletedAt } }]);

    // Everything else treats it as gone, exactly like an id that never existed.
    assert.equal((await sys.client.must(`query($id: ID!) { model(id: $id) { id } }`, { id: model.id })).model, null);
    assert.ok(!(await sys.client.must(`{ models(source: UPLOAD) { id } }`)).models.some((m: { id: string }) => m.id === model.id));
    const again = await sys.client.request(`mutation($id: ID!) { deleteModel(id: $id) }`, { id: model.id });
    assert.equal(again.errors?.[0]?.extensions?.code, "NOT_FOUND");
    const unknown = await sys.client.request(START, { input: { taskId: task.id, modelId: "no-such-model-000000" } });
    const rerun = await sys.client.request(START, { input: { taskId: task.id, modelId: model.id } });
    assert.ok(unknown.errors?.[0]?.extensions?.code, JSON.stringify(unknown));
    assert.equal(rerun.errors?.[0]?.extensions?.code, unknown.errors?.[0]?.extensions?.code, JSON.stringify(rerun.errors));
  });

  it("rejects a file that does not fit its declared layout with INVALID_MODEL", async () => {
    const res = await sys.client.uploadFile(
      UPLOAD_MODEL,
      { spec: { name: "Wrong", outputLayout: "YOLO_V5", inputWidth: 640, inputHeight: 640, classNames: ["person", "car"] } },
      "file",
      { name: "street.onnx", bytes: tinyYoloV8() },
    );
    assert.equal(res.errors?.[0]?.extensions?.code, "INVALID_MODEL", JSON.stringify(res.errors));
    assert.match(res.errors[0].message, /input "images" has shape \[1, 3, 64, 64\], expected \[1, 3, 640, 640\]/);
    assert.match(res.errors[0].message, /YOLO_V5 detections output "output0" has shape \[1, 6, 3\], expected \[1, boxes, 7\]/);
  });
});
