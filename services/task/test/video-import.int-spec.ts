import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile, stat, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { decodeVideoFrames, locateFfmpeg, probeVideo, VideoDecodeError, type FfmpegBinaries } from "@prelabel/video";
import sharp from "sharp";
import type { VideoDecoder } from "../src/application/video-import.service.js";
import { createSchemaHarness, dataOf, errorCodes, errorMessages, makeImage, makeTempDir, type SchemaHarness } from "./support/harness.js";

const run = promisify(execFile);
const CREATE = `mutation ($name: String!) { createTask(input: { name: $name, labels: [{ name: "car", type: RECTANGLE }] }) { id } }`;
const IMPORT_VIDEO = `mutation ($taskId: ID!, $path: String!, $options: VideoImportOptions) {
  importVideo(taskId: $taskId, serverPath: $path, options: $options) { id size } }`;
const IMPORT_FRAMES = `mutation ($taskId: ID!, $path: String!) { importFrames(taskId: $taskId, serverPath: $path) { id size } }`;
const READ = `query ($id: ID!) { task(id: $id) { size
  video { fileName container codec width height fps durationSeconds rotation sourceFrameCount startFrame stopFrame frameStep }
  frames(first: 500) { edges { node { index name width height sizeBytes timestampSeconds } } } } }`;

interface Read {
  task: {
    size: number;
    video: null | Record<string, number | string>;
    frames: {
      edges: { node: { index: number; name: string; width: number; height: number; sizeBytes: number; timestampSeconds: number | null } }[];
    };
  };
}

/** Small limits, so over-limit videos stay small: 320×240 fits, 60 frames fit, 3 MB fit. */
const LIMITS = { maxBytes: 3_000_000, maxFrames: 60, maxPixels: 320 * 240, timeoutMs: 60_000 };

let h: SchemaHarness;
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let ff: FfmpegBinaries;
/** Set by a test: the decoder fails (as an ffmpeg dying) after this many frames. */
let failAfterFrames: number | undefined;

const ffmpeg = (...args: string[]) => run(ff.ffmpeg, ["-v", "error", "-y", ...args]);
const testsrc = (size = "320x240", seconds = 2) => ["-f", "lavfi", "-i", `testsrc2=size=${size}:rate=25`, "-t", String(seconds)];
/** Frame n's luma is 4n + 20: the decoded grey level tells which source frame a task frame is. */
const gradient = (frames: number) => [
  "-f",
  "lavfi",
  "-i",
  "color=c=black:s=320x240:r=25,geq=lum='N*4+20':cb=128:cr=128",
  "-frames:v",
  String(frames),
];
/** The grey level a full-range JPEG shows for source frame n of the gradient (limited-range luma 4n + 20). */
const greyOf = (n: number) => ((4 * n + 20 - 16) * 255) / 219;

const decoder: VideoDecoder = {
  probe: (file, timeoutMs) => probeVideo(ff, file, { timeoutMs }),
  async *decode(file, probe, plan, timeoutMs) {
    let n = 0;
    for await (const frame of decodeVideoFrames(ff, file, probe, plan, { timeoutMs })) {
      if (failAfterFrames !== undefined && n === failAfterFrames) throw new VideoDecodeError("corrupt", "ffmpeg died (test)");
      n++;
      yield frame;
    }
  },
};

