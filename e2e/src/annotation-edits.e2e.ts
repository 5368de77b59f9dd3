import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SecretBox } from "@prelabel/secret-box";
import { GraphQLTestClient } from "@prelabel/testing";
import { ADD_FRAMES } from "./support/operations.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

const labels = [
  { name: "word", type: "RECTANGLE", attributes: [{ name: "legible", inputType: "CHECKBOX", values: [] }] },
  {
    name: "corners",
    type: "SKELETON",
    sublabels: [
      { name: "top-left", type: "POINTS" },
      { name: "bottom-right", type: "POINTS" },
    ],
  },
  { name: "page", type: "TAG" },
];

const CREATE_TASK = /* GraphQL */ `
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      id
      annotationsVersion
      labels {
        id
        name
        sublabels {
          id
          name
        }
      }
    }
  }
`;

const SAVE = /* GraphQL */ `
  mutation SaveAnnotations($taskId: ID!, $input: SaveAnnotationsInput!) {
    saveAnnotations(taskId: $taskId, input: $input) {
      annotationsVersion
      clippedCoordinates
      clippedShapes
      deleted
      created {
        id
        frame
        type
        points
        version
        source
        label {
          name
        }
        attributes {
          name
          value
        }
        elements {
          points
          label {
            name
          }
        }
      }
      updated {
        id
        points
        version
        source
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
            id
            frame
            type
            points
            version
            source
          }
        }
      }
    }
  }
`;

/** Manual edits through the gateway, in cloud mode: a save, a conflict, and another tenant's attempt. */
describe("manual annotation edits through the gateway (cloud mode)", () => {
  let sys: System;
  let other: GraphQLTestClient;
  let task: { id: string; labels: { id: string; name: string; sublabels?: { id: string; name: string }[] }[] };
  let frame: { width: number; height: number };

  before(async () => {
    sys = await startSystem({ workers: 0, env: { PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: SecretBox.generateKey("e2e") } });
    const b = await sys.createTenant("Other tenant");
    other = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: b.apiKey });
    task = (await sys.client.must(CREATE_TASK, { input: { name: "edits", labels } })).createTask;
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", sampleDocuments().slice(0, 2));
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    frame = added.data!.addFrames.frames.edges[0].node;
  });
  after(async () => {
    await other?.close();
    await sys?.stop();
  });

  const label = (name: string) => task.labels.find((l) => l.name === name)!;

  it("saves shapes in one operation, clipping what lies outside the frame, and reads them back as MANUAL", async () => {
    const corners = label("corners");
    const { saveAnnotations } = await sys.client.must(SAVE, {
      taskId: task.id,
      input: {
        expectedVersion: 0,
        create: [
          { frame: 0, labelId: label("word").id, points: [10, 10, frame.width + 50, 40], attributes: [{ name: "legible", value: "true" }] },
          {
            frame: 0,
            labelId: corners.id,
            elements: [
              { labelId: corners.sublabels![0].id, points: [1, 2] },
              { labelId: corners.sublabels![1].id, points: [30, 40] },
            ],
          },
          { frame: 1, labelId: label("page").id },
        ],
      },
    });
    assert.equal(saveAnnotations.annotationsVersion, 1);
    assert.equal(saveAnnotations.clippedCoordinates, 1);
    assert.equal(saveAnnotations.clippedShapes, 1);
    assert.deepEqual(
      saveAnnotations.created.map((a: any) => [a.frame, a.type, a.label.name, a.source, a.version]),
      [
        [0, "RECTANGLE", "word", "MANUAL", 1],
        [0, "SKELETON", "corners", "MANUAL", 1],
        [1, "TAG", "page", "MANUAL", 1],
      ],
    );
    assert.deepEqual(saveAnnotations.created[0].points, [10, 10, frame.width, 40]);
    assert.deepEqual(
      saveAnnotations.created[1].elements.map((e: any) => [e.label.name, e.points]),
      [
        ["top-left", [1, 2]],
        ["bottom-right", [30, 40]],
      ],
    );
    const { task: read } = await sys.client.must(READ, { id: task.id });
    assert.equal(read.annotationsVersion, 1);
    assert.equal(read.annotations.totalCount, 3);
  });

  it("a save made against an older version is CONFLICT and changes nothing; the fresh version saves", async () => {
    const before = (await sys.client.must(READ, { id: task.id })).task;
    const box = before.annotations.edges.find((e: any) => e.node.type === "RECTANGLE").node;
    const moved = { id: box.id, version: box.version, labelId: label("word").id, points: [20, 20, 60, 60] };
    const stale = await sys.client.request(SAVE, {
      taskId: task.id,
      input: { expectedVersion: before.annotationsVersion - 1, update: [moved], create: [{ frame: 1, labelId: label("page").id }] },
    });
    assert.equal(stale.errors?.[0]?.extensions?.code, "CONFLICT", JSON.stringify(stale.errors));
    assert.deepEqual((await sys.client.must(READ, { id: task.id })).task, before);

    const { saveAnnotations } = await sys.client.must(SAVE, {
      taskId: task.id,
      input: { expectedVersion: before.annotationsVersion, update: [moved] },
    });
    assert.deepEqual(saveAnnotations.updated, [{ id: box.id, points: [20, 20, 60, 60], version: 2, source: "MANUAL" }]);
    assert.equal(saveAnnotations.annotationsVersion, before.annotationsVersion + 1);
    // The same per-annotation version again: the annotation moved on.
    const again = await sys.client.request(SAVE, { taskId: task.id, input: { update: [moved] } });
    assert.equal(again.errors?.[0]?.extensions?.code, "CONFLICT");
  });

  it("an invalid shape is INVALID_ANNOTATION with its problems", async () => {
    const res = await sys.client.request(SAVE, {
      taskId: task.id,
      input: { create: [{ frame: 0, labelId: label("word").id, points: [1, 2, 3] }] },
    });
    assert.equal(res.errors?.[0]?.extensions?.code, "INVALID_ANNOTATION");
    assert.equal((res.errors?.[0]?.extensions as any)?.details?.problems?.[0]?.path, "create[0].points");
  });

  it("another tenant cannot save to the task or delete its shapes: NOT_FOUND, nothing changes", async () => {
    const before = (await sys.client.must(READ, { id: task.id })).task;
    const ids = before.annotations.edges.map((e: any) => e.node.id);
    const res = await other.request(SAVE, {
      taskId: task.id,
      input: { delete: ids, create: [{ frame: 0, labelId: label("page").id }] },
    });
    assert.equal(res.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(res.errors));
    assert.equal((await other.request(READ, { id: task.id })).data?.task, null);
    assert.deepEqual((await sys.client.must(READ, { id: task.id })).task, before);
  });
});
