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
 * deleteModel leaves a tombstone (real PostgreSQL, NATS and the hub fakes, cloud mode, two tenants): the model's
 * bytes and credential go as before and every read a user or worker makes treats it as gone, but a reference from
 * another subgraph (a job's `model`) still resolves for the owner, with deletedAt, so job history stays readable.
 */

const UPLOAD = `mutation($file: Upload!, $spec: ModelSpecInput!) { uploadModel(file: $file, spec: $spec) { id artifacts { sha256 } } }`;
const ADD_RF = `mutation($input: AddRoboflowModelInput!) { addRoboflowModel(input: $input) { id hub { credentialHint } } }`;
const UPDATE = `mutation($id: ID!, $token: String!) { updateHubCredential(id: $id, token: $token) { id } }`;
const DELETE = `mutation($id: ID!) { deleteModel(id: $id) }`;
const MODEL = `query($id: ID!) { model(id: $id) { id deletedAt } }`;
const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Model { id name source deletable deletedAt labels { name } artifacts { sha256 } hub { credentialHint } } }
}`;

describe("deleted models as tombstones (two tenants)", () => {
  let db: TestDatabase;
  let nats: TestNats;
  let fakes: HubFakes;
  let app: ModelRegistryApp;
  let messaging: Messaging;
  let store: ObjectStore;
  let spoolDir: string;
  const logger = createLogger("model-registry-test", "silent");
  const A = callerOf("tenant-a");
  const B = callerOf("tenant-b");
  const bytes = tinyYoloV8Onnx();
  const sha = createHash("sha256").update(bytes).digest("hex");
  const catalog = loadCatalog();
  let aUpload: string;
  let aHub: string;

  const exec = async (caller: CallerContext, source: string, variableValues?: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(await graphql({ schema: app.schema, source, variableValues, contextValue: caller }))) as ExecutionResult<
      Record<string, any>
    >;
  const execRaw = (caller: CallerContext, source: string, variableValues?: Record<string, unknown>) =>
    graphql({ schema: app.schema, source, variableValues, contextValue: caller });
  const must = async (caller: CallerContext, source: string, variableValues?: Record<string, unknown>) => {
    const res = await exec(caller, source, variableValues);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data!;
  };
  const upload = async (caller: CallerContext, name: string): Promise<string> =>
    (
      await must(caller, UPLOAD, {
        file: uploadOf(bytes),
        spec: { name, description: "", outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["cat", "dog"] },
      })
    ).uploadModel.id;
  const entities = async (caller: CallerContext, ids: string[]) =>
    (await must(caller, ENTITIES, { r: ids.map((id) => ({ __typename: "Model", id })) }))._entities as (Record<string, any> | null)[];
  const modelIds = async (caller: CallerContext, args = "") =>
    ((await must(caller, `{ models${args} { id } }`)).models as { id: string }[]).map((m) => m.id).sort();
  const describeModel = (tenantId: string, modelId: string) =>
    app.messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId, tenantId }));
  const isNotFound = (err: unknown) => (err as { code?: string }).code === "NOT_FOUND";
  const stored = async () => {
    const info = await store.info(sha);
    return !!info && !info.deleted;
  };
  const row = async (id: string) =>
    (await app.dataSource.query(`SELECT tenant_id, source, credential, deleted_at FROM model_registry.model WHERE id = $1`, [id]))[0] as
      { tenant_id: string; source: string; credential: unknown; deleted_at: Date | null } | undefined;

  before(async () => {
    [db, nats, fakes] = await Promise.all([createTestDatabase(), createTestNats(), startHubFakes()]);
    spoolDir = mkdtempSync(join(tmpdir(), "prelabel-spool-"));
    app = await startModelRegistry({
      database: { url: db.url, poolSize: 3 },
      nats: { url: nats.url, namespace: nats.namespace },
      logger,
      uploads: { maxBytes: 64 * 1024, spoolDir },
      cloud: fakeHubCloudSettings(fakes, SecretBox.generateKey("k1")),
      hubs: { limits: { retry: { maxAttempts: 1 } } },
    });
    messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "model-deletion-test" });
    store = await messaging.objectStore(Buckets.models);

    aUpload = await upload(A, "A's pets");
    aHub = (
      await must(A, ADD_RF, {
        input: { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKey, name: "Hard hats" },
      })
    ).addRoboflowModel.id;
    // Both exist and resolve before the deletes (so the assertions below are about deletion).
    const live = await entities(A, [aUpload, aHub]);
    assert.deepEqual(
      live.map((m) => [m?.id, m?.deletedAt, m?.deletable]),
      [
        [aUpload, null, true],
        [aHub, null, true],
      ],
    );
    assert.equal(await stored(), true);
    assert.deepEqual(await must(A, DELETE, { id: aUpload }), { deleteModel: true });
    assert.deepEqual(await must(A, DELETE, { id: aHub }), { deleteModel: true });
  });

  after(async () => {
    await messaging?.close();
    await app?.close();
    await fakes?.close();
    await db?.drop();
    await nats?.cleanup();
    if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
  });

  it("a reference to a deleted model resolves for its owner, with deletedAt, and its name and labels", async () => {
    const [upload, hub] = await entities(A, [aUpload, aHub]);
    assert.equal(upload?.name, "A's pets");
    assert.equal(upload?.source, "UPLOAD");
    assert.deepEqual(upload?.labels, [{ name: "cat" }, { name: "dog" }]);
    assert.deepEqual(upload?.artifacts, [{ sha256: sha }], "the digest it ran on stays as history");
    assert.equal(upload?.deletable, false);
    assert.ok(Date.now() - Date.parse(upload?.deletedAt) < 10 * 60_000, `deletedAt ${upload?.deletedAt}`);
    assert.equal(hub?.name, "Hard hats");
    assert.equal(hub?.source, "ROBOFLOW");
    assert.equal(hub?.deletable, false);
    assert.ok(hub?.deletedAt);
    assert.deepEqual(hub?.hub, { credentialHint: null }, "no hint of a credential that is gone");
  });

  it("another tenant's deleted model resolves to null, as an unknown id", async () => {
    const seen = await entities(B, [aUpload, aHub, "no-such-model", catalog[0].id]);
    assert.deepEqual(seen.slice(0, 3), [null, null, null]);
    assert.deepEqual([seen[3]?.id, seen[3]?.deletedAt], [catalog[0].id, null], "the catalog still resolves for B");
    assert.deepEqual(await entities(callerOf("default"), [aUpload, aHub]), [null, null]);
  });

  it("removes the bytes and the sealed credential as before; the row keeps the tenant", async () => {
    assert.equal(await stored(), false, "no live model uses the bytes");
    const hubRow = await row(aHub);
    assert.equal(hubRow?.tenant_id, "tenant-a");
    assert.equal(hubRow?.credential, null);
    assert.ok(hubRow?.deleted_at instanceof Date);
  });

  it("models, model(id), describe-model, deleteModel and updateHubCredential treat it as gone", async () => {
    assert.deepEqual(await modelIds(A), catalog.map((m) => m.id).sort());
    assert.deepEqual(await modelIds(A, "(source: UPLOAD)"), []);
    assert.deepEqual(await modelIds(A, "(source: ROBOFLOW)"), []);
    for (const id of [aUpload, aHub]) {
      assert.deepEqual((await must(A, MODEL, { id })).model, null);
      await assert.rejects(describeModel("tenant-a", id), isNotFound, id);
      assert.equal(appErrorCodeOf(await execRaw(A, DELETE, { id })), "NOT_FOUND", id);
    }
    assert.equal(appErrorCodeOf(await execRaw(A, UPDATE, { id: aHub, token: "rf_revived_key_WXYZ" })), "NOT_FOUND");
    assert.equal((await row(aHub))?.credential, null, "no credential came back");
  });

  it("uploading the same bytes again makes a new, live model with its bytes stored again; the tombstone stays", async () => {
    const again = await upload(A, "A's pets");
    assert.notEqual(again, aUpload);
    assert.equal(await stored(), true);
    assert.equal((await describeModel("tenant-a", again)).model?.id, again);
    assert.deepEqual(await modelIds(A, "(source: UPLOAD)"), [again]);
    const [old, fresh] = await entities(A, [aUpload, again]);
    assert.ok(old?.deletedAt);
    assert.equal(fresh?.deletedAt, null);

    // The tombstone does not count as a user of the bytes: deleting the new model removes them.
    assert.deepEqual(await must(A, DELETE, { id: again }), { deleteModel: true });
    assert.equal(await stored(), false);
  });

  it("catalog sync leaves tombstones alone, and makes a row it replaces live", async () => {
    await app.registry.syncCatalog(catalog);
    assert.ok((await entities(A, [aUpload]))[0]?.deletedAt, "still a tombstone after a sync");
    // Should a catalog entry ever take a deleted model's id, it is the catalog's live row from then on.
    await app.registry.syncCatalog([...catalog, { ...catalog[0], id: aHub, name: "catalog took the id" }]);
    const replaced = await row(aHub);
    assert.deepEqual([replaced?.source, replaced?.tenant_id, replaced?.deleted_at], ["CATALOG", "default", null]);
    assert.equal((await must(B, MODEL, { id: aHub })).model?.id, aHub);
  });
});