before(async () => {
  ff = locateFfmpeg({}); // the npm builds: the files below are what ffmpeg 4.1 writes
  dir = await makeTempDir("task-video-");
  const at = (name: string) => join(dir.path, name);
  await ffmpeg(...testsrc(), "-c:v", "libx264", "-pix_fmt", "yuv420p", at("h264.mp4"));
  await ffmpeg(...testsrc(), "-c:v", "libx265", "-pix_fmt", "yuv420p", "-x265-params", "log-level=error", at("h265.mp4"));
  await ffmpeg(...testsrc(), "-c:v", "libvpx", "-b:v", "500k", at("vp8.webm"));
  await ffmpeg(...testsrc(), "-c:v", "libvpx-vp9", "-b:v", "500k", at("vp9.webm"));
  await ffmpeg(...testsrc(), "-c:v", "mjpeg", at("mjpeg.avi"));
  await ffmpeg(...testsrc(), "-c:v", "libx264", "-pix_fmt", "yuv420p", at("h264.mov"));
  // ffmpeg 4.1 writes a rotation only when remuxing (with -c copy); it reads its own rotate=90 back as 270.
  await ffmpeg("-i", at("h264.mp4"), "-c", "copy", "-metadata:s:v:0", "rotate=90", at("rotated.mp4"));
  await ffmpeg(...gradient(50), "-c:v", "libx264", "-pix_fmt", "yuv420p", at("gradient.mp4"));
  await ffmpeg(
    "-f",
    "lavfi",
    "-i",
    "color=c=red:s=64x48:r=25",
    "-frames:v",
    "10",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    at("static.mp4"),
  );
  await ffmpeg(...testsrc("336x240", 1), "-c:v", "libx264", "-pix_fmt", "yuv420p", at("wide.mp4"));
  await ffmpeg(...testsrc("320x240", 4), "-c:v", "libx264", "-pix_fmt", "yuv420p", at("long.mp4"));
  await ffmpeg(...testsrc("320x240", 1), "-c:v", "ffv1", at("ffv1.mkv"));
  await ffmpeg(...testsrc("320x240", 1), "-frames:v", "0", "-c:v", "libx264", at("zero.mp4"));
  // Truncated: an mp4 with its index first (faststart) and a webm, each cut to 60 % of its bytes.
  await ffmpeg("-i", at("h264.mp4"), "-c", "copy", "-movflags", "+faststart", at("faststart.mp4"));
  for (const [from, to] of [
    ["faststart.mp4", "cut.mp4"],
    ["vp9.webm", "cut.webm"],
    ["h264.mp4", "cut-index.mp4"],
  ]) {
    const bytes = await readFile(at(from));
    await writeFile(at(to), bytes.subarray(0, Math.floor(bytes.byteLength * 0.6)));
  }
  await writeFile(at("notes.mp4"), "this is a text file, not a video\n");
  await writeFile(at("huge.mp4"), Buffer.alloc(LIMITS.maxBytes + 1));
  await writeFile(at("still.png"), await makeImage(32, 24));
  await mkdir(at("images"));
  await writeFile(at("images/a.png"), await makeImage(16, 16));
  h = await createSchemaHarness({ importRoot: dir.path, videoLimits: LIMITS, videoDecoder: decoder });
});

after(async () => {
  await h?.cleanup();
  await dir?.remove();
});

async function newTask(): Promise<string> {
  return dataOf(await h.exec<{ createTask: { id: string } }>(CREATE, { name: `v-${randomUUID()}` })).createTask.id;
}

async function importVideo(path: string, options?: Record<string, number>, taskId?: string) {
  const id = taskId ?? (await newTask());
  return { id, result: await h.exec<{ importVideo: { id: string; size: number } }>(IMPORT_VIDEO, { taskId: id, path, options }) };
}

async function read(id: string): Promise<Read["task"]> {
  return dataOf(await h.exec<Read>(READ, { id })).task;
}

async function objectNames(taskId: string): Promise<string[]> {
  const rows: { object_name: string }[] = await h.dataSource.query(
    `SELECT "object_name" FROM "task"."frame" WHERE "task_id" = $1 ORDER BY "index"`,
    [taskId],
  );
  return rows.map((r) => r.object_name);
}

async function frameBytes(taskId: string, index: number): Promise<Buffer> {
  const bytes = await h.frameStore.get((await objectNames(taskId))[index]);
  assert.ok(bytes, `frame ${index}'s bytes are stored`);
  return Buffer.from(bytes);
}

const claims = async () => Number((await h.dataSource.query(`SELECT count(*)::int AS n FROM "task"."frame_object_claim"`))[0].n);
const bucketSize = async () => (await h.frameStore.list()).length;

