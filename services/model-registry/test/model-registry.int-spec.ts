import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Messaging, RemoteServiceError } from "@prelabel/messaging";
import { NuclioAddressPolicy } from "@prelabel/nuclio";
import { Buckets, create, DescribeModelRequestSchema, Endpoints, ModelKind, ShapeType } from "@prelabel/proto";
import { createLogger } from "@prelabel/service-kit";
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from "@prelabel/testing";
import { graphql, type GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { loadCatalog } from "../src/persistence/catalog/catalog.js";
import { ModelRegistryService } from "../src/application/model-registry.service.js";
import { ModelUploadService } from "../src/application/model-upload.service.js";
import { NuclioFunctionService } from "../src/application/nuclio-function.service.js";
import { OrtModelInspector } from "../src/inference/onnx-model.inspector.js";
import { OnnxTrialRunner } from "../src/inference/onnx-check.runner.js";
import { serveDescribeModel } from "../src/messaging/endpoints/describe-model.endpoint.js";
import { createDataSource, runMigrations } from "../src/persistence/data-source.js";
import { TypeormModelRepository } from "../src/persistence/typeorm-model.repository.js";
import { NatsModelArtifactStore } from "../src/persistence/model-artifact.store.js";
import { buildModelRegistrySchema } from "../src/subgraph.js";
import { SELF_HOSTED_CALLER } from "./support/callers.js";
import { HuggingFaceOnnxImportService } from "../src/application/hf-onnx-import.service.js";
import { HubModelService } from "../src/application/hub-model.service.js";

const MODEL_FIELDS = `id name description source kind defaultThreshold returnsMasks preprocessing license measuredMsPerFrame
  inputSize { width height }
  labels { name type attributes { name inputType values defaultValue } sublabels { name type } }`;

describe("model-registry against real PostgreSQL and NATS", () => {
  let db: TestDatabase;
  let nats: TestNats;
  let dataSource: DataSource;
  let messaging: Messaging;
  let registry: ModelRegistryService;
  let schema: GraphQLSchema;
  const logger = createLogger("model-registry-test", "silent");

  const run = async (source: string, variableValues?: Record<string, unknown>) => {
    const result = await graphql({ schema, source, variableValues, contextValue: SELF_HOSTED_CALLER });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    // graphql-js builds null-prototype objects; compare plain JSON.
    return JSON.parse(JSON.stringify(result.data)) as Record<string, any>;
  };
  const updatedAt = async (id: string): Promise<string> =>
    (await dataSource.query(`SELECT updated_at::text AS t FROM model_registry.model WHERE id = $1`, [id]))[0].t;

  before(async () => {
    [db, nats] = await Promise.all([createTestDatabase(), createTestNats()]);
    dataSource = createDataSource({ url: db.url, poolSize: 3 });
    await dataSource.initialize();
    const repository = new TypeormModelRepository(dataSource);
    registry = new ModelRegistryService(repository);
    messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "model-registry-test" });
    const uploads = new ModelUploadService({
      repository,
      inspector: new OrtModelInspector(),
      trials: new OnnxTrialRunner(),
      artifacts: new NatsModelArtifactStore(await messaging.objectStore(Buckets.models)),
      newIdSuffix: () => "000000",
    });
    const hubModels = new HubModelService({ mode: "self-hosted", repository, newIdSuffix: () => "000000" });
    const onnxImports = new HuggingFaceOnnxImportService({ mode: "self-hosted", uploads, maxBytes: 1024 });
    const nuclioFunctions = new NuclioFunctionService({
      repository,
      store: repository,
      policy: new NuclioAddressPolicy({ privateHosts: [] }),
      maxFunctionsPerTenant: 1,
      newIdSuffix: () => "000000",
    });
    schema = await buildModelRegistrySchema({
      registry,
      uploads,
      hubModels,
      onnxImports,
      nuclioFunctions,
      nuclioSync: null,
      maxUploadBytes: 1024,
    });
  });

  after(async () => {
    await messaging?.close();
    await dataSource?.destroy();
    await db?.drop();
    await nats?.cleanup();
  });

  it("creates its schema and table by migration, once", async () => {
    assert.deepEqual(await runMigrations(dataSource), [
      "CreateModel1764100000000",
      "AddModelArtifacts1764200000000",
      "AddHubModels1764300000000",
      "ImportHubOnnx1764400000000",
      "ModelTenantRequired1764500000000",
      "ModelTombstone1764600000000",
      "NuclioFunctions1764700000000",
      "ModelCardFacts1764900000000",
    ]);
    assert.deepEqual(await runMigrations(dataSource), []);
    const tables = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'model_registry' ORDER BY table_name`,
    );
    assert.deepEqual(
      tables.map((t: { table_name: string }) => t.table_name),
      ["migrations", "model"],
    );
  });

  it("syncs the catalog idempotently (an unchanged entry is not rewritten)", async () => {
    await registry.syncCatalog(loadCatalog());
    const first = await updatedAt("text-detection");
    await registry.syncCatalog(loadCatalog());
    await registry.syncCatalog(loadCatalog());
    const rows: { id: string }[] = await dataSource.query(`SELECT id FROM model_registry.model ORDER BY id`);
    assert.deepEqual(
      rows.map((r) => r.id),
      loadCatalog()
        .map((m) => m.id)
        .sort(),
    );
    assert.equal(await updatedAt("text-detection"), first);
  });

  it("applies a changed manifest entry on the next sync", async () => {
    const [entry] = loadCatalog();
    assert.ok(entry);
    await registry.syncCatalog([{ ...entry, id: "scratch-model", name: "Before" }]);
    const before = await updatedAt("scratch-model");
    await registry.syncCatalog([{ ...entry, id: "scratch-model", name: "After", inputSize: { width: 640, height: 480 } }]);
    const data = await run(`{ model(id: "scratch-model") { name inputSize { width height } } }`);
    assert.deepEqual(data.model, { name: "After", inputSize: { width: 640, height: 480 } });
    assert.notEqual(await updatedAt("scratch-model"), before);
    await dataSource.query(`DELETE FROM model_registry.model WHERE id = 'scratch-model'`);
  });

  it("answers models and model(id) over GraphQL", async () => {
    const data = await run(`{ models { ${MODEL_FIELDS} } }`);
    const models = data.models as { id: string }[];
    assert.deepEqual(
      models.map((m) => m.id).sort(),
      loadCatalog()
        .map((m) => m.id)
        .sort(),
    );
    assert.deepEqual(
      models.find((m) => m.id === "text-detection"),
      {
        id: "text-detection",
        name: "Text detection (PP-OCRv4)",
        description: loadCatalog()[0]?.description,
        source: "CATALOG",
        kind: "DETECTOR",
        defaultThreshold: 0.5,
        returnsMasks: true,
        preprocessing: "multiple of 32, longer side ≤ 960; BGR, x/255",
        license: loadCatalog()[0]?.license,
        measuredMsPerFrame: 159,
        inputSize: null,
        labels: [{ name: "text", type: "POLYGON", attributes: [], sublabels: [] }],
      },
    );
    const one = await run(`query($id: ID!) { model(id: $id) { id kind } }`, { id: "text-detection" });
    assert.deepEqual(one.model, { id: "text-detection", kind: "DETECTOR" });
    assert.deepEqual((await run(`{ model(id: "no-such-model") { id } }`)).model, null);
  });

  it("stores and serves every catalog model's licence and measured ms/frame from the manifest", async () => {
    const rows: { id: string; license: string | null; measured_ms_per_frame: number | null }[] = await dataSource.query(
      `SELECT id, license, measured_ms_per_frame FROM model_registry.model WHERE source = 'CATALOG' ORDER BY id`,
    );
    const expected = loadCatalog()
      .map((m) => ({ id: m.id, license: m.license, measured_ms_per_frame: m.measuredMsPerFrame }))
      .sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(rows, expected);
    assert.ok(rows.every((r) => r.license && r.measured_ms_per_frame && r.measured_ms_per_frame > 0));
    const data = await run(`{ models(source: CATALOG) { id license measuredMsPerFrame } }`);
    assert.deepEqual(
      (data.models as { id: string }[]).sort((a, b) => a.id.localeCompare(b.id)),
      expected.map((e) => ({ id: e.id, license: e.license, measuredMsPerFrame: e.measured_ms_per_frame })),
    );
    // A changed figure in the manifest reaches the row on the next sync; the column refuses nonsense.
    const [entry] = loadCatalog();
    assert.ok(entry);
    await registry.syncCatalog([{ ...entry, id: "scratch-facts", measuredMsPerFrame: 12.5, license: "Apache-2.0" }]);
    assert.deepEqual((await run(`{ model(id: "scratch-facts") { license measuredMsPerFrame } }`)).model, {
      license: "Apache-2.0",
      measuredMsPerFrame: 12.5,
    });
    await assert.rejects(
      dataSource.query(`UPDATE model_registry.model SET measured_ms_per_frame = 0 WHERE id = 'scratch-facts'`),
      /model_measured_ms_per_frame_positive/,
    );
    await dataSource.query(`DELETE FROM model_registry.model WHERE id = 'scratch-facts'`);
  });

  it("filters models by kind and source", async () => {
    const ids = async (args: string) => ((await run(`{ models${args} { id } }`)).models as { id: string }[]).map((m) => m.id);
    const detectors = loadCatalog()
      .filter((m) => m.kind === "DETECTOR")
      .map((m) => m.id)
      .sort();
    assert.ok(detectors.length >= 5, "the catalog ships five detectors");
    assert.deepEqual((await ids("(kind: DETECTOR)")).sort(), detectors);
    assert.deepEqual(await ids("(kind: TRACKER)"), []);
    assert.deepEqual((await ids("(source: CATALOG, kind: DETECTOR)")).sort(), detectors);
    assert.deepEqual(await ids("(source: UPLOAD)"), []);
  });

  it("resolves Model references for other subgraphs (_entities)", async () => {
    const data = await run(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { id name defaultThreshold } } }`, {
      r: [
        { __typename: "Model", id: "text-detection" },
        { __typename: "Model", id: "missing" },
      ],
    });
    assert.deepEqual(data._entities, [{ id: "text-detection", name: "Text detection (PP-OCRv4)", defaultThreshold: 0.5 }, null]);
  });

  it("serves describe-model over NATS request/reply", async () => {
    const sub = serveDescribeModel(messaging, registry, logger);
    try {
      await messaging.nc.flush();
      const reply = await messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId: "text-detection" }));
      const d = reply.model;
      assert.ok(d);
      assert.equal(d.id, "text-detection");
      assert.equal(d.name, "Text detection (PP-OCRv4)");
      assert.equal(d.kind, ModelKind.DETECTOR);
      assert.equal(d.runtime, "catalog:text-detection");
      assert.equal(d.returnsMasks, true);
      assert.equal(d.defaultThreshold, 0.5);
      assert.deepEqual(
        d.labels.map((l) => [l.name, l.type]),
        [["text", ShapeType.POLYGON]],
      );

      await assert.rejects(
        messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId: "no-such-model" })),
        (err: unknown) => err instanceof RemoteServiceError && err.code === "NOT_FOUND" && /no-such-model/.test(err.message),
      );
    } finally {
      sub.unsubscribe();
    }
  });
});
