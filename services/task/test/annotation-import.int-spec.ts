import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { facePhotosDir } from "@prelabel/testing";
import { Upload } from "graphql-upload-minimal";
import { ZipFile } from "yazl";
import { encodeCocoCounts } from "../src/domain/interchange/coco-rle.js";
import { callerOf } from "./support/callers.js";
import { CREATE_TASK, createSchemaHarness, dataOf, errorCodes, makeImage, type SchemaHarness } from "./support/harness.js";

const MAX_BYTES = 200_000;
const MAX_SHAPES = 50;

const ADD = `mutation ($taskId: ID!, $files: [Upload!]!) { addFrames(taskId: $taskId, files: $files) { id size } }`;
const IMPORT = `mutation ($taskId: ID!, $file: Upload!, $format: AnnotationFormat!, $mapping: [ImportLabelMappingInput!], $partial: Boolean) {
  importAnnotations(taskId: $taskId, file: $file, format: $format, mapping: $mapping, partial: $partial) {
    format partial applied imported importedElements clipped skipped
    skippedReasons { reason count examples }
    framesInFile framesMatched unmatchedFrames { name shapes } unmatchedFrameCount
    labels { fileLabel taskLabel taskLabelId matchedBy shapes } unmatchedLabels { name shapes } } }`;
const ANNOTATIONS = `query ($id: ID!) { task(id: $id) { annotations(first: 500) { totalCount edges { node {
  frame type points score source jobId occluded outside label { name } mask { counts left top right bottom } attributes { name value }
  elements { type points occluded outside label { name } source } } } } } }`;

/** A task's labels as a team would set them up for street scenes (names differ from the files' on purpose). */
const LABELS = [
  {
    name: "vehicle",
    type: "RECTANGLE",
    attributes: [{ name: "color", inputType: "SELECT", values: ["red", "blue"], defaultValue: "red" }],
  },
  { name: "Person", type: "SKELETON", sublabels: [{ name: "head", type: "POINTS" }, { name: "left foot", type: "POINTS" }] },
  { name: "road", type: "MASK" },
  { name: "area", type: "POLYGON" },
];

let h: SchemaHarness;

function upload(name: string, bytes: Buffer | string): Upload {
  const file = new Upload() as Upload & { resolve(file: unknown): void };
  file.resolve({
    filename: name,
    mimetype: "application/octet-stream",
    encoding: "7bit",
    fieldName: "file",
    createReadStream: () => Readable.from([Buffer.from(bytes)]),
  });
  return file;
}

async function createTask(frames: { name: string; width: number; height: number }[], labels: object[] = LABELS, caller = callerOf("default")) {
  const task = dataOf(await h.execAs(caller, CREATE_TASK, { input: { name: "import", labels } })).createTask;
  const files = await Promise.all(frames.map(async (f) => upload(f.name, await makeImage(f.width, f.height))));
  dataOf(await h.execAs(caller, ADD, { taskId: task.id, files }));
  return task.id as string;
}

async function importFile(taskId: string, format: string, bytes: Buffer | string, extra: Record<string, unknown> = {}, caller = callerOf("default")) {
  return h.execAs(caller, IMPORT, { taskId, file: upload("annotations", bytes), format, ...extra });
}

async function annotations(taskId: string): Promise<any[]> {
  return dataOf(await h.exec(ANNOTATIONS, { id: taskId })).task.annotations.edges.map((e: any) => e.node);
}

