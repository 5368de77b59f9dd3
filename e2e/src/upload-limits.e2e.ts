import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { after, before, describe, it } from "node:test";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import sharp from "sharp";
import { CREATE_TASK } from "./support/operations.js";
import { startSystem, type System } from "./support/system.js";

const MiB = 1024 * 1024;

const UPLOAD_MODEL = /* GraphQL */ `
  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {
    uploadModel(file: $file, spec: $spec) {
      id
      artifacts {
        sizeBytes
      }
    }
  }
`;
const ADD_FRAMES = /* GraphQL */ `
  mutation AddFrames($taskId: ID!, $files: [Upload!]!) {
    addFrames(taskId: $taskId, files: $files) {
      size
      frames(first: 10) {
        edges {
          node {
            name
            width
            height
            sizeBytes
          }
        }
      }
    }
  }
`;
const SPEC = { name: "padded", outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["person", "car"] };

/**
 * A valid ultralytics-style YOLOv8 detector (input `images` [1,3,64,64], constant output `output0` [1,6,3]) carrying
 * an unused UINT8 initializer of `padding` bytes, so its size can be chosen.
 */
function paddedDetector(padding: number): Uint8Array {
  const g = new GraphBuilder("padded-yolov8");
  g.addInput("images", DataType.FLOAT, [1, 3, 64, 64]);
  const value = g.addFloat32("detections", [1, 6, 3], [24, 48, 10, 32, 32, 10, 16, 8, 4, 16, 8, 4, 0.05, 0.6, 0.02, 0.9, 0.1, 0.1]);
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 6, 3]);
  if (padding > 0) g.addInitializer("padding", DataType.UINT8, [padding], new Uint8Array(padding).fill(7));
  return encodeOnnxModel(g.toModel());
}

/** A detector file of exactly `bytes` bytes (the padding's length prefix grows by a byte now and then: search). */
function detectorOfSize(bytes: number): Uint8Array {
  let padding = bytes - paddedDetector(0).byteLength;
  for (let tries = 0; tries < 64; tries++) {
    const model = paddedDetector(padding);
    if (model.byteLength === bytes) return model;
    padding += bytes - model.byteLength;
  }
  throw new Error(`no padding gives a model of exactly ${bytes} bytes`);
}

interface Sent {
  status: number;
  body: any;
}

/** A GraphQL multipart request as a browser sends it (Content-Length known), through the gateway. */
async function upload(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  path: string,
  files: { name: string; bytes: Uint8Array }[],
): Promise<Sent> {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query, variables: { ...variables, [path]: path === "file" ? null : files.map(() => null) } }));
  const key = (i: number) => (path === "file" ? `variables.file` : `variables.${path}.${i}`);
  form.set("map", JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [key(i)]]))));
  files.forEach((f, i) => form.set(String(i), new Blob([f.bytes]), f.name));
  const res = await fetch(url, { method: "POST", body: form, headers: { "apollo-require-preflight": "true" } });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) };
}

/**
 * Announces `declared` bytes and sends them 1 MiB at a time (as a client that does not wait for 100-continue would),
 * stopping when an answer arrives. Resolves with the answer and how much was sent by then.
 */
function sendHuge(url: string, declared: number): Promise<{ status: number; body: any; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(declared),
          "apollo-require-preflight": "true",
        },
      },
      (res) => {
        answered = true;
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), sent }));
      },
    );
    // Once answered, a reset while still writing is expected (the server stops draining at some point).
    req.on("error", (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(MiB, 120);
    const write = () => {
      while (!answered && sent < declared) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

const codes = (body: any) => (body.errors ?? []).map((e: any) => e.extensions?.code);

async function assertHealthy(sys: System, taskId: string): Promise<void> {
  const base = sys.stack.gatewayUrl.replace(/\/graphql$/, "");
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  const ready = await fetch(`${base}/readyz?strict`);
  assert.equal(ready.status, 200, await ready.text());
  // Both upload subgraphs still take uploads.
  const frame = await upload(sys.stack.gatewayUrl, ADD_FRAMES, { taskId }, "files", [
    {
      name: "after.png",
      bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } })
        .png()
        .toBuffer(),
    },
  ]);
  assert.deepEqual(codes(frame.body), []);
  const model = await upload(sys.stack.gatewayUrl, UPLOAD_MODEL, { spec: { ...SPEC, name: "after" } }, "file", [
    { name: "after.onnx", bytes: paddedDetector(0) },
  ]);
  assert.deepEqual(codes(model.body), []);
}

