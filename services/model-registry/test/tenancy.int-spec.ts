import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fakeCredentials } from "@prelabel/hub-fakes";
import { create, DescribeModelRequestSchema, Endpoints } from "@prelabel/proto";
import { SecretBox } from "@prelabel/secret-box";
import type { ModelRegistryApp } from "../src/app.js";
import { loadCatalog } from "../src/persistence/catalog/catalog.js";
import { callerGraphQL } from "./support/caller-graphql.js";
import { callerOf } from "./support/callers.js";
import { startCloudRegistryUnderTest, type CloudRegistryUnderTest } from "./support/registry.harness.js";
import { appErrorCodeOf, sha256Of, tinyYoloV8Onnx } from "./support/upload-fixtures.js";

/*
 * The registry's GraphQL API scoped to the caller's tenant (cloud mode, real PostgreSQL, NATS and the hub fakes):
 * two tenants execute the schema with the identities the subgraph server would put in the context. Catalog models
 * are everyone's and read-only; another tenant's model is as absent as an unknown id (NOT_FOUND, never FORBIDDEN);
 * uploaded bytes are shared by digest across tenants.
 */

const ADD_RF = `mutation($input: AddRoboflowModelInput!) { addRoboflowModel(input: $input) { id hub { credentialHint } } }`;
const UPDATE = `mutation($id: ID!, $token: String!) { updateHubCredential(id: $id, token: $token) { id hub { credentialHint } } }`;
const DELETE = `mutation($id: ID!) { deleteModel(id: $id) }`;
const MODEL = `query($id: ID!) { model(id: $id) { id } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { id } } }`;