/** A COCO file on the two street frames: every annotation kind, names as another tool spells them. */
function cocoFile(extraAnnotations: object[] = []) {
  return JSON.stringify({
    images: [
      { id: 1, file_name: "train/STREET.JPG", width: 64, height: 48 },
      { id: 2, file_name: "crowd.png", width: 5, height: 4 },
    ],
    annotations: [
      { id: 1, image_id: 1, category_id: 3, bbox: [10, 4, 20, 12], attributes: { occluded: true, color: "blue" } },
      { id: 2, image_id: 1, category_id: 4, segmentation: [[1, 1, 10, 1, 10, 10]], bbox: [1, 1, 9, 9] },
      { id: 3, image_id: 2, category_id: 5, iscrowd: 1, segmentation: { size: [4, 5], counts: encodeCocoCounts([5, 2, 2, 2, 9]) } },
      { id: 4, image_id: 1, category_id: 1, keypoints: [12, 8, 2, 14, 30, 1], num_keypoints: 2 },
      { id: 5, image_id: 1, category_id: 3, bbox: [50, 40, 30, 30] },
      ...extraAnnotations,
    ],
    categories: [
      { id: 1, name: "human", keypoints: ["head", "left_foot"], skeleton: [[1, 2]] },
      { id: 3, name: "car" },
      { id: 4, name: "area" },
      { id: 5, name: "road" },
    ],
  });
}

before(async () => {
  h = await createSchemaHarness({ annotationImportLimits: { maxBytes: MAX_BYTES, maxShapes: MAX_SHAPES }, annotationImportBatchSize: 2 });
});
after(() => h?.cleanup());

