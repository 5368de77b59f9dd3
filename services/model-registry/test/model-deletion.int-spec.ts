import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fakeCredentials } from "@prelabel/hub-fakes";
import { create, DescribeModelRequestSchema, Endpoints } from "@prelabel/proto";
import { SecretBox } from "@prelabel/secret-box";
import type { CallerContext } from "@prelabel/service-kit";
import type { ModelRegistryApp } from "../src/app.js";
import { loadCatalog } from "../src/persistence/catalog/catalog.js";
import { callerGraphQL } from "./support/caller-graphql.js";
import { callerOf } from "./support/callers.js";
import { startCloudRegistryUnderTest, type CloudRegistryUnderTest } from "./support/registry.harness.js";
import { appErrorCodeOf, sha256Of, tinyYoloV8Onnx } from "./support/upload-fixtures.js";

/*
 * deleteModel leaves a tombstone (real PostgreSQL, NATS and the hub fakes, cloud mode, two tenants): the model's
 * bytes and credential go as before and every read a user or worker makes treats it as gone, but a reference from
 * another subgraph (a job's `model`) still resolves for the owner, with deletedAt, so job history stays readable.
 */

const ADD_RF = `mutation($input: AddRoboflowModelInput!) { addRoboflowModel(input: $input) { id hub { credentialHint } } }`;
const UPDATE = `mutation($id: ID!, $token: String!) { updateHubCredential(id: $id, token: $token) { id } }`;
const DELETE = `mutation($id: ID!) { deleteModel(id: $id) }`;
const MODEL = `query($id: ID!) { model(id: $id) { id deletedAt } }`;
const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Model { id name source deletable deletedAt labels { name } artifacts { sha256 } hub { credentialHint } } }
}`;

describe("deleted models as tombstones (two tenants)", () => {
  let registry: CloudRegistryUnderTest;
  let app: ModelRegistryApp;
  const A = callerOf("tenant-a");
  const B = callerOf("tenant-b");
  const sha = sha256Of(tinyYoloV8Onnx());
  const catalog = loadCatalog();
  let aUpload: string;
  let aHub: string;

  const { execRaw, must, modelIds, uploadTinyYolo } = callerGraphQL(() => app.schema);
  const entities = async (caller: CallerContext, ids: string[]) =>
    (await must(caller, ENTITIES, { r: ids.map((id) => ({ __typename: "Model", id })) }))._entities as (Record<string, any> | null)[];
  const describeModel = (tenantId: string, modelId: string) =>
    app.messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId, tenantId }));
  const isNotFound = (err: unknown) => (err as { code?: string }).code === "NOT_FOUND";
  const stored = () => registry.hasObject(sha);
  const row = async (id: string) =>
    (await app.dataSource.query(`SELECT tenant_id, source, credential, deleted_at FROM model_registry.model WHERE id = $1`, [id]))[0] as
      { tenant_id: string; source: string; credential: unknown; deleted_at: Date | null } | undefined;

  before(async () => {
    registry = await startCloudRegistryUnderTest(SecretBox.generateKey("k1"), { maxUploadBytes: 64 * 1024 });
    app = registry.app;

    aUpload = await uploadTinyYolo(A, "A's pets");
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

  after(() => registry?.close());

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
    const again = await uploadTinyYolo(A, "A's pets");
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