describe("tenant-scoped model registry GraphQL (two tenants)", () => {
  let registry: CloudRegistryUnderTest;
  let app: ModelRegistryApp;
  const k1 = SecretBox.generateKey("k1");
  const A = callerOf("tenant-a");
  const B = callerOf("tenant-b");
  const sha = sha256Of(tinyYoloV8Onnx());
  const catalogIds = loadCatalog()
    .map((m) => m.id)
    .sort();
  let aUpload: string;
  let aHub: string;

  const { execRaw, must, modelIds, uploadTinyYolo } = callerGraphQL(() => app.schema);
  const tenantOfRow = async (id: string): Promise<string | undefined> =>
    (await app.dataSource.query(`SELECT tenant_id FROM model_registry.model WHERE id = $1`, [id]))[0]?.tenant_id;
  const stored = () => registry.hasObject(sha);

  before(async () => {
    registry = await startCloudRegistryUnderTest(k1, {
      maxUploadBytes: 64 * 1024,
      // The operator lets tenants register loopback functions (the cloud policy refuses private addresses otherwise).
      nuclio: { discovery: null, syncIntervalMs: 0, allowedHosts: ["127.0.0.1"], maxFunctionsPerTenant: 10 },
    });
    app = registry.app;

    aUpload = await uploadTinyYolo(A, "A's pets");
    aHub = (await must(A, ADD_RF, { input: { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKey } }))
      .addRoboflowModel.id;
  });

  after(() => registry?.close());

  it("stores A's models under A's tenant and seals A's key for A", async () => {
    assert.equal(await tenantOfRow(aUpload), "tenant-a");
    assert.equal(await tenantOfRow(aHub), "tenant-a");
    // describe-model answers for the request's tenant: A's model for A; NOT_FOUND for B and the default tenant.
    const reply = await app.messaging.request(
      Endpoints.describeModel,
      create(DescribeModelRequestSchema, { modelId: aHub, tenantId: "tenant-a" }),
    );
    assert.equal(reply.model?.hub?.tenantId, "tenant-a");
    const box = SecretBox.fromConfig(k1);
    assert.equal(box.open(reply.model.hub.credential!, `tenant-a/${aHub}`), fakeCredentials.roboflowKey);
    assert.throws(() => box.open(reply.model!.hub!.credential!, `default/${aHub}`));
    for (const other of [{ tenantId: "tenant-b" }, { tenantId: "" }, {}]) {
      for (const modelId of [aHub, aUpload]) {
        await assert.rejects(
          app.messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId, ...other })),
          (err: unknown) => (err as { code?: string }).code === "NOT_FOUND",
          JSON.stringify(other),
        );
      }
    }
    // The catalog is every tenant's.
    const catalog = await app.messaging.request(
      Endpoints.describeModel,
      create(DescribeModelRequestSchema, { modelId: catalogIds[0], tenantId: "tenant-b" }),
    );
    assert.equal(catalog.model?.id, catalogIds[0]);
  });

  it("models: A sees the catalog and its own; B and the default tenant see only the catalog", async () => {
    assert.deepEqual(await modelIds(A), [...catalogIds, aUpload, aHub].sort());
    assert.deepEqual(await modelIds(A, "(source: UPLOAD)"), [aUpload]);
    assert.deepEqual(await modelIds(A, "(source: ROBOFLOW)"), [aHub]);
    assert.deepEqual(await modelIds(B), catalogIds);
    assert.deepEqual(await modelIds(B, "(source: UPLOAD)"), []);
    assert.deepEqual(
      await modelIds(B, "(kind: DETECTOR)"),
      loadCatalog()
        .filter((m) => m.kind === "DETECTOR")
        .map((m) => m.id)
        .sort(),
    );
    assert.deepEqual(await modelIds(callerOf("default")), catalogIds);
    assert.deepEqual(await modelIds(B, "(source: CATALOG)"), catalogIds);
  });

  it("model(id) and _entities: null for another tenant's model, found for the owner and for catalog models", async () => {
    for (const id of [aUpload, aHub]) {
      assert.deepEqual((await must(B, MODEL, { id })).model, null);
      assert.deepEqual((await must(A, MODEL, { id })).model, { id });
    }
    assert.deepEqual((await must(B, MODEL, { id: "text-detection" })).model, { id: "text-detection" });
    const representations = [aUpload, aHub, "text-detection"].map((id) => ({ __typename: "Model", id }));
    assert.deepEqual((await must(B, ENTITIES, { r: representations }))._entities, [null, null, { id: "text-detection" }]);
    assert.deepEqual((await must(A, ENTITIES, { r: representations }))._entities, [
      { id: aUpload },
      { id: aHub },
      { id: "text-detection" },
    ]);
  });

  it("deleteModel / updateHubCredential on A's ids as B: NOT_FOUND (as an unknown id), nothing changed", async () => {
    for (const id of [aUpload, aHub, "no-such-model"]) {
      assert.equal(appErrorCodeOf(await execRaw(B, DELETE, { id })), "NOT_FOUND", id);
    }
    for (const id of [aHub, "no-such-model"]) {
      assert.equal(appErrorCodeOf(await execRaw(B, UPDATE, { id, token: "rf_stolen_key_WXYZ" })), "NOT_FOUND", id);
    }
    assert.equal(await tenantOfRow(aUpload), "tenant-a");
    assert.deepEqual((await must(A, MODEL, { id: aHub })).model, { id: aHub });
    const hint = (await must(A, `query($id: ID!) { model(id: $id) { hub { credentialHint } } }`, { id: aHub })).model.hub.credentialHint;
    assert.equal(hint, `…${fakeCredentials.roboflowKey.slice(-4)}`, "B's update did not land");
    assert.equal(await stored(), true);
  });

  it("catalog models keep their errors for every tenant: MODEL_NOT_DELETABLE, and BAD_USER_INPUT (not a hub model)", async () => {
    for (const caller of [A, B]) {
      assert.equal(appErrorCodeOf(await execRaw(caller, DELETE, { id: "text-detection" })), "MODEL_NOT_DELETABLE");
      const update = await execRaw(caller, UPDATE, { id: "text-detection", token: "x12345" });
      assert.equal(appErrorCodeOf(update), "BAD_USER_INPUT", JSON.stringify(update.errors));
    }
    assert.deepEqual(await modelIds(B), catalogIds);
  });

  it("the owner updates and deletes its hub model", async () => {
    const { addRoboflowModel: m } = await must(A, ADD_RF, {
      input: { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKey, name: "A's second" },
    });
    assert.equal((await must(A, UPDATE, { id: m.id, token: "rf_replacement_key_QRST" })).updateHubCredential.hub.credentialHint, "…QRST");
    assert.deepEqual(await must(A, DELETE, { id: m.id }), { deleteModel: true });
    assert.deepEqual((await must(A, MODEL, { id: m.id })).model, null);
    // A tombstone for A's job history (model-deletion.int-spec.ts), still A's and without the credential.
    const [tombstone] = await app.dataSource.query(`SELECT tenant_id, credential, deleted_at FROM model_registry.model WHERE id = $1`, [
      m.id,
    ]);
    assert.deepEqual([tombstone?.tenant_id, tombstone?.credential, tombstone?.deleted_at instanceof Date], ["tenant-a", null, true]);
  });

  it("identical bytes uploaded by A and B are stored once and survive A's delete", async () => {
    const bUpload = await uploadTinyYolo(B, "B's pets");
    assert.equal(await tenantOfRow(bUpload), "tenant-b");
    assert.deepEqual(await modelIds(B, "(source: UPLOAD)"), [bUpload]);
    assert.deepEqual(await modelIds(A, "(source: UPLOAD)"), [aUpload]);
    assert.deepEqual(await registry.liveObjects(), [sha], "one object for both tenants");

    assert.deepEqual(await must(A, DELETE, { id: aUpload }), { deleteModel: true });
    assert.equal(await stored(), true, "B's model still uses the bytes");
    assert.equal(await tenantOfRow(bUpload), "tenant-b");
    assert.deepEqual(await must(B, DELETE, { id: bUpload }), { deleteModel: true });
    assert.equal(await stored(), false, "gone with the last model of any tenant");
  });

  it("a Nuclio function A registers by hand is A's alone: B cannot see, describe or delete it", async () => {
    const ADD_NUCLIO = `mutation($input: AddNuclioFunctionInput!) { addNuclioFunction(input: $input) { id source nuclio { discovered } } }`;
    const spec = JSON.stringify([{ id: 0, name: "face", type: "rectangle" }]);
    const added = (await must(A, ADD_NUCLIO, { input: { url: "http://127.0.0.1:9/", spec, name: "A's faces" } })).addNuclioFunction;
    assert.deepEqual([added.source, added.nuclio.discovered], ["NUCLIO", false]);
    assert.equal(await tenantOfRow(added.id), "tenant-a");
    assert.deepEqual(await modelIds(A, "(source: NUCLIO)"), [added.id]);
    assert.deepEqual(await modelIds(B, "(source: NUCLIO)"), []);
    assert.deepEqual((await must(B, MODEL, { id: added.id })).model, null);
    assert.deepEqual((await must(B, ENTITIES, { r: [{ __typename: "Model", id: added.id }] }))._entities, [null]);
    assert.equal(appErrorCodeOf(await execRaw(B, DELETE, { id: added.id })), "NOT_FOUND");
    const mine = await app.messaging.request(
      Endpoints.describeModel,
      create(DescribeModelRequestSchema, { modelId: added.id, tenantId: "tenant-a" }),
    );
    assert.equal(mine.model?.nuclio?.tenantId, "tenant-a");
    for (const tenantId of ["tenant-b", ""]) {
      await assert.rejects(
        app.messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId: added.id, tenantId })),
        (err: unknown) => (err as { code?: string }).code === "NOT_FOUND",
        tenantId,
      );
    }
    // The dashboard status is the operator's: a cloud tenant gets null.
    assert.equal((await must(A, `{ nuclioDashboard { url } }`)).nuclioDashboard, null);
    assert.equal(await must(A, DELETE, { id: added.id }).then((d) => d.deleteModel), true);
    assert.deepEqual(await modelIds(A, "(source: NUCLIO)"), []);
  });
});
