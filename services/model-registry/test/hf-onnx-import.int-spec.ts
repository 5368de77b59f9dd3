import "reflect-metadata";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { ObjectStore } from "@nats-io/obj";
import { fakeCredentials, hfFixtureIds, type HfRepoFixture, type HubFakes } from "@prelabel/hub-fakes";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import { create, DescribeModelRequestSchema, Endpoints, OnnxOutputLayout } from "@prelabel/proto";
import { SecretBox } from "@prelabel/secret-box";
import type { GraphQLTestClient } from "@prelabel/testing";
import type { ModelRegistryApp } from "../src/app.js";
import { externalDataModel } from "./support/external-data-model.js";
import { startCloudRegistryUnderTest, type CloudRegistryUnderTest } from "./support/registry.harness.js";
import { sha256Of } from "./support/upload-fixtures.js";

/*
 * importHuggingFaceOnnxModel in cloud mode, through GraphQL over HTTP, against real PostgreSQL and NATS and the
 * HF Hub fake on loopback (HUB_ALLOW_PRIVATE_NETWORKS=true) serving repos whose onnx/model.onnx are tiny graphs
 * built with @prelabel/onnx-writer: the file is downloaded through the guarded client, checked with
 * onnxruntime like an upload, stored by sha256, and described to workers as an onnx-detector.
 */

const MAX_BYTES = 64 * 1024;

/** An ultralytics YOLOv8 export's signature: images [1, 3, side, side], output0 [1, 4 + classes, 10]. */
function yoloV8(classes: number, side = 64): Buffer {
  const g = new GraphBuilder("yolo");
  g.addInput("images", DataType.FLOAT, [1, 3, side, side]);
  const value = g.addFloat32("detections", [1, 4 + classes, 10], new Array((4 + classes) * 10).fill(0));
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 4 + classes, 10]);
  return Buffer.from(encodeOnnxModel(g.toModel()));
}

/** A transformers.js DETR export's signature: pixel_values of any size, logits [1, 5, logitClasses], pred_boxes [1, 5, 4]. */
function detr(logitClasses: number): Buffer {
  const g = new GraphBuilder("detr");
  g.addInput("pixel_values", DataType.FLOAT, ["batch_size", 3, "height", "width"]);
  const logits = g.addFloat32("l", [1, 5, logitClasses], new Array(5 * logitClasses).fill(0));
  const boxes = g.addFloat32("b", [1, 5, 4], new Array(20).fill(0.5));
  g.addOutput(g.addOp("Identity", [logits], undefined, { output: "logits" }), DataType.FLOAT, [1, 5, logitClasses]);
  g.addOutput(g.addOp("Identity", [boxes], undefined, { output: "pred_boxes" }), DataType.FLOAT, [1, 5, 4]);
  return Buffer.from(encodeOnnxModel(g.toModel()));
}

const yoloRepo = (id: string, sha: string, file: Buffer, extra: Partial<HfRepoFixture> = {}): HfRepoFixture => ({
  id,
  sha: sha.repeat(40).slice(0, 40),
  pipelineTag: "object-detection",
  libraryName: "ultralytics",
  tags: ["ultralytics", "yolov8", "onnx"],
  config: { id2label: { "0": "cat", "1": "dog" } },
  files: { "onnx/model.onnx": file },
  lfsFiles: ["onnx/model.onnx"],
  hfInference: false,
  ...extra,
});

const repos = {
  pets: "acme/yolov8-pets-onnx",
  mismatch: "acme/yolov8-three-classes-onnx",
  huge: "acme/yolov8-huge-onnx",
  detr: "acme/detr-tiny-onnx",
  external: "acme/yolov8-external-data-onnx",
} as const;
const IMPORT_TOKEN = "hf_fakeImportToken00000000009";
const PETS_BYTES = yoloV8(2);
const DETR_BYTES = detr(4);

const MODEL_FIELDS = /* GraphQL */ `
  id name description source kind defaultThreshold deletable
  inputSize { width height }
  labels { name type }
  artifacts { name sha256 sizeBytes }
  onnxDetector { outputLayout inputWidth inputHeight resize mean std classNames detrNoObjectClass nmsIou inputName outputNames }
  hub { provider modelRef task endpointUrl credentialHint revision importedFile }`;