/** The import failed with `code`, and the task, the claims and the bucket are as before. */
async function assertRefused(path: string, code: string, options?: Record<string, number>): Promise<void> {
  const objectsBefore = await bucketSize();
  const { id, result } = await importVideo(path, options);
  assert.deepEqual(errorCodes(result), [code], JSON.stringify(result.errors));
  const task = await read(id);
  assert.equal(task.size, 0);
  assert.equal(task.video, null);
  assert.equal(task.frames.edges.length, 0);
  assert.equal(await claims(), 0, "no claim is left");
  assert.equal(await bucketSize(), objectsBefore, "no object is left");
}

describe("importVideo: formats", () => {
  const formats = [
    { file: "h264.mp4", container: "mp4", codec: "h264" },
    { file: "h265.mp4", container: "mp4", codec: "hevc" },
    { file: "vp8.webm", container: "webm", codec: "vp8" },
    { file: "vp9.webm", container: "webm", codec: "vp9" },
    { file: "mjpeg.avi", container: "avi", codec: "mjpeg" },
    { file: "h264.mov", container: "mov", codec: "h264" },
  ];
  for (const { file, container, codec } of formats) {
    it(`${file}: every frame in order, with its timestamp, as a 320×240 JPEG`, async () => {
      const { id, result } = await importVideo(file);
      assert.equal(dataOf(result).importVideo.size, 50);
      const task = await read(id);
      assert.deepEqual(task.video, {
        fileName: file,
        container,
        codec,
        width: 320,
        height: 240,
        fps: 25,
        durationSeconds: 2,
        rotation: 0,
        sourceFrameCount: 50,
        startFrame: 0,
        stopFrame: 49,
        frameStep: 1,
      });
      const frames = task.frames.edges.map((e) => e.node);
      assert.deepEqual(
        frames.map((f) => [f.index, f.name, f.width, f.height]),
        Array.from({ length: 50 }, (_, i) => [i, `frame_${String(i).padStart(6, "0")}.jpg`, 320, 240]),
      );
      frames.forEach((f, i) => assert.ok(Math.abs(f.timestampSeconds! - i * 0.04) < 1e-3, `frame ${i} at ${f.timestampSeconds}`));
      const last = await frameBytes(id, 49);
      const meta = await sharp(last).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ["jpeg", 320, 240]);
      assert.equal(frames[49].sizeBytes, last.byteLength);
      assert.equal(await claims(), 0, "the claims became rows");
    });
  }
});

describe("importVideo: which frames", () => {
  it("decodes frames in source order (the gradient's grey level is its frame number)", async () => {
    const { id, result } = await importVideo("gradient.mp4");
    assert.equal(dataOf(result).importVideo.size, 50);
    for (const i of [0, 1, 2, 17, 48, 49]) {
      const { channels } = await sharp(await frameBytes(id, i)).stats();
      assert.ok(Math.abs(channels[0].mean - greyOf(i)) < 2, `frame ${i}: grey ${channels[0].mean}, expected ${greyOf(i)}`);
    }
  });

  it("takes frameStep, startFrame and stopFrame (inclusive): task frame i is source frame start + i × step", async () => {
    const { id, result } = await importVideo("gradient.mp4", { frameStep: 3, startFrame: 5, stopFrame: 29 });
    assert.equal(dataOf(result).importVideo.size, 9);
    const task = await read(id);
    assert.deepEqual([task.video!.startFrame, task.video!.stopFrame, task.video!.frameStep, task.video!.sourceFrameCount], [5, 29, 3, 50]);
    const sources = [5, 8, 11, 14, 17, 20, 23, 26, 29];
    assert.deepEqual(
      task.frames.edges.map((e) => e.node.name),
      sources.map((n) => `frame_${String(n).padStart(6, "0")}.jpg`),
    );
    for (const [i, n] of sources.entries()) {
      assert.ok(Math.abs(task.frames.edges[i].node.timestampSeconds! - n * 0.04) < 1e-3);
      const { channels } = await sharp(await frameBytes(id, i)).stats();
      assert.ok(Math.abs(channels[0].mean - greyOf(n)) < 2, `task frame ${i} is source frame ${n}`);
    }
  });

  it("clamps stopFrame to the last frame, and frameStep alone brings a long video under VIDEO_MAX_FRAMES", async () => {
    const { id, result } = await importVideo("long.mp4", { frameStep: 2, stopFrame: 10_000 });
    assert.equal(dataOf(result).importVideo.size, 50);
    const task = await read(id);
    assert.deepEqual([task.video!.sourceFrameCount, task.video!.stopFrame], [100, 99]);
    assert.equal(task.frames.edges[49].node.name, "frame_000098.jpg");
  });

  it("refuses a selection that does not fit the video (BAD_USER_INPUT), storing nothing", async () => {
    await assertRefused("h264.mp4", "BAD_USER_INPUT", { startFrame: 50 });
    await assertRefused("h264.mp4", "BAD_USER_INPUT", { frameStep: 0 });
    await assertRefused("h264.mp4", "BAD_USER_INPUT", { startFrame: 10, stopFrame: 9 });
  });
});

