import "reflect-metadata";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { fakeCredentials, hfFixtureIds, type HubFakes } from "@prelabel/hub-fakes";
import { create, DescribeModelRequestSchema, Endpoints, HubProvider } from "@prelabel/proto";
import { SecretBox } from "@prelabel/secret-box";
import type { GraphQLTestClient } from "@prelabel/testing";
import { graphql } from "graphql";
import type { ModelRegistryApp } from "../src/app.js";
import { HuggingFaceOnnxImportService } from "../src/application/hf-onnx-import.service.js";
import { HubModelService } from "../src/application/hub-model.service.js";
import { TypeormModelRepository } from "../src/persistence/typeorm-model.repository.js";
import { buildModelRegistrySchema } from "../src/subgraph.js";
import { SELF_HOSTED_CALLER } from "./support/callers.js";
import { startCloudRegistryUnderTest, type CloudRegistryUnderTest } from "./support/registry.harness.js";

/*
 * Hugging Face and Roboflow models in cloud mode, through GraphQL over HTTP, against real PostgreSQL and NATS
 * and the hub fakes on loopback (HUB_ALLOW_PRIVATE_NETWORKS=true): validation, error codes, sealed storage,
 * describe-model, and resealing after a key rotation.
 */

const MODEL_FIELDS =
  "id name source kind defaultThreshold returnsMasks deletable license measuredMsPerFrame labels { name type } hub { provider modelRef task endpointUrl credentialHint }";
const ADD_HF = `mutation($input: AddHuggingFaceModelInput!) { addHuggingFaceModel(input: $input) { ${MODEL_FIELDS} } }`;
const ADD_RF = `mutation($input: AddRoboflowModelInput!) { addRoboflowModel(input: $input) { ${MODEL_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $token: String!) { updateHubCredential(id: $id, token: $token) { id hub { credentialHint } } }`;
const DELETE = `mutation($id: ID!) { deleteModel(id: $id) }`;
const SOURCES = `{ modelSources deploymentMode }`;
const IMPORT_ONNX = `mutation($input: ImportHuggingFaceOnnxModelInput!) { importHuggingFaceOnnxModel(input: $input) { id } }`;

const execFileAsync = promisify(execFile);

