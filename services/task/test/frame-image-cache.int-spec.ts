import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { Upload } from "graphql-upload-minimal";
import sharp from "sharp";
import type { FrameImageRenderer } from "../src/domain/frame-image.js";
import { sharpFrameImageRenderer } from "../src/persistence/frame-image.renderer.js";
import { callerOf } from "./support/callers.js";
import {
  CREATE_TASK,
  createSchemaHarness,
  dataOf,
  errorCodes,
  eventually,
  makeImage,
  makeTempDir,
  type SchemaHarness,
} from "./support/harness.js";

const ADD = `mutation ($taskId: ID!, $files: [Upload!]!) { addFrames(taskId: $taskId, files: $files) { id size } }`;
const IMPORT = `mutation ($taskId: ID!, $path: String!) { importFrames(taskId: $taskId, serverPath: $path) { id size } }`;
const DELETE = `mutation ($id: ID!) { deleteTask(id: $id) }`;
const IMAGES = `query ($id: ID!, $maxSize: Int!) { task(id: $id) {
  frames(first: 4) { edges { node { index image(maxSize: $maxSize) { dataUrl width height mimeType } } } } } }`;
/** The console grid's query (its thumbnails are 160 px, the size rendered ahead). */
const GRID = `query ($id: ID!) { task(id: $id) { frames(first: 4) { edges { node { index image(maxSize: 160) { dataUrl width height } } } } } }`;

interface Image {
  dataUrl: string;
  width: number;
  height: number;
  mimeType?: string;
}

/** Every render the service asks for, by maxSize (the real sharp renderer does the work). */
const renders: number[] = [];
const rendersAt = (maxSize: number) => renders.filter((s) => s === maxSize).length;
const background: string[] = [];
let h: SchemaHarness;
let importDir: { path: string; remove(): Promise<void> };

function upload(name: string, bytes: Buffer): Upload {
  // What processRequest does for a multipart request (`resolve` is set at runtime, not in the typings).
  const file = new Upload() as Upload & { resolve(file: unknown): void };
  file.resolve({
    filename: name,
    mimetype: "image/png",
    encoding: "7bit",
    fieldName: "files",
    createReadStream: () => Readable.from([bytes]),
  });
  return file;
}

async function createTask(name: string): Promise<string> {
  return dataOf(await h.exec(CREATE_TASK, { input: { name, labels: [{ name: "car", type: "RECTANGLE" }] } })).createTask.id as string;
}

/** The kept renders of a task: `index@maxSize` → the row's byte count. */
async function keptRows(taskId: string): Promise<Map<string, number>> {
  const rows: { frame_index: number; max_size: number; n: number }[] = await h.dataSource.query(
    `SELECT "frame_index", "max_size", octet_length("bytes") AS n FROM "task"."frame_image" WHERE "task_id" = $1`,
    [taskId],
  );
  return new Map(rows.map((r) => [`${r.frame_index}@${r.max_size}`, Number(r.n)]));
}

async function imagesAt(taskId: string, maxSize?: number): Promise<Image[]> {
  const result = maxSize === undefined ? await h.exec(GRID, { id: taskId }) : await h.exec(IMAGES, { id: taskId, maxSize });
  return dataOf(result).task.frames.edges.map((e: { node: { image: Image } }) => e.node.image) as Image[];
}

const base64Bytes = (image: Image) => Buffer.from(image.dataUrl.slice(image.dataUrl.indexOf(",") + 1), "base64");

before(async () => {
  importDir = await makeTempDir("prelabel-frame-image-cache-");
  const counting = sharpFrameImageRenderer(100e6);
  const render: FrameImageRenderer = (bytes, maxSize) => {
    renders.push(maxSize);
    return counting(bytes, maxSize);
  };
  h = await createSchemaHarness({
    importRoot: importDir.path,
    frameImageLimits: { maxPerOperation: 4, maxConcurrent: 2 },
    renderFrameImage: render,
    onFrameImageBackgroundError: (err, frame) => background.push(`${frame.index}: ${(err as Error).message}`),
  });
});

after(async () => {
  await h?.cleanup();
  await importDir?.remove();
});