describe("importAnnotations", () => {
  it("imports a COCO file as MANUAL annotations: frames by base name, labels by suggestion, clipped and reported", async () => {
    const taskId = await createTask([
      { name: "street.jpg", width: 64, height: 48 },
      { name: "crowd.png", width: 5, height: 4 },
    ]);
    const report = dataOf(await importFile(taskId, "COCO_INSTANCES", cocoFile())).importAnnotations;
    assert.equal(report.applied, true);
    assert.equal(report.imported, 5);
    assert.equal(report.importedElements, 2);
    assert.equal(report.skipped, 0);
    assert.equal(report.clipped, 1, "the box at 50,40 + 30×30 runs past the 64×48 frame");
    assert.equal(report.framesMatched, 2);
    assert.deepEqual(
      report.labels.map((l: any) => [l.fileLabel, l.taskLabel, l.matchedBy, l.shapes]).sort(),
      [
        ["area", "area", "EXACT", 1],
        ["car", "vehicle", "BROADER", 2],
        ["human", "Person", "SYNONYM", 1],
        ["road", "road", "EXACT", 1],
      ],
    );
    const stored = await annotations(taskId);
    assert.equal(stored.length, 5);
    assert.ok(stored.every((a) => a.source === "MANUAL" && a.jobId === null && a.score === null));
    const box = stored.find((a) => a.type === "RECTANGLE" && a.occluded);
    assert.deepEqual(box.points, [10, 4, 30, 16]);
    assert.deepEqual(box.attributes, [{ name: "color", value: "blue" }]);
    assert.deepEqual(stored.find((a) => a.type === "RECTANGLE" && !a.occluded).points, [50, 40, 64, 48]);
    const mask = stored.find((a) => a.type === "MASK");
    assert.equal(mask.frame, 1);
    assert.deepEqual(mask.mask, { counts: [0, 4], left: 1, top: 1, right: 2, bottom: 2 });
    const person = stored.find((a) => a.type === "SKELETON");
    assert.deepEqual(
      person.elements.map((e: any) => [e.label.name, e.points, e.occluded, e.source]),
      [
        ["head", [12, 8], false, "MANUAL"],
        ["left foot", [14, 30], true, "MANUAL"],
      ],
    );
  });

  it("imports a CVAT for images 1.1 file with a mapping", async () => {
    const taskId = await createTask([{ name: "street.jpg", width: 64, height: 48 }]);
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version>
  <meta><task><labels><label><name>auto</name><type>rectangle</type></label></labels></task></meta>
  <image id="0" name="street.jpg" width="64" height="48">
    <box label="auto" occluded="0" xtl="1" ytl="2" xbr="3" ybr="4" z_order="0"><attribute name="color">red</attribute></box>
    <polygon label="zone" occluded="0" points="1,1;9,1;9,9" z_order="0"></polygon>
    <mask label="road" occluded="0" rle="1, 3" left="2" top="2" width="2" height="2" z_order="0"></mask>
    <skeleton label="kp" z_order="0">
      <points label="nose" outside="0" occluded="1" points="5,5"></points>
      <points label="left_foot" outside="1" occluded="0" points="0,0"></points>
    </skeleton>
  </image>
</annotations>`;
    const mapping = [
      { fileLabel: "auto", taskLabel: "vehicle" },
      { fileLabel: "zone", taskLabel: "area" },
      { fileLabel: "road", taskLabel: "road" },
      { fileLabel: "kp", taskLabel: "Person", sublabels: [{ fileLabel: "nose", taskLabel: "head" }] },
    ];
    const report = dataOf(await importFile(taskId, "CVAT_IMAGES", xml, { mapping })).importAnnotations;
    assert.equal(report.imported, 4);
    assert.ok(report.labels.every((l: any) => l.matchedBy === "MAPPING"));
    const stored = await annotations(taskId);
    assert.deepEqual(stored.map((a) => a.type).sort(), ["MASK", "POLYGON", "RECTANGLE", "SKELETON"]);
    assert.deepEqual(stored.find((a) => a.type === "MASK").mask, { counts: [1, 3], left: 2, top: 2, right: 3, bottom: 3 });
    assert.deepEqual(
      stored.find((a) => a.type === "SKELETON").elements.map((e: any) => [e.label.name, e.occluded, e.outside]),
      [
        ["head", true, false],
        ["left foot", false, true],
      ],
    );
  });

  it("imports a YOLO detect zip, scaling by each frame's size, matched by stem", async () => {
    const taskId = await createTask([
      { name: "IMG_1.png", width: 200, height: 100 },
      { name: "img_2.png", width: 40, height: 40 },
    ]);
    const zip = await zipOf({
      "obj.names": "car\n",
      "obj_train_data/img_1.txt": "0 0.5 0.5 0.2 0.4\n",
      "obj_train_data/img_2.txt": "0 0.25 0.25 0.5 0.5\n",
    });
    const report = dataOf(await importFile(taskId, "YOLO_DETECT", zip)).importAnnotations;
    assert.equal(report.imported, 2);
    const stored = await annotations(taskId);
    assert.deepEqual(
      stored.map((a) => [a.frame, a.points.map((v: number) => Math.round(v * 100) / 100)]),
      [
        [0, [80, 30, 120, 70]],
        [1, [0, 0, 20, 20]],
      ],
    );
  });

  it("imports nothing when a frame, a label or a shape does not fit, saying which; partial imports the rest", async () => {
    const taskId = await createTask([{ name: "street.jpg", width: 64, height: 48 }]);
    const extra = [
      { id: 10, image_id: 9, category_id: 3, bbox: [1, 1, 2, 2] },
      { id: 11, image_id: 1, category_id: 6, bbox: [1, 1, 2, 2] },
      { id: 12, image_id: 1, category_id: 3, bbox: [1, 1, 2, 2], attributes: { color: "green" } },
    ];
    const file = JSON.parse(cocoFile(extra));
    file.images.push({ id: 9, file_name: "elsewhere.jpg", width: 10, height: 10 });
    file.categories.push({ id: 6, name: "tree" });
    const text = JSON.stringify(file);

    const refused = await importFile(taskId, "COCO_INSTANCES", text);
    assert.deepEqual(errorCodes(refused), ["UNKNOWN_FRAME"]);
    assert.match(refused.errors![0].message, /Nothing was imported: 2 frame name\(s\)/);
    const details = (refused.errors![0].originalError as { details?: any }).details;
    assert.equal(details.report.applied, false);
    assert.equal((await annotations(taskId)).length, 0, "nothing applied");

    const onlyLabel = JSON.parse(text);
    onlyLabel.images = onlyLabel.images.filter((i: any) => i.file_name === "train/STREET.JPG");
    onlyLabel.annotations = onlyLabel.annotations.filter((a: any) => a.image_id === 1);
    assert.deepEqual(errorCodes(await importFile(taskId, "COCO_INSTANCES", JSON.stringify(onlyLabel))), ["UNKNOWN_LABEL"]);
    onlyLabel.annotations = onlyLabel.annotations.filter((a: any) => a.category_id !== 6);
    assert.deepEqual(errorCodes(await importFile(taskId, "COCO_INSTANCES", JSON.stringify(onlyLabel))), ["INVALID_ANNOTATION"]);
    assert.equal((await annotations(taskId)).length, 0, "nothing applied");

    const report = dataOf(await importFile(taskId, "COCO_INSTANCES", text, { partial: true })).importAnnotations;
    assert.equal(report.applied, true);
    assert.equal(report.partial, true);
    // The crowd.png mask and the three extras are skipped; the street frame's four shapes go in.
    assert.equal(report.imported, 4);
    assert.equal(report.skipped, 4);
    const reasons = Object.fromEntries(report.skippedReasons.map((s: any) => [s.reason, s.count]));
    assert.deepEqual(reasons, { UNMATCHED_FRAME: 2, UNMATCHED_LABEL: 1, INVALID_ATTRIBUTE: 1 });
    assert.match(report.skippedReasons.find((s: any) => s.reason === "INVALID_ATTRIBUTE").examples[0], /"green" is not one of red, blue/);
    assert.deepEqual(report.unmatchedFrames, [
      { name: "crowd.png", shapes: 1 },
      { name: "elsewhere.jpg", shapes: 1 },
    ]);
    assert.deepEqual(report.unmatchedLabels, [{ name: "tree", shapes: 1 }]);
    assert.equal((await annotations(taskId)).length, 4);
  });

  it("refuses malformed files and a mapping naming a label the task lacks, storing nothing", async () => {
    const taskId = await createTask([{ name: "street.jpg", width: 64, height: 48 }]);
    const bad = await importFile(taskId, "COCO_INSTANCES", '{"images": [{"id": 1,, "file_name": "street.jpg"}]}');
    assert.deepEqual(errorCodes(bad), ["INVALID_ANNOTATION_FILE"]);
    assert.match(bad.errors![0].message, /at or before byte/);
    const nan = await importFile(taskId, "CVAT_IMAGES", `<annotations><image name="street.jpg"><box label="vehicle" xtl="NaN" ytl="1" xbr="2" ybr="2"/></image></annotations>`);
    assert.deepEqual(errorCodes(nan), ["INVALID_ANNOTATION_FILE"]);
    assert.deepEqual(errorCodes(await importFile(taskId, "YOLO_DETECT", "not a zip")), ["INVALID_ANNOTATION_FILE"]);
    assert.deepEqual(errorCodes(await importFile(taskId, "CVAT_IMAGES", "<annotations><image")), ["INVALID_ANNOTATION_FILE"]);
    const mapping = await importFile(taskId, "COCO_INSTANCES", cocoFile(), { mapping: [{ fileLabel: "car", taskLabel: "truck" }] });
    assert.deepEqual(errorCodes(mapping), ["UNKNOWN_LABEL"]);
    assert.deepEqual(errorCodes(await importFile(taskId, "COCO_RESULTS", cocoFile())), ["BAD_USER_INPUT"]);
    assert.equal((await annotations(taskId)).length, 0);
  });

  it("refuses files over ANNOTATION_IMPORT_MAX_BYTES and over ANNOTATION_IMPORT_MAX_SHAPES", async () => {
    const taskId = await createTask([{ name: "street.jpg", width: 64, height: 48 }]);
    const big = JSON.stringify({ images: [], categories: [], annotations: [], padding: "x".repeat(MAX_BYTES) });
    assert.deepEqual(errorCodes(await importFile(taskId, "COCO_INSTANCES", big)), ["ANNOTATION_FILE_TOO_LARGE"]);
    const many = Array.from({ length: MAX_SHAPES + 1 }, (_, i) => ({ id: 100 + i, image_id: 1, category_id: 3, bbox: [1, 1, 2, 2] }));
    const tooMany = await importFile(taskId, "COCO_INSTANCES", cocoFile(many), { partial: true });
    assert.deepEqual(errorCodes(tooMany), ["ANNOTATION_FILE_TOO_LARGE"]);
    assert.match(tooMany.errors![0].message, /more than 50 shapes/);
    assert.equal((await annotations(taskId)).length, 0);
  });

  it("answers NOT_FOUND for another tenant's task, as for an unknown id, and stores nothing", async () => {
    const taskId = await createTask([{ name: "street.jpg", width: 64, height: 48 }], LABELS, callerOf("tenant-a"));
    const foreign = await importFile(taskId, "COCO_INSTANCES", cocoFile(), { partial: true }, callerOf("tenant-b"));
    assert.deepEqual(errorCodes(foreign), ["NOT_FOUND"]);
    assert.deepEqual(errorCodes(await importFile("00000000-0000-4000-8000-000000000000", "COCO_INSTANCES", cocoFile())), ["NOT_FOUND"]);
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM "task"."annotation" WHERE "task_id" = $1`, [taskId]);
    assert.equal(n, 0);
  });

  it("imports the catalog photos' hand-made boxes (the recall tests' ground truth) as MANUAL annotations", async () => {
    const truthPath = join(__dirname, "..", "..", "..", "inference-worker", "test", "fixtures", "face-api-samples", "ground-truth.json");
    const truth: { images: { file: string; width: number; height: number; faces: { box: number[] }[]; persons: { box: number[] }[] }[] } =
      JSON.parse(readFileSync(truthPath, "utf8"));
    const labels = [
      { name: "face", type: "RECTANGLE" },
      { name: "person", type: "RECTANGLE" },
    ];
    const task = dataOf(await h.exec(CREATE_TASK, { input: { name: "face-api photos", labels } })).createTask;
    const dir = facePhotosDir();
    const files = truth.images.map((i) => upload(i.file, readFileSync(join(dir, i.file))));
    dataOf(await h.exec(ADD, { taskId: task.id, files }));
    // The ground truth as a COCO file: x2/y2 exclusive boxes become [x, y, width, height].
    let id = 0;
    const coco = {
      images: truth.images.map((i, n) => ({ id: n + 1, file_name: i.file, width: i.width, height: i.height })),
      categories: [
        { id: 1, name: "face" },
        { id: 2, name: "person" },
      ],
      annotations: truth.images.flatMap((i, n) => [
        ...i.faces.map((f) => ({ id: ++id, image_id: n + 1, category_id: 1, bbox: [f.box[0], f.box[1], f.box[2] - f.box[0], f.box[3] - f.box[1]] })),
        ...i.persons.map((p) => ({ id: ++id, image_id: n + 1, category_id: 2, bbox: [p.box[0], p.box[1], p.box[2] - p.box[0], p.box[3] - p.box[1]] })),
      ]),
    };
    const report = dataOf(await importFile(task.id, "COCO_INSTANCES", JSON.stringify(coco))).importAnnotations;
    const expected = truth.images.reduce((s, i) => s + i.faces.length + i.persons.length, 0);
    assert.equal(report.imported, expected);
    assert.equal(report.clipped, 0, "every hand-made box lies inside its photo");
    const stored = await annotations(task.id);
    assert.equal(stored.length, expected);
    truth.images.forEach((image, frame) => {
      const onFrame = (label: string) =>
        stored
          .filter((a) => a.frame === frame && a.label.name === label)
          .map((a) => a.points)
          .sort((a, b) => a[0] - b[0]);
      assert.deepEqual(onFrame("face"), image.faces.map((f) => f.box).sort((a, b) => a[0] - b[0]));
      assert.deepEqual(onFrame("person"), image.persons.map((p) => p.box).sort((a, b) => a[0] - b[0]));
    });
    assert.ok(stored.every((a) => a.source === "MANUAL"));
  });
});

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
