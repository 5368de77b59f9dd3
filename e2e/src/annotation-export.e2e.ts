import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { ADD_FRAMES, CREATE_TASK } from "./support/operations.js";
import { startSystem, type System } from "./support/system.js";

/** Every shape type the schema has, with attributes and a skeleton. */
const LABELS = [
  { name: "car", type: "RECTANGLE", attributes: [{ name: "color", inputType: "SELECT", values: ["red", "blue"], defaultValue: "red" }] },
  { name: "lake", type: "POLYGON", attributes: [] },
  { name: "lane", type: "POLYLINE", attributes: [] },
  { name: "eyes", type: "POINTS", attributes: [] },
  { name: "road", type: "MASK", attributes: [] },
  {
    name: "person",
    type: "SKELETON",
    attributes: [],
    sublabels: [
      { name: "head", type: "POINTS" },
      { name: "foot", type: "POINTS" },
    ],
  },
  { name: "sunny", type: "TAG", attributes: [] },
];

/** Ground truth as CVAT for images 1.1 writes it (frames by name). */
const GROUND_TRUTH = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <image id="0" name="one.png" width="64" height="48">
    <box label="car" source="manual" occluded="1" xtl="4" ytl="5" xbr="30.5" ybr="25" z_order="0">
      <attribute name="color">blue</attribute>
    </box>
    <polygon label="lake" source="manual" occluded="0" points="1,1;20,1;20,12;1,12" z_order="0"></polygon>
    <polyline label="lane" source="manual" occluded="0" points="2,40;30,44;60,40" z_order="0"></polyline>
    <points label="eyes" source="manual" occluded="0" points="10,10;14,10" z_order="0"></points>
  </image>
  <image id="1" name="two.png" width="32" height="16">
    <mask label="road" source="manual" occluded="0" rle="1, 3, 2" left="2" top="1" width="3" height="2" z_order="0"></mask>
    <skeleton label="person" source="manual" z_order="0">
      <points label="head" source="manual" occluded="0" outside="0" points="5,2"></points>
      <points label="foot" source="manual" occluded="1" outside="0" points="6,9"></points>
    </skeleton>
    <tag label="sunny" source="manual"></tag>
  </image>
</annotations>
`;

const IMPORT = /* GraphQL */ `
  mutation Import($taskId: ID!, $file: Upload!, $format: AnnotationFormat!) {
    importAnnotations(taskId: $taskId, file: $file, format: $format) {
      applied
      imported
    }
  }
`;

const EXPORT = /* GraphQL */ `
  mutation Export($taskId: ID!, $format: AnnotationFormat!, $filter: AnnotationExportFilter, $includeFrames: Boolean) {
    exportAnnotations(taskId: $taskId, format: $format, filter: $filter, includeFrames: $includeFrames) {
      url
      expiresAt
      fileName
      contentType
    }
  }
