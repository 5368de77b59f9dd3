import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { facePhotosDir } from "@prelabel/testing";
import { fromBuffer, type Entry, type ZipFile } from "yauzl";
import { signExportToken } from "../src/domain/export-token.js";
import { AnnotationFormat } from "../src/domain/interchange/interchange.js";
import {
  createInfra,
  eventually,
  makeImage,
  SAMPLE_LABELS,
  serveTask,
  serviceConfig,
  type Infra,
  type ServedTask,
} from "./support/harness.js";

const SECRET = "export-int-spec-secret-0123456789abcdef";
let infra: Infra;
let service: ServedTask;
let base: string;

before(async () => {
  infra = await createInfra();
  // One download of a tenant at a time, so the limit is reached with two.
  service = await serveTask(serviceConfig(infra, { EXPORT_TOKEN_SECRET: SECRET, EXPORT_MAX_CONCURRENT_PER_TENANT: 1 }));
  base = service.url.replace(/\/graphql$/, "");
});

after(async () => {
  await service?.stop();
  await infra?.cleanup();
});

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(service.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

async function addFrames(taskId: string, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  const form = new FormData();
  form.append(
    "operations",
    JSON.stringify({
      query: `mutation ($t: ID!, $f: [Upload!]!) { addFrames(taskId: $t, files: $f) { size } }`,
      variables: { t: taskId, f: files.map(() => null) },
    }),
  );
  form.append("map", JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.f.${i}`]]))));
  files.forEach((f, i) => form.append(String(i), new Blob([f.bytes]), f.name));
  const res = await fetch(service.url, { method: "POST", body: form, headers: { "apollo-require-preflight": "true" } });
  const body = (await res.json()) as any;
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
}

const EXPORT = `mutation ($t: ID!, $f: AnnotationFormat!, $filter: AnnotationExportFilter, $frames: Boolean) {
  exportAnnotations(taskId: $t, format: $f, filter: $filter, includeFrames: $frames) { url expiresAt fileName contentType } }`;

async function link(taskId: string, format: string, filter?: object, includeFrames = false) {
  const body = await gql(EXPORT, { t: taskId, f: format, filter, frames: includeFrames });
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data.exportAnnotations as { url: string; expiresAt: string; fileName: string; contentType: string };
}

async function download(url: string): Promise<Response> {
  return fetch(`${base}${url}`);
}

function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    fromBuffer(bytes, { lazyEntries: true }, (err, zip: ZipFile) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on("entry", (entry: Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          stream.on("data", (c: Buffer) => parts.push(c));
          stream.on("end", () => {
            files.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(files));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

interface Seeded {
  taskId: string;
  frames: { name: string; bytes: Buffer }[];
}

/** A task of SAMPLE_LABELS with two frames: an AUTO box (job-1, 0.9), a MANUAL box, a skeleton and a mask. */
async function seedTask(name: string): Promise<Seeded> {
  const created = await gql(`mutation ($i: CreateTaskInput!) { createTask(input: $i) { id labels { id name sublabels { id name } } } }`, {
    i: { name, labels: SAMPLE_LABELS },
  });
  const task = created.data.createTask;
  const frames = [
    { name: "one.png", bytes: await makeImage(40, 30) },
    { name: "two.png", bytes: await makeImage(20, 10, "png", "#cc3366") },
  ];
  await addFrames(task.id, frames);
  const label = (n: string) => task.labels.find((l: any) => l.name === n);
  const insert = (row: Record<string, unknown>) =>
    service.app.dataSource.query(
      `INSERT INTO task.annotation (id, task_id, parent_id, frame, label_id, type, points, mask, score, source, job_id, attributes, occluded, outside)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        row.id,
        task.id,
        row.parentId ?? null,
        row.frame,
        row.labelId,
        row.type,
        row.points ?? [],
        row.mask ? JSON.stringify(row.mask) : null,
        row.score ?? null,
        row.source ?? "MANUAL",
        row.jobId ?? null,
        JSON.stringify(row.attributes ?? []),
        row.occluded ?? false,
        row.outside ?? false,
      ],
    );
  const car = label("car");
  const person = label("person");
  const skeletonId = randomUUID();
  await insert({
    id: randomUUID(),
    frame: 0,
    labelId: car.id,
    type: "RECTANGLE",
    points: [1, 2, 11, 12],
    score: 0.9,
    source: "AUTO",
    jobId: "job-1",
    attributes: [{ name: "color", value: "blue" }],
  });
  await insert({ id: randomUUID(), frame: 0, labelId: car.id, type: "RECTANGLE", points: [20, 5, 30, 25] });
  await insert({ id: skeletonId, frame: 1, labelId: person.id, type: "SKELETON" });
  await insert({ id: randomUUID(), parentId: skeletonId, frame: 1, labelId: person.sublabels[0].id, type: "POINTS", points: [3, 4] });
  await insert({
    id: randomUUID(),
    parentId: skeletonId,
    frame: 1,
    labelId: person.sublabels[1].id,
    type: "POINTS",
    points: [5, 9],
    occluded: true,
  });
  await insert({
    id: randomUUID(),
    frame: 1,
    labelId: label("road").id,
    type: "MASK",
    mask: { counts: [1, 3, 2], left: 2, top: 1, right: 4, bottom: 2 },
  });
  return { taskId: task.id, frames };
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("annotation exports over HTTP", () => {
  let seeded: Seeded;
  before(async () => {
    seeded = await seedTask("export me");
  });

  it("links to /exports/<token> with the file's name and type, and downloads COCO instances", async () => {
    const l = await link(seeded.taskId, "COCO_INSTANCES");
    assert.match(l.url, /^\/exports\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.equal(l.fileName, "export_me-coco-instances.json");
    assert.equal(l.contentType, "application/json");
    const expiresIn = new Date(l.expiresAt).getTime() - Date.now();
    assert.ok(expiresIn > 0 && expiresIn <= 5 * 60 * 1000);
    const res = await download(l.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(res.headers.get("content-disposition"), 'attachment; filename="export_me-coco-instances.json"');
    const doc = (await res.json()) as any;
    assert.deepEqual(
      doc.images.map((i: any) => [i.file_name, i.width, i.height]),
      [
        ["one.png", 40, 30],
        ["two.png", 20, 10],
      ],
    );
    assert.deepEqual(
      doc.annotations.map((a: any) => [a.image_id, a.category_id]),
      [
        [1, 1],
        [1, 1],
        [2, 2],
        [2, 3],
      ],
    );
    assert.deepEqual(doc.annotations[0].bbox, [1, 2, 10, 10]);
    assert.equal(Math.round(doc.annotations[0].score * 100), 90);
    assert.equal(doc.annotations[0].attributes.color, "blue");
    assert.deepEqual(doc.annotations[2].keypoints, [3, 4, 2, 5, 9, 1]);
    assert.deepEqual(doc.annotations[3].segmentation.size, [10, 20]);
    assert.deepEqual(
      doc.prelabel.labels.map((l: any) => l.name),
      ["car", "person", "road"],
    );
  });

  it("filters by source, minimum score and job", async () => {
    const count = async (filter: object) =>
      ((await (await download((await link(seeded.taskId, "COCO_RESULTS", filter)).url)).json()) as any[]).length;
    assert.equal(await count({}), 4);
    assert.equal(await count({ source: "AUTO" }), 1);
    assert.equal(await count({ source: "MANUAL" }), 3);
    // 0.9 is below 0.95; the unscored (a person's) shapes stay.
    assert.equal(await count({ minScore: 0.95 }), 3);
    assert.equal(await count({ minScore: 0.5, source: "AUTO" }), 1);
    assert.equal(await count({ jobId: "job-1" }), 1);
    assert.equal(await count({ jobId: "job-2" }), 0);
    const bad = await gql(EXPORT, { t: seeded.taskId, f: "COCO_RESULTS", filter: { minScore: 2 } });
    assert.equal(bad.errors[0].extensions.code, "BAD_USER_INPUT");
  });

  it("downloads CVAT XML with every shape of the task", async () => {
    const l = await link(seeded.taskId, "CVAT_IMAGES");
    assert.equal(l.contentType, "application/xml");
    const xml = await (await download(l.url)).text();
    assert.match(xml, /<image id="0" name="one.png" width="40" height="30">/);
    assert.equal(xml.match(/<box /g)?.length, 2);
    assert.match(xml, /<skeleton label="person"/);
    assert.match(xml, /<points label="foot" source="manual" outside="0" occluded="1" points="5,9">/);
    assert.match(xml, /<mask label="road" source="manual" occluded="0" rle="1, 3, 2" left="2" top="1" width="3" height="2"/);
  });

  it("zips YOLO with the frames' bytes as uploaded", async () => {
    const l = await link(seeded.taskId, "YOLO_DETECT", undefined, true);
    assert.equal(l.contentType, "application/zip");
    assert.equal(l.fileName, "export_me-yolo-detect.zip");
    const files = await unzip(Buffer.from(await (await download(l.url)).arrayBuffer()));
    assert.deepEqual([...files.keys()], ["obj.names", "data.yaml", "labels/one.txt", "images/one.png", "labels/two.txt", "images/two.png"]);
    assert.equal(files.get("obj.names")!.toString(), "car\nperson\nroad\n");
    assert.equal(files.get("labels/one.txt")!.toString(), "0 0.15 0.233333333 0.25 0.333333333\n0 0.625 0.5 0.25 0.666666667\n");
    assert.equal(files.get("labels/two.txt")!.toString(), "");
    assert.equal(sha(files.get("images/one.png")!), sha(seeded.frames[0].bytes));
    assert.equal(sha(files.get("images/two.png")!), sha(seeded.frames[1].bytes));
  });

  it("zips COCO with frames under images/", async () => {
    const l = await link(seeded.taskId, "COCO_INSTANCES", undefined, true);
    assert.equal(l.fileName, "export_me-coco-instances.zip");
    const files = await unzip(Buffer.from(await (await download(l.url)).arrayBuffer()));
    assert.deepEqual([...files.keys()], ["annotations/instances_default.json", "images/one.png", "images/two.png"]);
    assert.equal(JSON.parse(files.get("annotations/instances_default.json")!.toString()).annotations.length, 4);
  });

  it("refuses a tampered token (403) and an expired one (410) with a JSON error and no stack", async () => {
    const l = await link(seeded.taskId, "COCO_INSTANCES");
    const [payload, sig] = l.url.slice("/exports/".length).split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const other = Buffer.from(JSON.stringify({ ...claims, f: "CVAT_IMAGES" })).toString("base64url");
    for (const bad of [
      `/exports/${other}.${sig}`,
      `/exports/${payload}.${sig.slice(1)}`,
      "/exports/nothing",
      `/exports/${payload}.${sig}x`,
    ]) {
      const res = await download(bad);
      assert.equal(res.status, 403, bad);
      const body = (await res.json()) as any;
      assert.equal(body.error.code, "INVALID_EXPORT_TOKEN");
      assert.equal(JSON.stringify(body).includes("at "), false);
    }
    const grant = {
      tenantId: "default",
      taskId: seeded.taskId,
      format: AnnotationFormat.COCO_INSTANCES,
      filter: { source: null, minScore: null, jobId: null },
      includeFrames: false,
    };
    const expired = signExportToken({ ...grant, expiresAt: Date.now() - 1 }, SECRET);
    const res = await download(`/exports/${expired}`);
    assert.equal(res.status, 410);
    assert.deepEqual(Object.keys(((await res.json()) as any).error), ["code", "message"]);
    // Signed by another key: not this service's.
    const foreign = signExportToken({ ...grant, expiresAt: Date.now() + 60_000 }, "another-secret-another-secret-abcdef");
    assert.equal((await download(`/exports/${foreign}`)).status, 403);
  });

  it("scopes a token to its tenant: another tenant's token for this task finds nothing", async () => {
    const grant = {
      taskId: seeded.taskId,
      format: AnnotationFormat.COCO_INSTANCES,
      filter: { source: null, minScore: null, jobId: null },
      includeFrames: false,
    };
    const theirs = signExportToken({ ...grant, tenantId: "other-tenant", expiresAt: Date.now() + 60_000 }, SECRET);
    const res = await download(`/exports/${theirs}`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as any).error.code, "NOT_FOUND");
    const ours = signExportToken({ ...grant, tenantId: "default", expiresAt: Date.now() + 60_000 }, SECRET);
    assert.equal((await download(`/exports/${ours}`)).status, 200);
    const unknown = await gql(EXPORT, { t: randomUUID(), f: "COCO_INSTANCES" });
    assert.equal(unknown.errors[0].extensions.code, "NOT_FOUND");
  });

  it("exports the catalog photos' hand-made boxes, imported as MANUAL annotations, back as COCO", async () => {
    const truthPath = join(__dirname, "..", "..", "..", "inference-worker", "test", "fixtures", "face-api-samples", "ground-truth.json");
    const truth: { images: { file: string; width: number; height: number; faces: { box: number[] }[]; persons: { box: number[] }[] }[] } =
      JSON.parse(readFileSync(truthPath, "utf8"));
    const created = await gql(`mutation ($i: CreateTaskInput!) { createTask(input: $i) { id } }`, {
      i: {
        name: "face-api photos",
        labels: [
          { name: "face", type: "RECTANGLE" },
          { name: "person", type: "RECTANGLE" },
        ],
      },
    });
    const taskId = created.data.createTask.id as string;
    await addFrames(
      taskId,
      truth.images.map((i) => ({ name: i.file, bytes: readFileSync(join(facePhotosDir(), i.file)) })),
    );
    // The ground truth as COCO ([x1, y1, x2, y2] exclusive → [x, y, w, h]), through importAnnotations.
    let id = 0;
    const box = (b: number[]) => [b[0], b[1], b[2] - b[0], b[3] - b[1]];
    const file = JSON.stringify({
      images: truth.images.map((i, n) => ({ id: n + 1, file_name: i.file, width: i.width, height: i.height })),
      categories: [
        { id: 1, name: "face" },
        { id: 2, name: "person" },
      ],
      annotations: truth.images.flatMap((i, n) => [
        ...i.faces.map((f) => ({ id: ++id, image_id: n + 1, category_id: 1, bbox: box(f.box) })),
        ...i.persons.map((p) => ({ id: ++id, image_id: n + 1, category_id: 2, bbox: box(p.box) })),
      ]),
    });
    const form = new FormData();
    form.append(
      "operations",
      JSON.stringify({
        query: `mutation ($t: ID!, $f: Upload!) { importAnnotations(taskId: $t, file: $f, format: COCO_INSTANCES) { imported } }`,
        variables: { t: taskId, f: null },
      }),
    );
    form.append("map", JSON.stringify({ 0: ["variables.f"] }));
    form.append("0", new Blob([file]), "truth.json");
    const imported = (await (
      await fetch(service.url, { method: "POST", body: form, headers: { "apollo-require-preflight": "true" } })
    ).json()) as any;
    assert.equal(imported.errors, undefined, JSON.stringify(imported.errors));
    assert.equal(imported.data.importAnnotations.imported, id);

    const doc = (await (await download((await link(taskId, "COCO_INSTANCES", { source: "MANUAL" })).url)).json()) as any;
    assert.deepEqual(
      doc.images.map((i: any) => [i.file_name, i.width, i.height]),
      truth.images.map((i) => [i.file, i.width, i.height]),
    );
    truth.images.forEach((image, n) => {
      const boxes = (category: number) =>
        doc.annotations
          .filter((a: any) => a.image_id === n + 1 && a.category_id === category)
          .map((a: any) => a.bbox)
          .sort((a: number[], b: number[]) => a[0] - b[0]);
      const sorted = (list: { box: number[] }[]) => list.map((f) => box(f.box)).sort((a, b) => a[0] - b[0]);
      assert.deepEqual(boxes(1), sorted(image.faces), `${image.file}: faces`);
      assert.deepEqual(boxes(2), sorted(image.persons), `${image.file}: persons`);
    });
    assert.equal(doc.annotations.length, id);
  });

  it("limits a tenant's concurrent downloads, and a client going away cancels its export and frees the slot", async () => {
    // Frames large enough that the zip cannot sit in socket buffers: the first download stays open until read.
    const big = await seedTask("big");
    await addFrames(big.taskId, [
      { name: "noise-1.bin", bytes: randomBytes(8 * 1024 * 1024) },
      { name: "noise-2.bin", bytes: randomBytes(8 * 1024 * 1024) },
    ]);
    const controller = new AbortController();
    const first = await fetch(`${base}${(await link(big.taskId, "CVAT_IMAGES", undefined, true)).url}`, { signal: controller.signal });
    assert.equal(first.status, 200);
    const reader = first.body!.getReader();
    await reader.read();
    assert.equal(service.app.exports.runningFor("default"), 1);
    const second = await download((await link(seeded.taskId, "COCO_INSTANCES")).url);
    assert.equal(second.status, 429);
    assert.equal(((await second.json()) as any).error.code, "TOO_MANY_EXPORTS");
    controller.abort();
    await eventually(async () => service.app.exports.runningFor("default") === 0, "the cancelled export's slot to be freed");
    const third = await download((await link(seeded.taskId, "COCO_INSTANCES")).url);
    assert.equal(third.status, 200);
    await third.arrayBuffer();
  });
});
