import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { Upload } from "graphql-upload-minimal";
import sharp from "sharp";
import { callerOf, SELF_HOSTED_CALLER } from "./support/callers.js";
import { CREATE_TASK, createSchemaHarness, dataOf, errorCodes, type SchemaHarness } from "./support/harness.js";

const MAX_PER_OPERATION = 4;
const ADD = `mutation ($taskId: ID!, $files: [Upload!]!) { addFrames(taskId: $taskId, files: $files) { id size } }`;
const IMAGES = `query ($id: ID!, $maxSize: Int!) { task(id: $id) {
  frames { edges { node { index name width height image(maxSize: $maxSize) { dataUrl width height mimeType } } } } } }`;
const ONE_IMAGE = `query ($id: ID!, $maxSize: Int!) { task(id: $id) { frames(first: 1) { edges { node { image(maxSize: $maxSize) { width } } } } } }`;

interface FrameImage {
  dataUrl: string;
  width: number;
  height: number;
  mimeType: string;
}
interface FrameNode {
  index: number;
  name: string;
  width: number | null;
  height: number | null;
  image: FrameImage | null;
}

let h: SchemaHarness;
let taskId: string;
let missingObject: string;
const unreadable: { objectName: string; message: string }[] = [];

function upload(name: string, bytes: Buffer): Upload {
  // What processRequest does for a multipart request (`resolve` is set at runtime, not in the typings).
  const file = new Upload() as Upload & { resolve(file: unknown): void };
  file.resolve({
    filename: name,
    mimetype: "application/octet-stream",
    encoding: "7bit",
    fieldName: "files",
    createReadStream: () => Readable.from([bytes]),
  });
  return file;
}

/** Two colours side by side: left half `left`, right half `right`. */
function halves(width: number, height: number, left: string, right: string, channels: 3 | 4 = 3): sharp.Sharp {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels, background: right } }).composite([
    { input: { create: { width: half, height, channels, background: left } }, left: 0, top: 0 },
  ]);
}

/** The decoded bytes of a data URL, after checking its prefix matches the mime type. */
function bytesOf(image: FrameImage): Buffer {
  const prefix = `data:${image.mimeType};base64,`;
  assert.ok(image.dataUrl.startsWith(prefix), `data URL starts with ${prefix}`);
  return Buffer.from(image.dataUrl.slice(prefix.length), "base64");
}

async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at], data[at + 1], data[at + 2]];
}

const isRed = ([r, g, b]: number[]) => r > 200 && g < 60 && b < 60;
const isBlue = ([r, g, b]: number[]) => b > 200 && r < 60 && g < 60;

before(async () => {
  h = await createSchemaHarness({
    frameImageLimits: { maxPerOperation: MAX_PER_OPERATION, maxConcurrent: 2 },
    onFrameImageUnreadable: (err, frame) => unreadable.push({ objectName: frame.objectName, message: (err as Error).message }),
  });
  taskId = dataOf(await h.exec(CREATE_TASK, { input: { name: "frames-to-see", labels: [{ name: "car", type: "RECTANGLE" }] } })).createTask
    .id;
  // 200×100 with alpha: red left, blue right.
  const png = await halves(200, 100, "#ff0000", "#0000ff", 4).png().toBuffer();
  // Stored 120×60 (red left, blue right) with EXIF orientation 6: shown rotated 90° clockwise, 60×120, red on top.
  const jpeg = await halves(120, 60, "#ff0000", "#0000ff").jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
  assert.equal((await sharp(jpeg).metadata()).orientation, 6, "the fixture carries its EXIF orientation");
  const small = await halves(20, 10, "#ff0000", "#0000ff").png().toBuffer();
  const gone = await halves(30, 30, "#00ff00", "#00ff00").png().toBuffer();
  const files = [
    upload("wide.png", png),
    upload("rotated.jpg", jpeg),
    upload("notes.txt", Buffer.from("not an image at all")),
    upload("small.png", small),
    upload("gone.png", gone),
  ];
  assert.equal(dataOf(await h.exec(ADD, { taskId, files })).addFrames.size, 5);
  // Frame 4's object disappears from the bucket (as after a botched manual cleanup).
  const rows: { object_name: string }[] = await h.dataSource.query(
    `SELECT "object_name" FROM "task"."frame" WHERE "task_id" = $1 AND "index" = 4`,
    [taskId],
  );
  missingObject = rows[0].object_name;
  await h.frameStore.delete(missingObject);
});

after(async () => {
  await h?.cleanup();
});

/** Frames 0..3 (within the per-operation budget) at `maxSize`. */
async function framesAt(maxSize: number): Promise<FrameNode[]> {
  const FIRST_FOUR = IMAGES.replace("frames {", `frames(first: ${MAX_PER_OPERATION}) {`);
  const nodes = dataOf(await h.exec(FIRST_FOUR, { id: taskId, maxSize })).task.frames.edges.map((e: { node: FrameNode }) => e.node);
  return nodes as FrameNode[];
}