describe("hub models (cloud mode) against real PostgreSQL, NATS and the hub fakes", () => {
  let registry: CloudRegistryUnderTest;
  let fakes: HubFakes;
  let app: ModelRegistryApp;
  let client: GraphQLTestClient;
  const k1 = SecretBox.generateKey("k1");

  const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
  const rawRow = async (id: string): Promise<string> =>
    JSON.stringify((await app.dataSource.query(`SELECT * FROM model_registry.model WHERE id = $1`, [id]))[0]);

  before(async () => {
    registry = await startCloudRegistryUnderTest(k1);
    ({ fakes, app, client } = registry);
  });

  after(() => registry?.close());

  it("tells clients the model sources of cloud mode", async () => {
    assert.deepEqual(await client.must(SOURCES), {
      modelSources: ["CATALOG", "UPLOAD", "NUCLIO", "HUGGING_FACE", "ROBOFLOW"],
      deploymentMode: "CLOUD",
    });
  });

  it("adds an HF detector with labels from id2label; the row holds no plaintext token; describe-model carries it sealed", async () => {
    const token = fakeCredentials.hfToken;
    const res = await client.request(ADD_HF, { input: { url: `https://huggingface.co/${hfFixtureIds.detector}`, token } });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const m = res.data!.addHuggingFaceModel;
    assert.match(m.id, /^facebook-detr-resnet-50-[0-9a-f]{6}$/);
    assert.deepEqual([m.source, m.kind, m.defaultThreshold, m.returnsMasks, m.deletable], ["HUGGING_FACE", "DETECTOR", 0.5, false, true]);
    assert.deepEqual([m.license, m.measuredMsPerFrame], [null, null], "a hosted model's licence and speed are the hub's business");
    // DETR's "N/A" padding is dropped.
    assert.deepEqual(m.labels, [
      { name: "person", type: "RECTANGLE" },
      { name: "bicycle", type: "RECTANGLE" },
      { name: "car", type: "RECTANGLE" },
    ]);
    assert.deepEqual(m.hub, {
      provider: "HUGGING_FACE",
      modelRef: hfFixtureIds.detector,
      task: "object-detection",
      endpointUrl: null,
      credentialHint: `…${token.slice(-4)}`,
    });

    const row = await rawRow(m.id);
    assert.ok(!row.includes(token), "no plaintext token in the row");
    assert.ok(!row.includes(Buffer.from(token).toString("base64")), "not even base64-encoded");
    assert.match(row, /"tenant_id":"default"/);

    const reply = await app.messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId: m.id }));
    const d = reply.model!;
    assert.equal(d.runtime, "hub");
    assert.equal(d.hub?.provider, HubProvider.HUGGING_FACE);
    assert.equal(d.hub?.modelRef, hfFixtureIds.detector);
    assert.equal(d.hub?.task, "object-detection");
    assert.equal(d.hub?.tenantId, "default");
    const sealed = d.hub.credential!;
    assert.equal(sealed.keyId, "k1");
    assert.ok(!Buffer.from(sealed.ciphertext).includes(Buffer.from(token)), "the key never crosses NATS in clear");
    assert.equal(SecretBox.fromConfig(k1).open(sealed, `default/${m.id}`), token);
  });

  it("gated repo: HUB_FORBIDDEN without a granted token, saved with one", async () => {
    const without = await client.request(ADD_HF, { input: { repoId: hfFixtureIds.gated } });
    assert.equal(codeOf(without), "HUB_FORBIDDEN", JSON.stringify(without.errors));
    const granted = await client.request(ADD_HF, { input: { repoId: hfFixtureIds.gated, token: fakeCredentials.hfTokenGranted } });
    assert.equal(granted.errors, undefined, JSON.stringify(granted.errors));
    assert.deepEqual(
      granted.data!.addHuggingFaceModel.labels.map((l: { name: string }) => l.name),
      ["helmet", "vest"],
    );
  });

  it("clear codes: unknown repo, unsupported task, bad token, both url and repoId; messages never carry the token", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ repoId: "acme/does-not-exist" }, "HUB_MODEL_NOT_FOUND"],
      [{ repoId: hfFixtureIds.unsupported }, "HUB_UNSUPPORTED_TASK"],
      [{ repoId: hfFixtureIds.detector, task: "IMAGE_CLASSIFICATION" }, "HUB_UNSUPPORTED_TASK"],
      [{ repoId: hfFixtureIds.detector, token: fakeCredentials.hfTokenUnknown }, "HUB_UNAUTHORIZED"],
      [{ repoId: hfFixtureIds.detector, url: "https://huggingface.co/x/y" }, "BAD_USER_INPUT"],
      [{ url: "https://example.com/x/y" }, "BAD_USER_INPUT"],
    ];
    for (const [input, code] of cases) {
      const res = await client.request(ADD_HF, { input });
      assert.equal(codeOf(res), code, `${JSON.stringify(input)} → ${JSON.stringify(res.errors)}`);
      assert.ok(!JSON.stringify(res).includes(fakeCredentials.hfTokenUnknown));
    }
  });

  it("zero-shot detectors save without labels; classifiers as CLASSIFIER with TAG labels", async () => {
    const zero = await client.must(ADD_HF, { input: { repoId: hfFixtureIds.zeroShot, defaultThreshold: 0.2 } });
    assert.deepEqual(
      [zero.addHuggingFaceModel.labels, zero.addHuggingFaceModel.hub.task, zero.addHuggingFaceModel.hub.credentialHint],
      [[], "zero-shot-object-detection", null],
    );
    const cls = await client.must(ADD_HF, { input: { repoId: hfFixtureIds.classifier, name: "ImageNet cats" } });
    assert.equal(cls.addHuggingFaceModel.kind, "CLASSIFIER");
    assert.equal(cls.addHuggingFaceModel.name, "ImageNet cats");
    assert.ok(cls.addHuggingFaceModel.labels.every((l: { type: string }) => l.type === "TAG"));
  });

  it("adds Roboflow models from app and universe URLs; a bad key is HUB_UNAUTHORIZED without the key", async () => {
    const app1 = await client.request(ADD_RF, {
      input: { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKey },
    });
    assert.equal(app1.errors, undefined, JSON.stringify(app1.errors));
    const m = app1.data!.addRoboflowModel;
    assert.deepEqual(
      [m.source, m.kind, m.name, m.hub.modelRef, m.hub.credentialHint],
      ["ROBOFLOW", "DETECTOR", "Hard Hats v3", "acme/hard-hats/3", `…${fakeCredentials.roboflowKey.slice(-4)}`],
    );
    assert.deepEqual(
      m.labels.map((l: { name: string }) => l.name),
      ["head", "helmet", "person"],
    );
    assert.ok(!(await rawRow(m.id)).includes(fakeCredentials.roboflowKey));

    const universe = await client.request(ADD_RF, {
      input: { url: "https://universe.roboflow.com/universe-ws/public-cars/model/5", apiKey: fakeCredentials.roboflowKey },
    });
    assert.equal(universe.errors, undefined, JSON.stringify(universe.errors));
    assert.equal(universe.data!.addRoboflowModel.hub.modelRef, "universe-ws/public-cars/5");

    const bad = await client.request(ADD_RF, {
      input: { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKeyUnknown },
    });
    assert.equal(codeOf(bad), "HUB_UNAUTHORIZED", JSON.stringify(bad.errors));
    assert.ok(!JSON.stringify(bad).includes(fakeCredentials.roboflowKeyUnknown), "the fake echoes the key; the API must not");
  });

  it("updateHubCredential replaces the key (hint only), and deleteModel removes a hub model", async () => {
    const { addRoboflowModel: m } = await client.must(ADD_RF, {
      input: { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKey, name: "to delete" },
    });
    const updated = await client.must(UPDATE, { id: m.id, token: "rf_replacement_key_QRST" });
    assert.equal(updated.updateHubCredential.hub.credentialHint, "…QRST");
    assert.ok(!(await rawRow(m.id)).includes("rf_replacement_key_QRST"));
    assert.deepEqual(await client.must(DELETE, { id: m.id }), { deleteModel: true });
    // The tombstone left for job history holds neither the sealed key nor its hint.
    const tombstone = JSON.parse(await rawRow(m.id));
    assert.equal(tombstone.credential, null);
    assert.ok(tombstone.deleted_at);
    assert.ok(!JSON.stringify(tombstone).includes("QRST"));
    assert.equal((await client.must(`query($id: ID!) { model(id: $id) { id } }`, { id: m.id })).model, null);
  });

  it("self-hosted mode: the hub operations (ONNX import included) answer CLOUD_ONLY and only CATALOG, UPLOAD and NUCLIO are offered", async () => {
    const hubModels = new HubModelService({
      mode: "self-hosted",
      repository: new TypeormModelRepository(app.dataSource),
      newIdSuffix: () => "000000",
    });
    const onnxImports = new HuggingFaceOnnxImportService({ mode: "self-hosted", uploads: app.uploads, maxBytes: 1 });
    const schema = await buildModelRegistrySchema({
      registry: app.registry,
      uploads: app.uploads,
      hubModels,
      onnxImports,
      nuclioFunctions: app.nuclioFunctions,
      nuclioSync: null,
      maxUploadBytes: 1,
    });
    const run = (source: string, variableValues?: Record<string, unknown>) =>
      graphql({ schema, source, variableValues, contextValue: SELF_HOSTED_CALLER });
    assert.deepEqual({ ...(await run(SOURCES)).data }, { modelSources: ["CATALOG", "UPLOAD", "NUCLIO"], deploymentMode: "SELF_HOSTED" });
    const calls = fakes.hfHub.requests.length;
    for (const [source, vars] of [
      [ADD_HF, { input: { repoId: hfFixtureIds.detector } }],
      [ADD_RF, { input: { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKey } }],
      [UPDATE, { id: "any", token: "x12345" }],
      [IMPORT_ONNX, { input: { repoId: hfFixtureIds.onnxYolo } }],
    ] as const) {
      const res = await run(source, vars);
      assert.equal((res.errors?.[0]?.originalError as { code?: string } | undefined)?.code, "CLOUD_ONLY", JSON.stringify(res.errors));
    }
    assert.equal(fakes.hfHub.requests.length, calls, "no hub was contacted");
  });

  it("reseal CLI: after a rotation every credential moves to the new key and still opens", async () => {
    const k2 = SecretBox.generateKey("k2");
    const cli = join(__dirname, "../src/cli/reseal-secrets.cli.js");
    const env = { ...process.env, DATABASE_URL: registry.db.url, PRELABEL_SECRET_KEYS: `${k2},${k1}` };
    const before: { id: string; tenant_id: string }[] = await app.dataSource.query(
      `SELECT id, tenant_id FROM model_registry.model WHERE credential IS NOT NULL`,
    );
    assert.ok(before.length >= 3);
    const first = JSON.parse((await execFileAsync(process.execPath, [cli], { env })).stdout);
    assert.deepEqual(first, { credentials: before.length, resealed: before.length, current: 0, activeKeyId: "k2" });
    const second = JSON.parse((await execFileAsync(process.execPath, [cli], { env })).stdout);
    assert.deepEqual(second, { credentials: before.length, resealed: 0, current: before.length, activeKeyId: "k2" });
    // Only the new key is needed from now on.
    const onlyK2 = SecretBox.fromConfig(k2);
    for (const { id, tenant_id } of before) {
      const reply = await app.messaging.request(
        Endpoints.describeModel,
        create(DescribeModelRequestSchema, { modelId: id, tenantId: tenant_id }),
      );
      const sealed = reply.model!.hub!.credential!;
      assert.equal(sealed.keyId, "k2");
      assert.ok(onlyK2.open(sealed, `${tenant_id}/${id}`).length > 4);
    }
    // A ring that cannot open them changes nothing and says which rows.
    await assert.rejects(
      execFileAsync(process.execPath, [cli], { env: { ...env, PRELABEL_SECRET_KEYS: SecretBox.generateKey("k3") } }),
      /nothing changed/,
    );
  });
});
