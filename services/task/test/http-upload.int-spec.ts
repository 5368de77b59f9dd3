import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { create, DescribeTaskRequestSchema, Endpoints } from "@prelabel/proto";
import { startTaskService, type RunningTaskService } from "../src/app.js";
import { createInfra, makeImage, SAMPLE_LABELS, serviceConfig, silentLogger, type Infra } from "./support/harness.js";

const MAX_BYTES = 100_000;
let infra: Infra;
let service: RunningTaskService;

before(async () => {
  infra = await createInfra();
  service = await startTaskService(serviceConfig(infra, { MAX_UPLOAD_BYTES: MAX_BYTES }), silentLogger);
});

after(async () => {
  await service?.stop();
  await infra?.cleanup();
});

async function post(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(service.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return res.json();
}

/** A GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec), built by hand. */
async function upload(taskId: string, files: { name: string; bytes: Uint8Array }[]): Promise<{ status: number; body: any }> {
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
  const res = await fetch(service.url, { method: "POST", body: form, headers: { "apollo-require-preflight": "true" } });
  return { status: res.status, body: await res.json() };
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
    const store = await infra.messaging.objectStore("frames");
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

  it("answers NOT_FOUND when uploading to an unknown task", async () => {
    const { body } = await upload("00000000-0000-4000-8000-000000000000", [{ name: "a.png", bytes: await makeImage(4, 4) }]);
    assert.equal(body.errors?.[0]?.extensions?.code, "NOT_FOUND");
  });
});