`;

const ANNOTATIONS = /* GraphQL */ `
  query Annotations($id: ID!) {
    task(id: $id) {
      annotations(first: 500) {
        edges {
          node {
            frame
            type
            points
            occluded
            label {
              name
            }
            mask {
              counts
              left
              top
              right
              bottom
            }
            attributes {
              name
              value
            }
            elements {
              points
              occluded
              outside
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

describe("annotation export through the gateway", () => {
  let sys: System;
  let origin: string;
  const frames: { name: string; bytes: Uint8Array; type: string }[] = [];

  before(async () => {
    sys = await startSystem({ workers: 0 });
    origin = new URL(sys.stack.gatewayUrl).origin;
    for (const [name, w, h] of [
      ["one.png", 64, 48],
      ["two.png", 32, 16],
    ] as const) {
      const bytes = await sharp({ create: { width: w, height: h, channels: 3, background: "#336699" } })
        .png()
        .toBuffer();
      frames.push({ name, bytes, type: "image/png" });
    }
  });
  after(async () => {
    await sys?.stop();
  });

  async function taskWithFrames(name: string): Promise<string> {
    const { createTask } = await sys.client.must(CREATE_TASK, { input: { name, labels: LABELS } });
    const res = await sys.client.upload(ADD_FRAMES, { taskId: createTask.id }, "files", frames);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return createTask.id as string;
  }

  async function importFile(taskId: string, format: string, name: string, bytes: Uint8Array) {
    const res = await sys.client.uploadFile(IMPORT, { taskId, format }, "file", { name, bytes });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data!.importAnnotations;
  }

  async function exported(taskId: string, format: string, includeFrames = false, filter?: object) {
    const { exportAnnotations: link } = await sys.client.must(EXPORT, { taskId, format, includeFrames, filter });
    assert.match(link.url, /^\/exports\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // No API key or header: the link is the credential.
    const res = await fetch(`${origin}${link.url}`);
    assert.equal(res.status, 200, `${format}: ${res.status}`);
    assert.equal(res.headers.get("content-type"), link.contentType);
    assert.equal(res.headers.get("content-disposition"), `attachment; filename="${link.fileName}"`);
    return Buffer.from(await res.arrayBuffer());
  }

  const shapesOf = async (taskId: string) => {
    const { task } = await sys.client.must(ANNOTATIONS, { id: taskId });
    return (task.annotations.edges as { node: any }[]).map(({ node }) => ({
      ...node,
      attributes: [...node.attributes].sort((x: any, y: any) => x.name.localeCompare(y.name)),
    }));
  };

  it("exports what was imported in every format, and import(export(task)) gives every shape back (CVAT XML)", async () => {
    const source = await taskWithFrames("ground truth");
    const report = await importFile(source, "CVAT_IMAGES", "gt.xml", Buffer.from(GROUND_TRUTH));
    assert.deepEqual(report, { applied: true, imported: 7 });
    const original = await shapesOf(source);
    assert.equal(original.length, 7);

    const xml = await exported(source, "CVAT_IMAGES");
    assert.match(xml.toString(), /<skeleton label="person"/);
    const coco = JSON.parse((await exported(source, "COCO_INSTANCES")).toString());
    assert.equal(coco.annotations.length, 4, "box, polygon, mask, skeleton");
    assert.deepEqual(coco.annotations.find((a: any) => a.keypoints).keypoints, [5, 2, 2, 6, 9, 1]);
    const results = JSON.parse((await exported(source, "COCO_RESULTS", false, { source: "MANUAL" })).toString());
    assert.equal(results.length, 4);
    const yolo = await exported(source, "YOLO_DETECT", true);
    assert.equal(yolo.subarray(0, 4).toString("hex"), "504b0304", "a zip");

    // The round trip: the exported XML into a second task with the same labels and frames.
    const copy = await taskWithFrames("round trip");
    assert.deepEqual(await importFile(copy, "CVAT_IMAGES", "export.xml", xml), { applied: true, imported: 7 });
    assert.deepEqual(await shapesOf(copy), original);
    // And COCO: its four shapes come back the same.
    const cocoCopy = await taskWithFrames("coco round trip");
    const cocoFile = await exported(source, "COCO_INSTANCES");
    assert.equal((await importFile(cocoCopy, "COCO_INSTANCES", "export.json", cocoFile)).imported, 4);
    const carried = original.filter((s) => ["RECTANGLE", "POLYGON", "MASK", "SKELETON"].includes(s.type));
    assert.deepEqual(await shapesOf(cocoCopy), carried);
  });

  it("answers a bad or altered link with 403 and a JSON error, never a stack", async () => {
    const source = await taskWithFrames("links");
    const { exportAnnotations: link } = await sys.client.must(EXPORT, { taskId: source, format: "COCO_INSTANCES" });
    const [payload, sig] = link.url.slice("/exports/".length).split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const otherTask = Buffer.from(JSON.stringify({ ...claims, tk: "00000000-0000-4000-8000-000000000000" })).toString("base64url");
    for (const url of [`/exports/${otherTask}.${sig}`, "/exports/not-a-token", `/exports/${payload}.${sig.slice(2)}`]) {
      const res = await fetch(`${origin}${url}`);
      assert.equal(res.status, 403, url);
      const body = (await res.json()) as any;
      assert.equal(body.error.code, "INVALID_EXPORT_TOKEN");
      assert.doesNotMatch(JSON.stringify(body), /\bat \w|\.js:/);
    }
    const unknown = await sys.client.request(EXPORT, { taskId: "00000000-0000-4000-8000-000000000000", format: "CVAT_IMAGES" });
    assert.equal(unknown.errors?.[0]?.extensions?.code, "NOT_FOUND");
  });
});
