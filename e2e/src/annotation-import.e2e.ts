import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SecretBox } from "@prelabel/secret-box";
import { GraphQLTestClient } from "@prelabel/testing";
import { ADD_FRAMES } from "./support/operations.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

const CREATE_TASK = /* GraphQL */ `
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      id
      annotationsVersion
    }
  }
`;

const IMPORT = /* GraphQL */ `
  mutation ImportAnnotations($taskId: ID!, $file: Upload!, $format: AnnotationFormat!, $partial: Boolean) {
    importAnnotations(taskId: $taskId, file: $file, format: $format, partial: $partial) {
      applied
      annotationsVersion
      imported
      importedElements
      skipped
      framesMatched
      labels {
        fileLabel
        taskLabel
        matchedBy
      }
    }
  }
`;

const READ = /* GraphQL */ `
  query TaskAnnotations($id: ID!) {
    task(id: $id) {
      annotationsVersion
      annotations(first: 100) {
        totalCount
        edges {
          node {
            frame
            type
            points
            source
            label {
              name
            }
            elements {
              points
              label {
                name
              }
            }
          }
        }
      }
    }
  }
`;

/** Annotations brought in from a file through the gateway, in cloud mode: a COCO file, a malformed one, another tenant. */
describe("annotation import through the gateway (cloud mode)", () => {
  let sys: System;
  let other: GraphQLTestClient;
  let taskId: string;
  let frames: { name: string; width: number; height: number }[];

  before(async () => {
    sys = await startSystem({ workers: 0, env: { PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: SecretBox.generateKey("e2e") } });
    const b = await sys.createTenant("Other tenant");
    other = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: b.apiKey });
    const labels = [
      { name: "word", type: "RECTANGLE" },
      {
        name: "corners",
        type: "SKELETON",
        sublabels: [
          { name: "top-left", type: "POINTS" },
          { name: "bottom-right", type: "POINTS" },
        ],
      },
    ];
    taskId = (await sys.client.must(CREATE_TASK, { input: { name: "import", labels } })).createTask.id;
    const added = await sys.client.upload(ADD_FRAMES, { taskId }, "files", sampleDocuments().slice(0, 2));
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    frames = added.data!.addFrames.frames.edges.map((e: any) => e.node);
  });
  after(async () => {
    await other?.close();
    await sys?.stop();
  });

  const coco = () => ({
    name: "instances.json",
    type: "application/json",
    bytes: Buffer.from(
      JSON.stringify({
        images: frames.map((f, i) => ({ id: i + 1, file_name: `scans/${f.name.toUpperCase()}`, width: f.width, height: f.height })),
        categories: [
          { id: 1, name: "Word" },
          { id: 2, name: "corners", keypoints: ["top-left", "bottom-right"], skeleton: [[1, 2]] },
        ],
        annotations: [
          { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 30, 20] },
          { id: 2, image_id: 2, category_id: 2, keypoints: [1, 2, 2, 30, 40, 1] },
        ],
      }),
    ),
  });

  it("imports a COCO file as MANUAL annotations, frames by name, labels suggested", async () => {
    const res = await sys.client.uploadFile(IMPORT, { taskId, format: "COCO_INSTANCES" }, "file", coco());
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const report = res.data!.importAnnotations;
    assert.equal(report.applied, true);
    assert.equal(report.imported, 2);
    assert.equal(report.importedElements, 2);
    assert.equal(report.framesMatched, 2);
    assert.equal(report.annotationsVersion, 1);
    assert.deepEqual(report.labels.map((l: any) => [l.fileLabel, l.taskLabel, l.matchedBy]).sort(), [
      ["Word", "word", "NORMALISED"],
      ["corners", "corners", "EXACT"],
    ]);
    const { task } = await sys.client.must(READ, { id: taskId });
    assert.equal(task.annotations.totalCount, 2);
    const [box, skeleton] = task.annotations.edges.map((e: any) => e.node);
    assert.deepEqual([box.frame, box.type, box.points, box.source, box.label.name], [0, "RECTANGLE", [10, 10, 40, 30], "MANUAL", "word"]);
    assert.deepEqual(
      skeleton.elements.map((e: any) => [e.label.name, e.points]),
      [
        ["top-left", [1, 2]],
        ["bottom-right", [30, 40]],
      ],
    );
  });

  it("refuses a malformed file with INVALID_ANNOTATION_FILE and imports nothing", async () => {
    const before = (await sys.client.must(READ, { id: taskId })).task;
    const bad = { name: "broken.xml", type: "application/xml", bytes: Buffer.from("<annotations><image name='a.jpg'><box label='word'") };
    const res = await sys.client.uploadFile(IMPORT, { taskId, format: "CVAT_IMAGES" }, "file", bad);
    assert.equal(res.errors?.[0]?.extensions?.code, "INVALID_ANNOTATION_FILE", JSON.stringify(res.errors));
    assert.deepEqual((await sys.client.must(READ, { id: taskId })).task, before);
  });

  it("another tenant importing into the task gets NOT_FOUND and nothing changes", async () => {
    const before = (await sys.client.must(READ, { id: taskId })).task;
    const res = await other.uploadFile(IMPORT, { taskId, format: "COCO_INSTANCES", partial: true }, "file", coco());
    assert.equal(res.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(res.errors));
    assert.deepEqual((await sys.client.must(READ, { id: taskId })).task, before);
  });
});