describe("Frame.image's kept renders (task.frame_image)", () => {
  let taskId: string;

  before(async () => {
    taskId = await createTask("thumbnails-kept");
    const files = [
      upload("a.png", await makeImage(600, 300, "png", "#ff0000")),
      upload("b.jpg", await makeImage(300, 600, "jpeg", "#00ff00")),
      upload("c.png", await makeImage(40, 20, "png", "#0000ff")),
    ];
    assert.equal(dataOf(await h.exec(ADD, { taskId, files })).addFrames.size, 3);
  });

  it("renders the default thumbnail of added frames ahead, after the upload answered", async () => {
    const kept = await eventually(async () => {
      const rows = await keptRows(taskId);
      return ["0@160", "1@160", "2@160"].every((k) => rows.has(k)) && rows;
    }, "the three eager thumbnails");
    assert.equal(kept.size, 3, "only the thumbnail size is rendered ahead");
    assert.equal(rendersAt(160), 3);
    assert.deepEqual(background, []);
  });

  it("serves the grid's thumbnails from what was kept: no render, the same bytes, within the size", async () => {
    const before = renders.length;
    const images = await imagesAt(taskId);
    assert.equal(renders.length, before, "no frame was rendered again");
    assert.deepEqual(
      images.map((i) => [i.width, i.height]),
      [
        [160, 80],
        [80, 160],
        [40, 20],
      ],
    );
    const kept = await keptRows(taskId);
    for (const [index, image] of images.entries()) {
      const bytes = base64Bytes(image);
      assert.equal(kept.get(`${index}@160`), bytes.byteLength, "the row holds the render's bytes, no more");
      const meta = await sharp(bytes).metadata();
      assert.deepEqual([meta.width, meta.height], [image.width, image.height]);
    }
    assert.match(images[1].dataUrl, /^data:image\/jpeg;base64,/);
  });

  it("renders another small size once, then serves it kept", async () => {
    const first = renders.length;
    const rendered = await imagesAt(taskId, 64);
    assert.equal(renders.length - first, 3, "the first request renders each frame");
    const again = await imagesAt(taskId, 64);
    assert.equal(renders.length - first, 3, "the second is served from the rows");
    assert.deepEqual(again, rendered);
    assert.deepEqual([...(await keptRows(taskId)).keys()].filter((k) => k.endsWith("@64")).sort(), ["0@64", "1@64", "2@64"]);
  });

  it("keeps nothing above 512: the viewer's large sizes render each time", async () => {
    const first = rendersAt(1024);
    await imagesAt(taskId, 1024);
    await imagesAt(taskId, 1024);
    assert.equal(rendersAt(1024) - first, 6);
    assert.ok(![...(await keptRows(taskId)).keys()].some((k) => k.endsWith("@1024")));
    // 512 is still kept.
    await imagesAt(taskId, 512);
    const at512 = rendersAt(512);
    await imagesAt(taskId, 512);
    assert.equal(rendersAt(512), at512);
  });

  it("still counts kept images against the operation's limit (TOO_MANY_FRAME_IMAGES)", async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `i${i}: image(maxSize: 160) { width }`).join(" ");
    const before = renders.length;
    const result = await h.exec(`query ($id: ID!) { task(id: $id) { frames(first: 1) { edges { node { ${aliases} } } } } }`, {
      id: taskId,
    });
    assert.deepEqual(errorCodes(result), ["TOO_MANY_FRAME_IMAGES", "TOO_MANY_FRAME_IMAGES"]);
    assert.equal(renders.length, before, "the four answered were kept ones");
  });

  it("is reached only through the caller's own task", async () => {
    const other = await h.execAs(callerOf("tenant-b"), IMAGES, { id: taskId, maxSize: 64 });
    assert.equal(other.errors, undefined);
    assert.equal((other.data as { task: unknown }).task, null);
  });

  it("goes with its task: deleteTask removes the kept renders (ON DELETE CASCADE)", async () => {
    const doomed = await createTask("thumbnails-deleted");
    await h.exec(ADD, { taskId: doomed, files: [upload("d.png", await makeImage(50, 50, "png", "#123456"))] });
    await eventually(async () => (await keptRows(doomed)).has("0@160"), "the eager thumbnail");
    await imagesAt(doomed, 32);
    assert.equal((await keptRows(doomed)).size, 2);
    assert.equal(dataOf(await h.exec<{ deleteTask: boolean }>(DELETE, { id: doomed })).deleteTask, true);
    assert.equal((await keptRows(doomed)).size, 0);
    // The other task's rows are untouched.
    assert.ok((await keptRows(taskId)).has("0@160"));
  });
});

describe("eager thumbnails after importFrames", () => {
  it("renders the imported frames' thumbnails once, and the grid then renders none", async () => {
    const dir = join(importDir.path, "set");
    await mkdir(dir);
    for (const name of ["f1.png", "f2.png", "f3.png", "f4.png"])
      await writeFile(join(dir, name), await makeImage(80, 60, "png", "#336699"));
    const taskId = await createTask("imported-thumbnails");
    const before = rendersAt(160);
    assert.equal(dataOf(await h.exec(IMPORT, { taskId, path: "set" })).importFrames.size, 4);
    await eventually(async () => (await keptRows(taskId)).size === 4, "four eager thumbnails");
    assert.equal(rendersAt(160) - before, 4);
    const images = await imagesAt(taskId);
    assert.equal(rendersAt(160) - before, 4, "served from the rows");
    assert.deepEqual(
      images.map((i) => [i.width, i.height]),
      Array.from({ length: 4 }, () => [80, 60]),
    );
  });
});
