import "reflect-metadata";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ObjectStore } from "@nats-io/obj";
import { fakeCredentials, startHubFakes, type HubFakes } from "@prelabel/hub-fakes";
import { Messaging } from "@prelabel/messaging";
import { Buckets, create, DescribeModelRequestSchema, Endpoints } from "@prelabel/proto";
import { SecretBox } from "@prelabel/secret-box";
import { createLogger, type CallerContext } from "@prelabel/service-kit";
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from "@prelabel/testing";
import { graphql, type ExecutionResult } from "graphql";
import { startModelRegistry, type ModelRegistryApp } from "../src/app.js";
import { loadCatalog } from "../src/persistence/catalog/catalog.js";
import { callerOf } from "./support/callers.js";
import { fakeHubCloudSettings } from "./support/fake-hub-cloud.js";
import { appErrorCodeOf, tinyYoloV8Onnx, uploadOf } from "./support/upload-fixtures.js";

/*
 * The registry's GraphQL API scoped to the caller's tenant (cloud mode, real PostgreSQL, NATS and the hub fakes):
 * two tenants execute the schema with the identities the subgraph server would put in the context. Catalog models
 * are everyone's and read-only; another tenant's model is as absent as an unknown id (NOT_FOUND, never FORBIDDEN);
 * uploaded bytes are shared by digest across tenants.
 */

const UPLOAD = `mutation($file: Upload!, $spec: ModelSpecInput!) { uploadModel(file: $file, spec: $spec) { id artifacts { sha256 } } }`;
const ADD_RF = `mutation($input: AddRoboflowModelInput!) { addRoboflowModel(input: $input) { id hub { credentialHint } } }`;
const UPDATE = `mutation($id: ID!, $token: String!) { updateHubCredential(id: $id, token: $token) { id hub { credentialHint } } }`;
const DELETE = `mutation($id: ID!) { deleteModel(id: $id) }`;
const MODEL = `query($id: ID!) { model(id: $id) { id } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { id } } }`;

describe("tenant-scoped model registry GraphQL (two tenants)", () => {
  let db: TestDatabase;
  let nats: TestNats;
  let fakes: HubFakes;
  let app: ModelRegistryApp;
  let messaging: Messaging;
  let store: ObjectStore;
  let spoolDir: string;
  const k1 = SecretBox.generateKey("k1");
  const logger = createLogger("model-registry-test", "silent");
  const A = callerOf("tenant-a");
  const B = callerOf("tenant-b");
  const bytes = tinyYoloV8Onnx();
  const sha = createHash("sha256").update(bytes).digest("hex");
  const catalogIds = loadCatalog()
    .map((m) => m.id)
    .sort();
  let aUpload: string;
  let aHub: string;

  const exec = async (caller: CallerContext, source: string, variableValues?: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(await graphql({ schema: app.schema, source, variableValues, contextValue: caller }))) as ExecutionResult<
      Record<string, any>
    >;
  /** The raw result, for errors (their originalError does not survive JSON). */
  const execRaw = (caller: CallerContext, source: string, variableValues?: Record<string, unknown>) =>
    graphql({ schema: app.schema, source, variableValues, contextValue: caller });
  const must = async (caller: CallerContext, source: string, variableValues?: Record<string, unknown>) => {
    const res = await exec(caller, source, variableValues);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data!;
  };
  const upload = (caller: CallerContext, name: string) =>
    must(caller, UPLOAD, {
      file: uploadOf(bytes),
      spec: { name, description: "", outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["cat", "dog"] },
    });
  const modelIds = async (caller: CallerContext, args = "") =>
    ((await must(caller, `{ models${args} { id } }`)).models as { id: string }[]).map((m) => m.id).sort();
  const tenantOfRow = async (id: string): Promise<string | undefined> =>
    (await app.dataSource.query(`SELECT tenant_id FROM model_registry.model WHERE id = $1`, [id]))[0]?.tenant_id;
  const stored = async () => {
    const info = await store.info(sha);
    return !!info && !info.deleted;
  };

  before(async () => {
    [db, nats, fakes] = await Promise.all([createTestDatabase(), createTestNats(), startHubFakes()]);
    spoolDir = mkdtempSync(join(tmpdir(), "prelabel-spool-"));
    app = await startModelRegistry({
      database: { url: db.url, poolSize: 3 },
      nats: { url: nats.url, namespace: nats.namespace },
      logger,
      uploads: { maxBytes: 64 * 1024, spoolDir },
      cloud: fakeHubCloudSettings(fakes, k1),
      hubs: { limits: { retry: { maxAttempts: 1 } } },
    });
    messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "tenancy-test" });
    store = await messaging.objectStore(Buckets.models);

    aUpload = (await upload(A, "A's pets")).uploadModel.id;
    aHub = (await must(A, ADD_RF, { input: { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKey } }))
      .addRoboflowModel.id;
  });

  after(async () => {
    await messaging?.close();
    await app?.close();
    await fakes?.close();
    await db?.drop();
    await nats?.cleanup();
    if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
  });

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
    const bUpload = (await upload(B, "B's pets")).uploadModel.id;
    assert.equal(await tenantOfRow(bUpload), "tenant-b");
    assert.deepEqual(await modelIds(B, "(source: UPLOAD)"), [bUpload]);
    assert.deepEqual(await modelIds(A, "(source: UPLOAD)"), [aUpload]);
    assert.deepEqual(
      (await store.list()).filter((o) => !o.deleted).map((o) => o.name),
      [sha],
      "one object for both tenants",
    );

    assert.deepEqual(await must(A, DELETE, { id: aUpload }), { deleteModel: true });
    assert.equal(await stored(), true, "B's model still uses the bytes");
    assert.equal(await tenantOfRow(bUpload), "tenant-b");
    assert.deepEqual(await must(B, DELETE, { id: bUpload }), { deleteModel: true });
    assert.equal(await stored(), false, "gone with the last model of any tenant");
  });
});
