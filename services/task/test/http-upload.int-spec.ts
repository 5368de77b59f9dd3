import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { Buckets, create, DescribeTaskRequestSchema, Endpoints } from "@prelabel/proto";
import { locateFfmpeg } from "@prelabel/video";
import {
  createInfra,
  makeImage,
  makeTempDir,
  SAMPLE_LABELS,
  serveTask,
  serviceConfig,
  type Infra,
  type ServedTask,
} from "./support/harness.js";

const MAX_BYTES = 100_000;
/** Two frames at MAX_BYTES and a smaller one fit with their operation; three at MAX_BYTES do not. */
const MAX_REQUEST_BYTES = 250_000;
const MAX_FILES = 4;
let infra: Infra;
let service: ServedTask;

before(async () => {
  infra = await createInfra();
  // VIDEO_MAX_BYTES small too: the subgraph's multipart limits are the larger of the frame and the video ones.
  const limits = {
    MAX_UPLOAD_BYTES: MAX_BYTES,
    MAX_UPLOAD_REQUEST_BYTES: MAX_REQUEST_BYTES,
    MAX_UPLOAD_FILES: MAX_FILES,
    VIDEO_MAX_BYTES: MAX_BYTES,
  };
  service = await serveTask(serviceConfig(infra, limits));
});

after(async () => {
  await service?.stop();
  await infra?.cleanup();
});