describe("upload limits through the gateway, with the documented defaults", () => {
  let sys: System;
  let url: string;
  let taskId: string;

  before(async () => {
    sys = await startSystem({ workers: 0 });
    url = sys.stack.gatewayUrl;
    const { createTask } = await sys.client.must(CREATE_TASK, { input: { name: "uploads", labels: [{ name: "car", type: "RECTANGLE" }] } });
    taskId = createTask.id;
  });
  after(async () => {
    await sys?.stop();
  });

  it("accepts a valid 30 MB ONNX model (graphql-yoga's old 25 MB limit no longer applies)", async () => {
    const model = paddedDetector(30_000_000);
    assert.ok(model.byteLength > 30_000_000);
    const res = await upload(url, UPLOAD_MODEL, { spec: { ...SPEC, name: "30 MB" } }, "file", [{ name: "big.onnx", bytes: model }]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(codes(res.body), []);
    assert.equal(res.body.data.uploadModel.artifacts[0].sizeBytes, model.byteLength);
  });

  it("accepts two 13 MB frames in one request", async () => {
    // Noise does not compress: a 13 MB PNG.
    const side = 2_100;
    const png = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    assert.ok(png.byteLength > 13_000_000, `${png.byteLength}`);
    const res = await upload(url, ADD_FRAMES, { taskId }, "files", [
      { name: "a.png", bytes: png },
      { name: "b.png", bytes: png },
    ]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(codes(res.body), []);
    assert.deepEqual(
      res.body.data.addFrames.frames.edges.map((e: any) => [e.node.name, e.node.width, e.node.height, e.node.sizeBytes]),
      [
        ["a.png", side, side, png.byteLength],
        ["b.png", side, side, png.byteLength],
      ],
    );
  });

  it("takes a frame of exactly 50 MiB and refuses one byte more with PAYLOAD_TOO_LARGE", async () => {
    const at = await upload(url, ADD_FRAMES, { taskId }, "files", [{ name: "at-limit.png", bytes: randomBytes(50 * MiB) }]);
    assert.deepEqual(codes(at.body), [], JSON.stringify(at.body.errors));
    assert.equal(at.body.data.addFrames.size, 3);
    const over = await upload(url, ADD_FRAMES, { taskId }, "files", [{ name: "over.png", bytes: randomBytes(50 * MiB + 1) }]);
    assert.equal(over.status, 413);
    assert.deepEqual(codes(over.body), ["PAYLOAD_TOO_LARGE"]);
    assert.match(over.body.errors[0].message, /over\.png.*52428800 byte limit per frame/);
  });

  it("refuses a 120 MiB frames upload (over the task's 100 MiB a request) with 413 PAYLOAD_TOO_LARGE", async () => {
    const res = await upload(url, ADD_FRAMES, { taskId }, "files", [
      { name: "a.png", bytes: randomBytes(40 * MiB) },
      { name: "b.png", bytes: randomBytes(40 * MiB) },
      { name: "c.png", bytes: randomBytes(40 * MiB) },
    ]);
    assert.equal(res.status, 413, JSON.stringify(res.body));
    assert.deepEqual(codes(res.body), ["PAYLOAD_TOO_LARGE"]);
    assert.match(res.body.errors[0].message, /exceeds the upload limit of 100 MiB/);
  });

  it("answers a far-over upload (1 GiB announced) with 413 before the body is sent, and every service stays healthy", async () => {
    const res = await sendHuge(url, 1024 * MiB);
    assert.equal(res.status, 413);
    assert.deepEqual(codes(res.body), ["PAYLOAD_TOO_LARGE"]);
    assert.match(res.body.errors[0].message, /exceeds the upload limit of 257 MiB/);
    // Answered from the headers: the client was still sending when it came.
    assert.ok(res.sent < 1024 * MiB, `sent ${res.sent} bytes`);
    const frames = await sys.client.must(`query($id: ID!) { task(id: $id) { size } }`, { id: taskId });
    assert.equal(frames.task.size, 3, "nothing of the refused uploads was added");
    await assertHealthy(sys, taskId);
  });
});

describe("upload limits through the gateway, at smaller configured limits", () => {
  const MODEL_LIMIT = 2 * MiB;
  const GATEWAY_LIMIT = 3 * MiB;
  let sys: System;
  let url: string;
  let taskId: string;

  before(async () => {
    sys = await startSystem({
      workers: 0,
      env: { MODEL_UPLOAD_MAX_BYTES: String(MODEL_LIMIT) },
      gatewayEnv: { MAX_UPLOAD_BYTES: String(GATEWAY_LIMIT) },
    });
    url = sys.stack.gatewayUrl;
    const { createTask } = await sys.client.must(CREATE_TASK, { input: { name: "uploads", labels: [{ name: "car", type: "RECTANGLE" }] } });
    taskId = createTask.id;
  });
  after(async () => {
    await sys?.stop();
  });

  it("accepts a model of exactly MODEL_UPLOAD_MAX_BYTES", async () => {
    const model = detectorOfSize(MODEL_LIMIT);
    const res = await upload(url, UPLOAD_MODEL, { spec: { ...SPEC, name: "at limit" } }, "file", [{ name: "at-limit.onnx", bytes: model }]);
    assert.deepEqual(codes(res.body), [], JSON.stringify(res.body.errors));
    assert.equal(res.body.data.uploadModel.artifacts[0].sizeBytes, MODEL_LIMIT);
  });

  it("refuses a model one byte over MODEL_UPLOAD_MAX_BYTES with PAYLOAD_TOO_LARGE", async () => {
    const res = await upload(url, UPLOAD_MODEL, { spec: SPEC }, "file", [{ name: "over.onnx", bytes: detectorOfSize(MODEL_LIMIT + 1) }]);
    assert.equal(res.status, 413);
    assert.deepEqual(codes(res.body), ["PAYLOAD_TOO_LARGE"]);
    assert.equal(res.body.errors[0].extensions.http, undefined);
    assert.match(res.body.errors[0].message, /over\.onnx.*2097152 byte limit/);
  });

  it("refuses a model far over every limit with 413 at the gateway; frames too; then serves as before", async () => {
    const model = await upload(url, UPLOAD_MODEL, { spec: SPEC }, "file", [{ name: "far.onnx", bytes: detectorOfSize(4 * MODEL_LIMIT) }]);
    assert.equal(model.status, 413);
    assert.deepEqual(codes(model.body), ["PAYLOAD_TOO_LARGE"]);
    assert.match(model.body.errors[0].message, /exceeds the upload limit of 3 MiB/);
    const frames = await upload(url, ADD_FRAMES, { taskId }, "files", [{ name: "far.png", bytes: randomBytes(GATEWAY_LIMIT) }]);
    assert.equal(frames.status, 413);
    assert.deepEqual(codes(frames.body), ["PAYLOAD_TOO_LARGE"]);
    const huge = await sendHuge(url, 512 * MiB);
    assert.equal(huge.status, 413);
    assert.ok(huge.sent < 512 * MiB, `sent ${huge.sent} bytes`);
    await assertHealthy(sys, taskId);
  });
});