describe("Frame.image", () => {
  it("renders a PNG with alpha as a PNG inside maxSize, keeping its aspect", async () => {
    const [wide] = await framesAt(64);
    assert.ok(wide.image);
    assert.equal(wide.image.mimeType, "image/png");
    assert.deepEqual([wide.image.width, wide.image.height], [64, 32]);
    const bytes = bytesOf(wide.image);
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.hasAlpha], ["png", 64, 32, true]);
    assert.ok(isRed(await pixel(bytes, 8, 16)) && isBlue(await pixel(bytes, 56, 16)), "left red, right blue");
  });

  it("applies the EXIF orientation as the worker does, then fits the long side", async () => {
    const [, rotated] = await framesAt(64);
    assert.deepEqual([rotated.width, rotated.height], [60, 120], "the probe's displayed size");
    assert.ok(rotated.image);
    assert.equal(rotated.image.mimeType, "image/jpeg");
    assert.deepEqual([rotated.image.width, rotated.image.height], [32, 64]);
    const bytes = bytesOf(rotated.image);
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ["jpeg", 32, 64]);
    assert.ok((meta.orientation ?? 1) === 1, "no orientation left for the browser to apply twice");
    assert.ok(isRed(await pixel(bytes, 16, 8)), "the stored left half is on top");
    assert.ok(isBlue(await pixel(bytes, 16, 56)), "the stored right half is at the bottom");
  });

  it("never enlarges", async () => {
    const [, , , small] = await framesAt(256);
    assert.deepEqual([small.image?.width, small.image?.height], [20, 10]);
  });

  it("is null for bytes that are not an image, without an error", async () => {
    const [, , notes] = await framesAt(64);
    assert.equal(notes.name, "notes.txt");
    assert.equal(notes.width, null);
    assert.equal(notes.image, null);
  });

  it("is null for a frame whose object is missing, and logs it", async () => {
    unreadable.length = 0;
    const GONE = `query ($id: ID!) { task(id: $id) { frames(first: 5) { edges { node { index image(maxSize: 32) { width } } } } } }`;
    // Frame 4 alone, through the cursor of frame 3.
    const all = dataOf(await h.exec(`query ($id: ID!) { task(id: $id) { frames(first: 5) { edges { cursor } } } }`, { id: taskId }));
    const afterFrame3 = all.task.frames.edges[3].cursor as string;
    const result = dataOf(await h.exec(GONE.replace("first: 5", `first: 1, after: "${afterFrame3}"`), { id: taskId }));
    const [node] = result.task.frames.edges.map((e: { node: { index: number; image: unknown } }) => e.node);
    assert.deepEqual([node.index, node.image], [4, null]);
    assert.equal(unreadable.length, 1);
    assert.equal(unreadable[0].objectName, missingObject);
  });

  it("refuses maxSize outside [16, 2048] with BAD_USER_INPUT and accepts both bounds", async () => {
    for (const maxSize of [0, 15, 2049, 5000, -1]) {
      const result = await h.exec(ONE_IMAGE, { id: taskId, maxSize });
      assert.deepEqual(errorCodes(result), ["BAD_USER_INPUT"], `maxSize ${maxSize}`);
    }
    for (const maxSize of [16, 2048]) {
      const result = await h.exec(ONE_IMAGE, { id: taskId, maxSize });
      assert.equal(result.errors, undefined, `maxSize ${maxSize}`);
    }
    const [wide] = await framesAt(16);
    assert.deepEqual([wide.image?.width, wide.image?.height], [16, 8]);
  });

  it("renders at most the per-operation budget and refuses the rest with TOO_MANY_FRAME_IMAGES", async () => {
    const aliases = Array.from({ length: MAX_PER_OPERATION + 2 }, (_, i) => `i${i}: image(maxSize: 16) { width }`).join(" ");
    const query = `query ($id: ID!) { task(id: $id) { frames(first: 1) { edges { node { ${aliases} } } } } }`;
    const result = await h.exec(query, { id: taskId });
    assert.deepEqual(errorCodes(result), ["TOO_MANY_FRAME_IMAGES", "TOO_MANY_FRAME_IMAGES"]);
    const node = (result.data as any).task.frames.edges[0].node as Record<string, { width: number } | null>;
    const rendered = Object.values(node).filter((image) => image !== null);
    assert.equal(rendered.length, MAX_PER_OPERATION);
    // The budget is the operation's: the next one starts afresh.
    assert.equal((await h.exec(ONE_IMAGE, { id: taskId, maxSize: 16 })).errors, undefined);
  });

  it("Task.frame(index) reads one frame for the viewer; null past the end", async () => {
    const ONE = `query ($id: ID!, $index: Int!) { task(id: $id) { frame(index: $index) { index name image(maxSize: 2048) { width height } } } }`;
    const rotated = dataOf(await h.exec(ONE, { id: taskId, index: 1 })).task.frame;
    assert.deepEqual(rotated, { index: 1, name: "rotated.jpg", image: { width: 60, height: 120 } });
    assert.equal(dataOf(await h.exec(ONE, { id: taskId, index: 0 })).task.frame.name, "wide.png");
    for (const index of [5, -1]) assert.equal(dataOf(await h.exec(ONE, { id: taskId, index })).task.frame, null);
  });

  it("is reached only through the caller's own task", async () => {
    const other = await h.execAs(callerOf("tenant-b"), IMAGES, { id: taskId, maxSize: 64 });
    assert.equal(other.errors, undefined);
    assert.equal((other.data as any).task, null);
    const one = `query ($id: ID!) { task(id: $id) { frame(index: 0) { image { width } } } }`;
    assert.equal((await h.execAs(callerOf("tenant-b"), one, { id: taskId })).data?.task, null);
    const own = await h.execAs(SELF_HOSTED_CALLER, ONE_IMAGE, { id: taskId, maxSize: 64 });
    assert.equal((own.data as any).task.frames.edges[0].node.image.width, 64);
  });
});