const IMPORT = `mutation($input: ImportHuggingFaceOnnxModelInput!) { importHuggingFaceOnnxModel(input: $input) { ${MODEL_FIELDS} } }`;
const ADD_HF = `mutation($input: AddHuggingFaceModelInput!) { addHuggingFaceModel(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $token: String!) { updateHubCredential(id: $id, token: $token) { id } }`;
const DELETE = `mutation($id: ID!) { deleteModel(id: $id) }`;

describe("importHuggingFaceOnnxModel (cloud mode) against real PostgreSQL, NATS and the hub fakes", () => {
  let registry: CloudRegistryUnderTest;
  let fakes: HubFakes;
  let app: ModelRegistryApp;
  let client: GraphQLTestClient;
  let store: ObjectStore;
  let spoolDir: string;

  const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
  const hfRows = async (): Promise<number> =>
    (
      await app.dataSource.query(`SELECT count(*)::int AS n FROM model_registry.model WHERE source = 'HUGGING_FACE' AND deleted_at IS NULL`)
    )[0].n;
  const storedObjects = () => registry.liveObjects();

  before(async () => {
    registry = await startCloudRegistryUnderTest(SecretBox.generateKey("k1"), { maxUploadBytes: MAX_BYTES });
    ({ fakes, app, client, store, spoolDir } = registry);
    fakes.hfHub
      .seedRepo(yoloRepo(repos.pets, "c7", PETS_BYTES, { private: true }))
      .seedRepo(yoloRepo(repos.mismatch, "d8", yoloV8(2), { config: { id2label: { "0": "cat", "1": "dog", "2": "bird" } } }))
      .seedRepo(yoloRepo(repos.huge, "e9", randomBytes(MAX_BYTES + 1)))
      .seedRepo(yoloRepo(repos.external, "ab", externalDataModel("weights.bin")))
      .seedRepo({
        id: repos.detr,
        sha: "fa".repeat(20),
        pipelineTag: "object-detection",
        libraryName: "transformers.js",
        tags: ["transformers.js", "onnx"],
        config: { model_type: "detr", id2label: { "0": "N/A", "1": "person", "2": "bicycle" } },
        files: { "onnx/model.onnx": DETR_BYTES },
        hfInference: false,
      })
      .grantToken(IMPORT_TOKEN, [repos.pets]);
  });

  after(() => registry?.close());

  it("imports a private YOLOv8 export: spec from the repo and the file, bytes by sha256, an onnx-detector for workers, no token kept", async () => {
    fakes.reset();
    const res = await client.request(IMPORT, { input: { url: `https://huggingface.co/${repos.pets}`, token: IMPORT_TOKEN } });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const m = res.data!.importHuggingFaceOnnxModel;
    assert.match(m.id, /^acme-yolov8-pets-onnx-[0-9a-f]{6}$/);
    const revision = "c7".repeat(20);
    assert.deepEqual(
      { ...m, id: undefined },
      {
        id: undefined,
        name: repos.pets,
        description: `Hugging Face object-detection model ${repos.pets} (onnx/model.onnx at ${revision}), run on our workers`,
        source: "HUGGING_FACE",
        kind: "DETECTOR",
        defaultThreshold: 0.25,
        deletable: true,
        inputSize: { width: 64, height: 64 },
        labels: [
          { name: "cat", type: "RECTANGLE" },
          { name: "dog", type: "RECTANGLE" },
        ],
        artifacts: [{ name: "model", sha256: sha256Of(PETS_BYTES), sizeBytes: PETS_BYTES.byteLength }],
        onnxDetector: {
          outputLayout: "YOLO_V8",
          inputWidth: 64,
          inputHeight: 64,
          resize: "LETTERBOX",
          mean: [0, 0, 0],
          std: [255, 255, 255],
          classNames: ["cat", "dog"],
          detrNoObjectClass: true,
          nmsIou: 0.45,
          inputName: "images",
          outputNames: ["output0"],
        },
        hub: {
          provider: "HUGGING_FACE",
          modelRef: repos.pets,
          task: "object-detection",
          endpointUrl: null,
          credentialHint: null,
          revision,
          importedFile: "onnx/model.onnx",
        },
      },
    );

    // Downloaded at the validated commit, with the token, through the Hub's LFS redirect.
    const downloads = fakes.hfHub.requests.filter((r) => r.route === "resolve" && r.path.endsWith("/onnx/model.onnx"));
    assert.deepEqual(
      downloads.map((r) => [r.path, r.headers.authorization]),
      [[`/${repos.pets}/resolve/${revision}/onnx/model.onnx`, `Bearer ${IMPORT_TOKEN}`]],
    );
    assert.equal(fakes.hfHub.requestsTo("lfs").length, 1);

    assert.deepEqual(new Uint8Array((await store.getBlob(sha256Of(PETS_BYTES)))!), new Uint8Array(PETS_BYTES));
    assert.deepEqual(readdirSync(spoolDir), [], "the spooled download is removed");
    const row = JSON.stringify((await app.dataSource.query(`SELECT * FROM model_registry.model WHERE id = $1`, [m.id]))[0]);
    assert.ok(!row.includes(IMPORT_TOKEN), "the token only fetched the file");
    assert.match(row, /"credential":null/);
    assert.match(row, /"runtime":"onnx-detector"/);

    // Workers see an onnx-detector like an upload: no hub call, nothing to unseal.
    const reply = await app.messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId: m.id }));
    const d = reply.model!;
    assert.equal(d.runtime, "onnx-detector");
    assert.equal(d.hub, undefined);
    assert.equal(d.onnxDetector?.outputLayout, OnnxOutputLayout.YOLO_V8);
    assert.deepEqual([d.onnxDetector?.inputWidth, d.onnxDetector?.inputHeight, d.onnxDetector?.classNames], [64, 64, ["cat", "dog"]]);
    assert.deepEqual(
      d.artifacts.map((a) => [a.name, a.sha256, Number(a.sizeBytes)]),
      [["model", sha256Of(PETS_BYTES), PETS_BYTES.byteLength]],
    );

    // No credential to replace; deleting takes the bytes with the last model.
    assert.equal(codeOf(await client.request(UPDATE, { id: m.id, token: "hf_another_token_0000" })), "BAD_USER_INPUT");
    await client.must(DELETE, { id: m.id });
    assert.deepEqual(await storedObjects(), []);
  });

  it("imports a DETR export with the size given: DETR layout, ImageNet normalisation, N/A ids ignored, no-object class read from the logits", async () => {
    const withoutSize = await client.request(IMPORT, { input: { repoId: repos.detr } });
    assert.equal(codeOf(withoutSize), "BAD_USER_INPUT", JSON.stringify(withoutSize.errors));
    assert.match(withoutSize.errors![0].message, /give inputWidth and inputHeight/);
    assert.match(withoutSize.errors![0].message, /preprocessor_config\.json is not read/);

    const res = await client.request(IMPORT, { input: { repoId: repos.detr, inputWidth: 96, inputHeight: 80, name: "Tiny DETR" } });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const m = res.data!.importHuggingFaceOnnxModel;
    assert.deepEqual([m.name, m.defaultThreshold, m.inputSize], ["Tiny DETR", 0.5, { width: 96, height: 80 }]);
    assert.deepEqual(
      m.labels.map((l: { name: string }) => l.name),
      ["person", "bicycle"],
    );
    assert.deepEqual(
      { ...m.onnxDetector },
      {
        outputLayout: "DETR",
        inputWidth: 96,
        inputHeight: 80,
        resize: "LETTERBOX",
        mean: [123.675, 116.28, 103.53],
        std: [58.395, 57.12, 57.375],
        classNames: ["", "person", "bicycle"],
        detrNoObjectClass: true,
        nmsIou: 0.45,
        inputName: "pixel_values",
        outputNames: ["logits", "pred_boxes"],
      },
    );
    await client.must(DELETE, { id: m.id });
  });

  it("a file that does not fit the layout is INVALID_MODEL naming the mismatch, and nothing is kept", async () => {
    const res = await client.request(IMPORT, { input: { repoId: repos.mismatch } });
    assert.equal(codeOf(res), "INVALID_MODEL", JSON.stringify(res.errors));
    assert.match(
      res.errors![0].message,
      /YOLO_V8 detections output "output0" has shape \[1, 6, 10\], expected \[1, 7, anchors\] \(cx, cy, w, h \+ 3 classNames\)/,
    );
    assert.equal((res.errors![0].extensions as any).details.problems.length, 1);
    const asV5 = await client.request(IMPORT, { input: { repoId: repos.mismatch, layout: "YOLO_V5" } });
    assert.equal(codeOf(asV5), "INVALID_MODEL", "the layout override is checked too");
    assert.equal(await hfRows(), 0);
    assert.deepEqual(await storedObjects(), []);
    assert.deepEqual(readdirSync(spoolDir), []);
  });

  it("a file onnxruntime refuses is INVALID_MODEL naming no server path (message and extensions)", async () => {
    const res = await client.request(IMPORT, { input: { repoId: repos.external } });
    assert.equal(codeOf(res), "INVALID_MODEL", JSON.stringify(res.errors));
    assert.match(res.errors![0].message, /External data path does not exist: "weights\.bin"/);
    const seen = JSON.stringify({ message: res.errors![0].message, extensions: res.errors![0].extensions });
    assert.doesNotMatch(seen, /(^|[\s"'(=[,])\/|\/tmp|\.cc:\d+/, seen);
    assert.ok(!seen.includes(spoolDir), seen);
    assert.equal(await hfRows(), 0);
    assert.deepEqual(readdirSync(spoolDir), []);
  });

  it("a repo without an export we run is HUB_NOT_DEPLOYABLE; addHuggingFaceModel on an export-only repo points to the import", async () => {
    fakes.reset();
    const served = await client.request(IMPORT, { input: { repoId: hfFixtureIds.detector } });
    assert.equal(codeOf(served), "HUB_NOT_DEPLOYABLE", JSON.stringify(served.errors));
    assert.match(served.errors![0].message, /has no ONNX export we can run/);
    assert.equal((served.errors![0].extensions as any).details.hubCode, "HUB_NOT_DEPLOYABLE");
    assert.equal(fakes.hfHub.requests.filter((r) => r.path.endsWith(".onnx")).length, 0, "nothing downloaded");

    const hosted = await client.request(ADD_HF, { input: { repoId: hfFixtureIds.onnxYolo } });
    assert.equal(codeOf(hosted), "HUB_NOT_DEPLOYABLE", JSON.stringify(hosted.errors));
    assert.match(hosted.errors![0].message, /importHuggingFaceOnnxModel runs it on our workers/);
    assert.equal(await hfRows(), 0);
  });

  it("an export over MODEL_UPLOAD_MAX_BYTES is PAYLOAD_TOO_LARGE; hub errors keep their codes without the token", async () => {
    const huge = await client.request(IMPORT, { input: { repoId: repos.huge } });
    assert.equal(codeOf(huge), "PAYLOAD_TOO_LARGE", JSON.stringify(huge.errors));
    assert.match(huge.errors![0].message, new RegExp(`exceeds the ${MAX_BYTES} byte limit \\(MODEL_UPLOAD_MAX_BYTES\\)`));

    const cases: [Record<string, unknown>, string][] = [
      [{ repoId: repos.pets }, "HUB_MODEL_NOT_FOUND"],
      [{ repoId: repos.pets, token: fakeCredentials.hfTokenUnknown }, "HUB_UNAUTHORIZED"],
      [{ repoId: hfFixtureIds.classifier }, "HUB_UNSUPPORTED_TASK"],
      [{ repoId: repos.pets, url: `https://huggingface.co/${repos.pets}` }, "BAD_USER_INPUT"],
      [{ repoId: repos.pets, token: IMPORT_TOKEN, inputWidth: 64 }, "BAD_USER_INPUT"],
    ];
    for (const [input, code] of cases) {
      const res = await client.request(IMPORT, { input });
      assert.equal(codeOf(res), code, `${JSON.stringify(input)} → ${JSON.stringify(res.errors)}`);
      assert.ok(!JSON.stringify(res).includes(fakeCredentials.hfTokenUnknown));
    }
    assert.equal(await hfRows(), 0);
    assert.deepEqual(await storedObjects(), []);
    assert.deepEqual(readdirSync(spoolDir), []);
  });
});
