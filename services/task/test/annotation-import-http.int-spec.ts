import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createInfra, makeImage, serveTask, serviceConfig, type Infra, type ServedTask } from "./support/harness.js";

/** Frames stay small; an annotation file may be larger than any frame. */
const MAX_FRAME_BYTES = 50_000;
const MAX_ANNOTATION_BYTES = 300_000;
let infra: Infra;
let service: ServedTask;

before(async () => {
  infra = await createInfra();
  service = await serveTask(
    serviceConfig(infra, {
      MAX_UPLOAD_BYTES: MAX_FRAME_BYTES,
      MAX_UPLOAD_REQUEST_BYTES: 120_000,
      ANNOTATION_IMPORT_MAX_BYTES: MAX_ANNOTATION_BYTES,
    }),
  );
});
after(async () => {
  await service?.stop();
  await infra?.cleanup();
});

async function post(body: string | FormData, multipart = true): Promise<{ status: number; body: any }> {
  const res = await fetch(service.url, {
    method: "POST",
    body,
    headers: multipart ? { "apollo-require-preflight": "true" } : { "content-type": "application/json" },
  });
  return { status: res.status, body: await res.json() };
}

function form(query: string, variables: Record<string, unknown>, path: string, files: { name: string; bytes: Uint8Array }[]): FormData {
  const f = new FormData();
  const many = path.endsWith("s");
  f.append("operations", JSON.stringify({ query, variables: { ...variables, [path]: many ? files.map(() => null) : null } }));
  f.append(
    "map",
    JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [many ? `variables.${path}.${i}` : `variables.${path}`]]))),
  );
  files.forEach((file, i) => f.append(String(i), new Blob([Buffer.from(file.bytes)]), file.name));
  return f;
}

const IMPORT = `mutation ($taskId: ID!, $file: Upload!) { importAnnotations(taskId: $taskId, file: $file, format: COCO_INSTANCES) { applied imported } }`;
const ADD = `mutation ($taskId: ID!, $files: [Upload!]!) { addFrames(taskId: $taskId, files: $files) { size } }`;

describe("importAnnotations over HTTP (GraphQL multipart)", () => {
  let taskId: string;

  before(async () => {
    const created = await post(
      JSON.stringify({
        query: `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
        variables: { input: { name: "http import", labels: [{ name: "car", type: "RECTANGLE" }] } },
      }),
      false,
    );
    taskId = created.body.data.createTask.id;
    const added = await post(form(ADD, { taskId }, "files", [{ name: "a.png", bytes: await makeImage(32, 32) }]));
    assert.equal(added.body.data?.addFrames.size, 1, JSON.stringify(added.body));
  });

  /** A COCO file of about `bytes` bytes: n boxes on frame a.png. */
  function coco(bytes: number): Buffer {
    const one = `{"id":0,"image_id":1,"category_id":1,"bbox":[1,1,4,4]}`;
    const n = Math.floor(bytes / (one.length + 6));
    const annotations = Array.from({ length: n }, (_, i) => one.replace(`"id":0`, `"id":${i + 1}`)).join(",");
    const text = `{"images":[{"id":1,"file_name":"a.png","width":32,"height":32}],"categories":[{"id":1,"name":"car"}],"annotations":[${annotations}]`;
    // Padded to exactly `bytes` with a key nobody reads.
    return Buffer.from(`${text},"x":"${"x".repeat(Math.max(0, bytes - text.length - 8))}"}`);
  }

  it("takes an annotation file larger than any frame may be, up to ANNOTATION_IMPORT_MAX_BYTES", async () => {
    const file = coco(200_000);
    assert.ok(file.byteLength > MAX_FRAME_BYTES * 3 && file.byteLength < MAX_ANNOTATION_BYTES);
    const { status, body } = await post(form(IMPORT, { taskId }, "file", [{ name: "instances.json", bytes: file }]));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.data.importAnnotations.applied, true);
    assert.ok(body.data.importAnnotations.imported > 2_000);
  });

  it("still refuses a frame over MAX_UPLOAD_BYTES, and an annotation file over its own limit", async () => {
    const frame = await post(form(ADD, { taskId }, "files", [{ name: "big.png", bytes: Buffer.alloc(MAX_FRAME_BYTES + 1, 1) }]));
    assert.equal(frame.body.errors?.[0]?.extensions?.code, "PAYLOAD_TOO_LARGE", JSON.stringify(frame.body));
    const big = await post(form(IMPORT, { taskId }, "file", [{ name: "instances.json", bytes: coco(MAX_ANNOTATION_BYTES + 10_000) }]));
    // Past the widened multipart limit (the file plus 64 KiB) the server refuses before reading; just past the file limit the resolver does.
    const code = big.body.errors?.[0]?.extensions?.code;
    assert.ok(code === "ANNOTATION_FILE_TOO_LARGE" || code === "PAYLOAD_TOO_LARGE", JSON.stringify(big.body));
  });
});