describe("importVideo: rotation and storage", () => {
  it("stores a rotated video's frames as displayed: width and height swapped, pixels turned", async () => {
    const plain = await importVideo("h264.mp4");
    const turned = await importVideo("rotated.mp4");
    assert.equal(dataOf(turned.result).importVideo.size, 50);
    const task = await read(turned.id);
    assert.deepEqual([task.video!.rotation, task.video!.width, task.video!.height], [270, 240, 320]);
    assert.deepEqual([task.frames.edges[0].node.width, task.frames.edges[0].node.height], [240, 320]);
    const shown = await sharp(await frameBytes(turned.id, 0))
      .raw()
      .toBuffer({ resolveWithObject: true });
    assert.deepEqual([shown.info.width, shown.info.height], [240, 320]);
    // The unrotated frame turned 270° clockwise matches; turned the other way it does not.
    const difference = async (degrees: number) => {
      const expected = await sharp(await frameBytes(plain.id, 0))
        .rotate(degrees)
        .raw()
        .toBuffer();
      let sum = 0;
      for (let i = 0; i < expected.length; i++) sum += Math.abs(expected[i] - shown.data[i]);
      return sum / expected.length;
    };
    const right = await difference(270);
    const wrong = await difference(90);
    assert.ok(right < 6, `turned 270°: mean difference ${right}`);
    assert.ok(wrong > 20, `turned 90°: mean difference ${wrong}`);
  });

  it("stores equal frames once (content addressed), within a video and across tasks", async () => {
    const first = await importVideo("static.mp4");
    assert.equal(dataOf(first.result).importVideo.size, 10);
    assert.equal(new Set(await objectNames(first.id)).size, 1, "ten identical frames, one object");
    const second = await importVideo("h264.mp4");
    const objectsBefore = await bucketSize();
    const third = await importVideo("h264.mp4");
    assert.deepEqual(await objectNames(third.id), await objectNames(second.id));
    assert.equal(await bucketSize(), objectsBefore, "the same video imported again adds no object");
  });
});