async function post(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(service.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** A GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec), built by hand. */
async function upload(
  taskId: string,
  files: { name: string; bytes: Uint8Array }[],
  options: { chunked?: boolean } = {},
): Promise<{ status: number; body: any }> {
  const form = uploadForm(taskId, files);
  // Chunked: the same body as a stream, so no Content-Length is sent and the server must count.
  const encoded = new Response(form);
  const body = options.chunked ? encoded.body! : form;
  const headers = {
    "apollo-require-preflight": "true",
    ...(options.chunked ? { "content-type": encoded.headers.get("content-type")! } : {}),
  };
  const res = await fetch(service.url, { method: "POST", body, headers, duplex: "half" });
  return { status: res.status, body: await res.json() };
}

function uploadForm(taskId: string, files: { name: string; bytes: Uint8Array }[]): FormData {
  const form = new FormData();
  form.append(
    "operations",
    JSON.stringify({
      query: `mutation ($taskId: ID!, $files: [Upload!]!) {
        addFrames(taskId: $taskId, files: $files) { id size frames { totalCount edges { node { index name width height sizeBytes } } } } }`,
      variables: { taskId, files: files.map(() => null) },
    }),
  );
  form.append("map", JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.files.${i}`]]))));
  files.forEach((f, i) => form.append(String(i), new Blob([f.bytes]), f.name));
  return form;
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("the task service over HTTP", () => {
  let taskId: string;

  it("serves health and readiness", async () => {
    const base = service.url.replace(/\/graphql$/, "");
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
  });

  it("creates a task, and maps a bad enum to BAD_USER_INPUT", async () => {
    const created = await post(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { id size } }`, {
      input: { name: "uploads", labels: SAMPLE_LABELS },
    });
    assert.equal(created.errors, undefined);
    taskId = created.data.createTask.id;
    const bad = await post(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`, {
      input: { name: "x", labels: [{ name: "a", type: "CIRCLE" }] },
    });
    assert.equal(bad.errors[0].extensions.code, "BAD_USER_INPUT");
  });

  it("appends uploaded files as frames, stores their bytes content-addressed, and keeps unreadable ones without a size", async () => {
    const png = await makeImage(64, 48);
    const jpeg = await makeImage(33, 17, "jpeg");
    const junk = Buffer.from("definitely not an image");
    const { status, body } = await upload(taskId, [
      { name: "one.png", bytes: png },
      { name: "two.jpg", bytes: jpeg },
      { name: "../../etc/three.png", bytes: png },
      { name: "junk.png", bytes: junk },
    ]);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const task = body.data.addFrames;
    assert.equal(task.size, 4);
    assert.deepEqual(
      task.frames.edges.map((e: any) => [e.node.index, e.node.name, e.node.width, e.node.height, e.node.sizeBytes]),
      [
        [0, "one.png", 64, 48, png.byteLength],
        [1, "two.jpg", 33, 17, jpeg.byteLength],
        [2, "three.png", 64, 48, png.byteLength],
        [3, "junk.png", null, null, junk.byteLength],
      ],
    );

    // The bytes are in the object store under their SHA-256; equal bytes share one object.
    const described = await infra.messaging.request(Endpoints.describeTask, create(DescribeTaskRequestSchema, { taskId }));
    const names = described.frames.map((f) => f.objectName);
    assert.equal(names[0], `sha256-${sha(png)}`);
    assert.equal(names[2], names[0]);
    const store = await infra.messaging.objectStore(Buckets.frames);
    assert.equal(sha((await store.getBlob(names[1]))!), sha(jpeg));
    assert.equal(sha((await store.getBlob(names[3]))!), sha(junk));
  });

  it("rejects a file over MAX_UPLOAD_BYTES with PAYLOAD_TOO_LARGE and adds nothing", async () => {
    const { body } = await upload(taskId, [
      { name: "small.png", bytes: await makeImage(8, 8) },
      { name: "huge.bin", bytes: randomBytes(MAX_BYTES + 1) },
    ]);
    assert.equal(body.errors?.[0]?.extensions?.code, "PAYLOAD_TOO_LARGE", JSON.stringify(body));
    const after = await post(`query ($id: ID!) { task(id: $id) { size } }`, { id: taskId });
    assert.equal(after.data.task.size, 4);
  });

  const frameCount = async () => (await post(`query ($id: ID!) { task(id: $id) { size } }`, { id: taskId })).data.task.size as number;
  const atFrameLimit = (name: string) => ({ name, bytes: randomBytes(MAX_BYTES) });

  it("accepts frames of exactly MAX_UPLOAD_BYTES in a request just under MAX_UPLOAD_REQUEST_BYTES (declared and chunked)", async () => {
    const before = await frameCount();
    for (const chunked of [false, true]) {
      const { status, body } = await upload(
        taskId,
        [atFrameLimit("a.png"), atFrameLimit("b.png"), { name: "c.png", bytes: randomBytes(45_000) }],
        { chunked },
      );
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    }
    assert.equal(await frameCount(), before + 6);
  });

  it("refuses a whole request over MAX_UPLOAD_REQUEST_BYTES with PAYLOAD_TOO_LARGE (declared: 413 before reading it) and adds nothing", async () => {
    const before = await frameCount();
    // Each file within its own limit; together over the request's.
    const files = [atFrameLimit("a.png"), atFrameLimit("b.png"), atFrameLimit("c.png")];
    const declared = await upload(taskId, files);
    assert.equal(declared.status, 413, JSON.stringify(declared.body));
    assert.deepEqual(
      declared.body.errors.map((e: any) => e.extensions.code),
      ["PAYLOAD_TOO_LARGE"],
    );
    assert.match(declared.body.errors[0].message, /exceeds the upload limit of 250000 bytes/);

    // Chunked: counted as it arrives; the parser stops at the limit, and the frames read so far are not added.
    const chunked = await upload(taskId, files, { chunked: true });
    assert.deepEqual(
      chunked.body.errors.map((e: any) => e.extensions.code),
      ["PAYLOAD_TOO_LARGE"],
      JSON.stringify(chunked.body),
    );
    assert.match(chunked.body.errors[0].message, /exceeds the upload limit of 250000 bytes/);
    assert.equal(await frameCount(), before);
  });

  it("refuses more than MAX_UPLOAD_FILES files with 413 PAYLOAD_TOO_LARGE (JSON, not an HTML page)", async () => {
    const before = await frameCount();
    const { status, body } = await upload(
      taskId,
      ["a", "b", "c", "d", "e"].map((n) => ({ name: `${n}.png`, bytes: randomBytes(10) })),
    );
    assert.equal(status, 413);
    assert.equal(body.errors[0].extensions.code, "PAYLOAD_TOO_LARGE");
    assert.match(body.errors[0].message, /4 max file uploads exceeded/);
    assert.equal(await frameCount(), before);
  });

  it("answers NOT_FOUND when uploading to an unknown task", async () => {
    const { body } = await upload("00000000-0000-4000-8000-000000000000", [{ name: "a.png", bytes: await makeImage(4, 4) }]);
    assert.equal(body.errors?.[0]?.extensions?.code, "NOT_FOUND");
  });
});

describe("addVideo over HTTP (multipart)", () => {
  const ffmpeg = locateFfmpeg({});
  let videoDir: Awaited<ReturnType<typeof makeTempDir>>;
  const video = async (name: string, ...args: string[]) => {
    const path = join(videoDir.path, name);
    await promisify(execFile)(ffmpeg.ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", ...args, path]);
    return readFile(path);
  };
  const addVideo = async (
    taskId: string,
    name: string,
    bytes: Uint8Array,
    options?: Record<string, number>,
  ): Promise<{ status: number; body: any }> => {
    const form = new FormData();
    form.append(
      "operations",
      JSON.stringify({
        query: `mutation ($taskId: ID!, $file: Upload!, $options: VideoImportOptions) {
          addVideo(taskId: $taskId, file: $file, options: $options) { id size video { fileName codec sourceFrameCount frameStep }
            frames(first: 2) { edges { node { index name timestampSeconds } } } } }`,
        variables: { taskId, file: null, options },
      }),
    );
    form.append("map", JSON.stringify({ 0: ["variables.file"] }));
    form.append("0", new Blob([bytes]), name);
    const res = await fetch(service.url, { method: "POST", body: form, headers: { "apollo-require-preflight": "true" } });
    return { status: res.status, body: await res.json() };
  };
  const newTask = async () =>
    (
      await post(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`, {
        input: { name: "video", labels: SAMPLE_LABELS },
      })
    ).data.createTask.id as string;

  before(async () => {
    videoDir = await makeTempDir("task-http-video-");
  });
  after(async () => {
    await videoDir?.remove();
  });

  it("decodes an uploaded video (VIDEO_MAX_BYTES above MAX_UPLOAD_BYTES is not needed: each limit holds its own files)", async () => {
    const bytes = await video("clip.mp4", "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p");
    assert.ok(bytes.byteLength < MAX_BYTES, `the test clip (${bytes.byteLength} bytes) fits VIDEO_MAX_BYTES`);
    const taskId = await newTask();
    const { status, body } = await addVideo(taskId, "clip.mp4", bytes, { frameStep: 2 });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.equal(body.data.addVideo.size, 25);
    assert.deepEqual(body.data.addVideo.video, { fileName: "clip.mp4", codec: "h264", sourceFrameCount: 50, frameStep: 2 });
    assert.deepEqual(body.data.addVideo.frames.edges[1].node, { index: 1, name: "frame_000002.jpg", timestampSeconds: 0.08 });
  });

  it("refuses a video over VIDEO_MAX_BYTES with VIDEO_TOO_LARGE and stores nothing", async () => {
    const bytes = await video("big.avi", "-frames:v", "12", "-c:v", "mjpeg", "-q:v", "2");
    assert.ok(bytes.byteLength > MAX_BYTES && bytes.byteLength < MAX_REQUEST_BYTES, `${bytes.byteLength} bytes`);
    const taskId = await newTask();
    const { body } = await addVideo(taskId, "big.avi", bytes);
    assert.deepEqual(
      body.errors?.map((e: any) => e.extensions.code),
      ["VIDEO_TOO_LARGE"],
      JSON.stringify(body),
    );
    const after = await post(`query ($id: ID!) { task(id: $id) { size video { codec } } }`, { id: taskId });
    assert.deepEqual(after.data.task, { size: 0, video: null });
  });
});