describe("importVideo: bad input stores nothing", () => {
  it("a text file is INVALID_VIDEO, with ffprobe's reason naming the file, not its path on the server", async () => {
    await assertRefused("notes.mp4", "INVALID_VIDEO");
    const { result } = await importVideo("notes.mp4");
    const [message] = errorMessages(result);
    assert.match(message, /^"notes\.mp4": not a readable video file: [\s\S]*\nnotes\.mp4: Invalid data found/);
    assert.ok(!message.includes(dir.path), message);
  });
  it("a still image is INVALID_VIDEO", () => assertRefused("still.png", "INVALID_VIDEO"));
  it("an mp4 cut short (index first) is INVALID_VIDEO", () => assertRefused("cut.mp4", "INVALID_VIDEO"));
  it("an mp4 cut short (index last, so lost) is INVALID_VIDEO", () => assertRefused("cut-index.mp4", "INVALID_VIDEO"));
  it("a webm cut short is INVALID_VIDEO", () => assertRefused("cut.webm", "INVALID_VIDEO"));
  it("a video without frames is INVALID_VIDEO", () => assertRefused("zero.mp4", "INVALID_VIDEO"));
  it("a codec outside the supported set is UNSUPPORTED_CODEC", () => assertRefused("ffv1.mkv", "UNSUPPORTED_CODEC"));
  it("more pixels than VIDEO_MAX_PIXELS is VIDEO_TOO_LARGE", () => assertRefused("wide.mp4", "VIDEO_TOO_LARGE"));
  it("more frames than VIDEO_MAX_FRAMES is VIDEO_TOO_LARGE", () => assertRefused("long.mp4", "VIDEO_TOO_LARGE"));
  it("more bytes than VIDEO_MAX_BYTES is VIDEO_TOO_LARGE", async () => {
    assert.ok((await stat(join(dir.path, "huge.mp4"))).size > LIMITS.maxBytes);
    await assertRefused("huge.mp4", "VIDEO_TOO_LARGE");
  });
  it("a path outside the import root, or a directory, is INVALID_PATH", async () => {
    await assertRefused("../etc/passwd", "INVALID_PATH");
    await assertRefused("images", "INVALID_PATH");
    await assertRefused("missing.mp4", "INVALID_PATH");
  });

  it("an import that dies half-way (ffmpeg failing after 20 stored frames) leaves no frames, claims or objects", async () => {
    failAfterFrames = 20;
    try {
      // gradient.mp4's frames are stored by an earlier test: a fresh video's frames must be the ones collected.
      await ffmpeg(...gradient(40), "-vf", "negate", "-c:v", "libx264", "-pix_fmt", "yuv420p", join(dir.path, "negated.mp4"));
      await assertRefused("negated.mp4", "INVALID_VIDEO");
    } finally {
      failAfterFrames = undefined;
    }
  });
});

describe("video tasks and image frames do not mix", () => {
  it("a video goes only into a task without frames (TASK_NOT_EMPTY); images not into a video task (VIDEO_TASK)", async () => {
    const images = await newTask();
    dataOf(await h.exec(IMPORT_FRAMES, { taskId: images, path: "images" }));
    const objectsBefore = await bucketSize();
    const intoImages = await importVideo("h264.mov", undefined, images);
    assert.deepEqual(errorCodes(intoImages.result), ["TASK_NOT_EMPTY"]);
    assert.equal((await read(images)).size, 1);

    const { id: video } = await importVideo("vp8.webm");
    const again = await importVideo("vp8.webm", undefined, video);
    assert.deepEqual(errorCodes(again.result), ["TASK_NOT_EMPTY"]);
    const frames = await h.exec(IMPORT_FRAMES, { taskId: video, path: "images" });
    assert.deepEqual(errorCodes(frames), ["VIDEO_TASK"]);
    assert.equal((await read(video)).size, 50);
    assert.equal(await claims(), 0);
    assert.ok((await bucketSize()) >= objectsBefore);
  });

  it("an image task's frames have no timestamp and the task no video", async () => {
    const images = await newTask();
    dataOf(await h.exec(IMPORT_FRAMES, { taskId: images, path: "images" }));
    const task = await read(images);
    assert.equal(task.video, null);
    assert.equal(task.frames.edges[0].node.timestampSeconds, null);
  });
});

describe("deleting a video task", () => {
  it("removes its video row, its frames and the objects no other task uses", async () => {
    // A video no other test imports, so its objects are this task's alone.
    await ffmpeg(...gradient(12), "-vf", "hflip,negate", "-c:v", "libx264", "-pix_fmt", "yuv420p", join(dir.path, "deleted.mp4"));
    const { id, result } = await importVideo("deleted.mp4");
    assert.equal(dataOf(result).importVideo.size, 12);
    const names = await objectNames(id);
    dataOf(await h.exec(`mutation ($id: ID!) { deleteTask(id: $id) }`, { id }));
    const rows: unknown[] = await h.dataSource.query(`SELECT 1 FROM "task"."task_video" WHERE "task_id" = $1`, [id]);
    assert.equal(rows.length, 0);
    for (const name of names) assert.equal(await h.frameStore.has(name), false, `${name} is removed`);
  });
});
