import "reflect-metadata";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { faults, nuclioFixture, nuclioFixtureNames, startNuclioFakes, type NuclioFakes } from "@prelabel/hub-fakes";
import { HttpNuclioDashboard, NuclioAddressPolicy } from "@prelabel/nuclio";
import { createMetricsRegistry } from "@prelabel/observability";
import { create, DescribeModelRequestSchema, Endpoints } from "@prelabel/proto";
import { nuclioAddressPolicy, type ModelRegistryApp } from "../src/app.js";
import { NuclioFunctionService } from "../src/application/nuclio-function.service.js";
import { NuclioSyncService } from "../src/application/nuclio-sync.service.js";
import { discoveredModelId } from "../src/domain/nuclio-function.js";
import { TypeormModelRepository } from "../src/persistence/typeorm-model.repository.js";
import { callerGraphQL } from "./support/caller-graphql.js";
import { SELF_HOSTED_CALLER } from "./support/callers.js";
import { startRegistryUnderTest, type RegistryUnderTest } from "./support/registry.harness.js";
import { appErrorCodeOf, uploadOf } from "./support/upload-fixtures.js";

/*
 * Nuclio functions in a self-hosted registry (real PostgreSQL and NATS) against the loopback Nuclio dashboard fake
 * with CVAT's published function.yaml fixtures: discovery and its sync (added, removed, back, a failing dashboard),
 * and functions registered by hand (function.yaml upload or label spec, the address policy, the per-tenant cap).
 */

const YOLO = nuclioFixtureNames.yolov7;
const YOLO_ID = discoveredModelId(YOLO);
const SAM_ID = discoveredModelId(nuclioFixtureNames.sam);
const MAX_HAND_REGISTERED = 4;

const NUCLIO_MODELS = `{ models(source: NUCLIO) { id kind supported unsupportedReason deletable labels { name type attributes { name inputType values } }
  nuclio { functionName framework version invokeMethod discovered state } } }`;
const MODEL = `query($id: ID!) { model(id: $id) { id name source defaultThreshold supported deletable nuclio { functionName invokeMethod discovered } } }`;
const STATUS = `{ nuclioDashboard { url project namespace invokeMethod lastSyncAt lastSuccessAt lastError functionCount unsupportedCount } }`;
const ADD = `mutation($input: AddNuclioFunctionInput!) { addNuclioFunction(input: $input) { id name source kind defaultThreshold supported labels { name type }
  nuclio { functionName invokeMethod discovered state } } }`;
const DELETE = `mutation($id: ID!) { deleteModel(id: $id) }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { id deletedAt } } }`;

describe("Nuclio functions (self-hosted, dashboard fake)", () => {
  let nuclio: NuclioFakes;
  let registry: RegistryUnderTest;
  let app: ModelRegistryApp;
  const metrics = createMetricsRegistry();
  const { execRaw, must } = callerGraphQL(() => app.schema);
  const describeModel = (modelId: string, tenantId = "") =>
    app.messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId, tenantId }));
  const sync = async () => {
    const result = await app.nuclioSync!.sync();
    return result.outcome;
  };
  /** Another replica's client of the same dashboard. */
  const dashboard = () => new HttpNuclioDashboard({ url: nuclio.url, policy: new NuclioAddressPolicy({ privateHosts: ["127.0.0.1"] }) });
  const nuclioIds = async () => ((await must(SELF_HOSTED_CALLER, NUCLIO_MODELS)).models as { id: string }[]).map((m) => m.id).sort();

  before(async () => {
    nuclio = await startNuclioFakes();
    registry = await startRegistryUnderTest({
      metrics,
      nuclio: {
        discovery: { dashboardUrl: nuclio.url, project: "cvat", namespace: "nuclio", invokeMethod: "dashboard", functionHost: "127.0.0.1" },
        // The scheduler's first sync runs at start; the tests drive the rest.
        syncIntervalMs: 0,
        allowedHosts: [],
        maxFunctionsPerTenant: MAX_HAND_REGISTERED,
        dashboardTimeoutMs: 5_000,
      },
    });
    app = registry.app;
  });

  after(async () => {
    await registry?.close();
    await nuclio?.close();
  });

  it("discovery lists every function with its labels; non-detectors are listed as unsupported", async () => {
    assert.equal(await sync(), "success");
    const models = (await must(SELF_HOSTED_CALLER, NUCLIO_MODELS)).models as any[];
    assert.deepEqual(models.map((m) => m.id).sort(), [...nuclio.dashboard.functions.keys()].map(discoveredModelId).sort());
    const yolo = models.find((m) => m.id === YOLO_ID);
    assert.equal(yolo.kind, "DETECTOR");
    assert.equal(yolo.supported, true);
    assert.equal(yolo.deletable, false, "discovered functions follow their dashboard");
    assert.equal(yolo.labels.length, 80);
    assert.ok(yolo.labels.some((l: any) => l.name === "car" && l.type === "RECTANGLE"));
    assert.deepEqual(yolo.nuclio, {
      functionName: YOLO,
      framework: "onnx",
      version: 1,
      invokeMethod: "DASHBOARD",
      discovered: true,
      state: "ready",
    });
    const face = models.find((m) => m.id === discoveredModelId(nuclioFixtureNames.faceDetection));
    const age = face.labels[0].attributes.find((a: any) => a.name === "age");
    assert.deepEqual([age.inputType, age.values.map(Number)], ["NUMBER", [0, 150, 1]]);
    const sam = models.find((m) => m.id === SAM_ID);
    assert.equal(sam.kind, "INTERACTOR");
    assert.equal(sam.supported, false);
    assert.match(sam.unsupportedReason, /interactor/);
    const broken = models.find((m) => m.id === discoveredModelId(nuclioFixtureNames.broken));
    assert.equal(broken.supported, false);
    assert.ok(broken.unsupportedReason);

    const status = (await must(SELF_HOSTED_CALLER, STATUS)).nuclioDashboard;
    assert.equal(status.url, nuclio.url);
    assert.equal(status.functionCount, models.length);
    assert.equal(status.unsupportedCount, models.filter((m) => !m.supported).length);
    assert.equal(status.lastError, null);
    assert.equal(status.lastSuccessAt, status.lastSyncAt);
    assert.match(await metrics.metrics(), /prelabel_registry_nuclio_sync_total\{outcome="success"\} \d+/);
    assert.match(await metrics.metrics(), /prelabel_registry_nuclio_functions\{supported="false"\} [1-9]/);
  });

  it("describe-model carries the NuclioFunctionSpec, and the reason for an unsupported function", async () => {
    const reply = await describeModel(YOLO_ID);
    assert.equal(reply.model?.runtime, "nuclio");
    const spec = reply.model?.nuclio;
    assert.deepEqual(
      [spec?.functionName, spec?.invokeMethod, spec?.invokeUrl, spec?.project, spec?.namespace, spec?.tenantId],
      [YOLO, "dashboard", nuclio.url, "cvat", "nuclio", "default"],
    );
    assert.equal(spec?.maxConcurrency, 1, "YOLO v7's maxWorkers");
    assert.ok((spec?.timeoutMs ?? 0) > 0, "its eventTimeout");
    assert.equal(reply.model?.unsupportedReason, "");
    assert.match((await describeModel(SAM_ID)).model?.unsupportedReason ?? "", /interactor/);
  });

  it("a discovered function cannot be deleted through the API", async () => {
    assert.equal(appErrorCodeOf(await execRaw(SELF_HOSTED_CALLER, DELETE, { id: YOLO_ID })), "MODEL_NOT_DELETABLE");
  });

  it("a function removed from the dashboard is tombstoned (describe-model NOT_FOUND), and comes back under its id", async () => {
    await nuclio.dashboard.remove(YOLO);
    assert.equal(await sync(), "success");
    assert.ok(!(await nuclioIds()).includes(YOLO_ID));
    assert.equal((await must(SELF_HOSTED_CALLER, MODEL, { id: YOLO_ID })).model, null);
    await assert.rejects(describeModel(YOLO_ID), (err: unknown) => (err as { code?: string }).code === "NOT_FOUND");
    const [row] = await app.dataSource.query(`SELECT deleted_at FROM model_registry.model WHERE id = $1`, [YOLO_ID]);
    assert.ok(row.deleted_at, "kept as a tombstone");
    // A job that ran on it still resolves its model.
    const entities = (await must(SELF_HOSTED_CALLER, ENTITIES, { r: [{ __typename: "Model", id: YOLO_ID }] }))._entities;
    assert.equal(entities[0].id, YOLO_ID);
    assert.ok(entities[0].deletedAt);

    await nuclio.dashboard.deploy(nuclioFixture(YOLO));
    assert.equal(await sync(), "success");
    assert.equal((await must(SELF_HOSTED_CALLER, MODEL, { id: YOLO_ID })).model?.supported, true);
    assert.equal((await describeModel(YOLO_ID)).model?.nuclio?.functionName, YOLO);
  });

  it("a dashboard that fails (HTTP error, reset connection, not a function map) keeps every row", async () => {
    const before = await nuclioIds();
    const lastSuccess = (await must(SELF_HOSTED_CALLER, STATUS)).nuclioDashboard.lastSuccessAt;
    for (const fault of [faults.status(502, { error: "bad gateway" }), faults.reset(), faults.wrongShape(["not", "a", "map"])]) {
      nuclio.dashboard.inject("functions", fault);
      assert.equal(await sync(), "dashboard_unavailable");
      assert.deepEqual(await nuclioIds(), before);
      const status = (await must(SELF_HOSTED_CALLER, STATUS)).nuclioDashboard;
      assert.ok(status.lastError, "the failure is reported");
      assert.equal(status.lastSuccessAt, lastSuccess);
      assert.notEqual(status.lastSyncAt, lastSuccess);
    }
    assert.match(await metrics.metrics(), /prelabel_registry_nuclio_sync_total\{outcome="dashboard_unavailable"\} 3/);
    assert.equal(await sync(), "success");
    assert.equal((await must(SELF_HOSTED_CALLER, STATUS)).nuclioDashboard.lastError, null);
  });

  it("two replicas syncing at once apply the change once and leave one row per function", async () => {
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const replica = new NuclioSyncService({
      dashboard: dashboard(),
      store: new TypeormModelRepository(app.dataSource),
      settings: {
        dashboardUrl: nuclio.url,
        project: "cvat",
        namespace: "nuclio",
        invokeMethod: "dashboard",
        functionHost: "127.0.0.1",
      },
      logger: silent,
    });
    const listed = await dashboard().listFunctions();
    await nuclio.dashboard.remove(nuclioFixtureNames.retinanet);
    const [a, b] = await Promise.all([app.nuclioSync!.sync(), replica.sync()]);
    assert.deepEqual([a.outcome, b.outcome], ["success", "success"]);
    assert.deepEqual([...a.plan!.removed, ...b.plan!.removed], [discoveredModelId(nuclioFixtureNames.retinanet)], "removed by exactly one");
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM model_registry.model WHERE source = 'NUCLIO' AND shared AND deleted_at IS NULL`,
    );
    assert.equal(n, listed.length - 1);
    await nuclio.dashboard.deploy(nuclioFixture(nuclioFixtureNames.retinanet));
    assert.equal(await sync(), "success");
  });

  describe("addNuclioFunction", () => {
    const functionUrl = () => nuclio.dashboard.fn(nuclioFixtureNames.faceDetection).url;

    it("registers a function by its function.yaml upload; describe-model reaches it directly; deleteModel tombstones it", async () => {
      const yaml = nuclioFixture(nuclioFixtureNames.faceDetection).yaml;
      const added = (
        await must(SELF_HOSTED_CALLER, ADD, {
          input: { url: functionUrl(), functionYaml: uploadOf(Buffer.from(yaml), "function.yaml"), defaultThreshold: 0.4 },
        })
      ).addNuclioFunction;
      assert.equal(added.source, "NUCLIO");
      assert.equal(added.kind, "DETECTOR");
      assert.equal(added.defaultThreshold, 0.4);
      assert.deepEqual(added.labels, [{ name: "face", type: "RECTANGLE" }]);
      assert.deepEqual(added.nuclio, {
        functionName: nuclioFixtureNames.faceDetection,
        invokeMethod: "DIRECT",
        discovered: false,
        state: null,
      });
      assert.doesNotMatch(added.id, /^nuclio-/, "discovered ids are never taken by hand");
      const reply = await describeModel(added.id);
      assert.deepEqual(
        [
          reply.model?.nuclio?.invokeMethod,
          reply.model?.nuclio?.invokeUrl,
          reply.model?.nuclio?.tenantId,
          reply.model?.nuclio?.maxConcurrency,
        ],
        ["direct", functionUrl(), "default", 2],
      );
      assert.equal(await must(SELF_HOSTED_CALLER, DELETE, { id: added.id }).then((d) => d.deleteModel), true);
      await assert.rejects(describeModel(added.id), (err: unknown) => (err as { code?: string }).code === "NOT_FOUND");
      assert.equal((await must(SELF_HOSTED_CALLER, MODEL, { id: added.id })).model, null);
    });

    it("registers a function by CVAT's label spec", async () => {
      const spec = JSON.stringify([
        { id: 0, name: "car", type: "rectangle" },
        {
          id: 1,
          name: "person",
          type: "skeleton",
          sublabels: [{ id: 2, name: "nose", type: "points" }],
          svg: '<circle r="1.5" cx="10" cy="10" data-label-id="2"></circle>',
        },
        { id: 3, name: "blob", type: "mask", attributes: [{ name: "quality", input_type: "number", values: ["0", "10", "1"] }] },
      ]);
      const added = (await must(SELF_HOSTED_CALLER, ADD, { input: { url: functionUrl(), spec, name: "My detector" } })).addNuclioFunction;
      assert.equal(added.name, "My detector");
      assert.equal(added.defaultThreshold, 0.5);
      assert.deepEqual(
        added.labels.map((l: any) => l.type),
        ["RECTANGLE", "SKELETON", "MASK"],
      );
      assert.ok(added.id.startsWith("my-detector-"));
      await must(SELF_HOSTED_CALLER, DELETE, { id: added.id });
    });

    it("refuses bad input, broken configs, non-detectors and oversized files with typed errors", async () => {
      const url = functionUrl();
      const yaml = nuclioFixture(nuclioFixtureNames.faceDetection).yaml;
      const cases: [Record<string, unknown>, string, RegExp?][] = [
        [{ url, spec: "[]", name: "n", functionYaml: uploadOf(Buffer.from(yaml), "function.yaml") }, "BAD_USER_INPUT", /exactly one/],
        [{ url, spec: "[]" }, "BAD_USER_INPUT", /name is required/],
        [{ url: "ftp://x", spec: "[]", name: "n" }, "BAD_USER_INPUT"],
        [{ url, spec: "not json", name: "n" }, "INVALID_FUNCTION_CONFIG", /JSON/],
        [
          {
            url,
            spec: JSON.stringify([
              { name: "car", type: "rectangle" },
              { name: "car", type: "polygon" },
            ]),
            name: "n",
          },
          "INVALID_FUNCTION_CONFIG",
          /car/,
        ],
        [
          { url, functionYaml: uploadOf(Buffer.from(nuclioFixture(nuclioFixtureNames.broken).yaml), "function.yaml") },
          "INVALID_FUNCTION_CONFIG",
        ],
        [{ url, functionYaml: uploadOf(Buffer.from(": : not yaml ["), "function.yaml") }, "INVALID_FUNCTION_CONFIG"],
        [
          { url, functionYaml: uploadOf(Buffer.from(nuclioFixture(nuclioFixtureNames.sam).yaml), "function.yaml") },
          "NUCLIO_FUNCTION_UNSUPPORTED",
          /interactor/,
        ],
        [{ url, functionYaml: uploadOf(randomBytes(300 * 1024), "function.yaml") }, "PAYLOAD_TOO_LARGE"],
        [
          { url: "http://user:secret@127.0.0.1:1/", spec: JSON.stringify([{ name: "car", type: "rectangle" }]), name: "n" },
          "NUCLIO_URL_REFUSED",
        ],
      ];
      for (const [input, code, message] of cases) {
        const res = await execRaw(SELF_HOSTED_CALLER, ADD, { input });
        assert.equal(appErrorCodeOf(res) ?? (res.errors?.[0]?.extensions?.code as string | undefined), code, JSON.stringify(res.errors));
        if (message) assert.match(res.errors![0].message, message);
        assert.doesNotMatch(res.errors![0].message, /secret/, "never echoes credentials");
      }
    });

    it("cloud policy: a loopback URL is refused unless NUCLIO_ALLOWED_HOSTS lists it", async () => {
      const service = (allowedHosts: string[]) =>
        new NuclioFunctionService({
          repository: new TypeormModelRepository(app.dataSource),
          store: new TypeormModelRepository(app.dataSource),
          policy: nuclioAddressPolicy("cloud", { discovery: null, syncIntervalMs: 0, allowedHosts, maxFunctionsPerTenant: 10 }),
          maxFunctionsPerTenant: 10,
          newIdSuffix: () => randomBytes(3).toString("hex"),
        });
      const request = { url: functionUrl(), spec: JSON.stringify([{ name: "face", type: "rectangle" }]), name: "Cloud face" };
      await assert.rejects(
        service([]).add("tenant-c", request),
        (err: unknown) => (err as { code?: string }).code === "NUCLIO_URL_REFUSED",
      );
      // The self-hosted policy allows the dashboard's host (127.0.0.1 here) without any setting.
      const selfHosted = nuclioAddressPolicy("self-hosted", {
        discovery: { dashboardUrl: nuclio.url, project: "cvat", namespace: "nuclio", invokeMethod: "dashboard", functionHost: "127.0.0.1" },
        syncIntervalMs: 0,
        allowedHosts: [],
        maxFunctionsPerTenant: 10,
      });
      await selfHosted.check(functionUrl());
      const added = await service(["127.0.0.1"]).add("tenant-c", request);
      assert.equal(added.tenantId, "tenant-c");
      assert.equal(
        (await must(SELF_HOSTED_CALLER, MODEL, { id: added.id })).model,
        null,
        "another tenant's function is not the default tenant's",
      );
    });

    it("caps the functions a tenant registers by hand (NUCLIO_FUNCTION_LIMIT); a deleted one frees its slot", async () => {
      const input = (i: number) => ({ url: functionUrl(), spec: JSON.stringify([{ name: "face", type: "rectangle" }]), name: `cap ${i}` });
      const ids: string[] = [];
      for (let i = 0; i < MAX_HAND_REGISTERED; i++)
        ids.push((await must(SELF_HOSTED_CALLER, ADD, { input: input(i) })).addNuclioFunction.id);
      const over = await execRaw(SELF_HOSTED_CALLER, ADD, { input: input(99) });
      assert.equal(appErrorCodeOf(over), "NUCLIO_FUNCTION_LIMIT");
      await must(SELF_HOSTED_CALLER, DELETE, { id: ids[0] });
      await must(SELF_HOSTED_CALLER, ADD, { input: input(100) });
      // Discovered functions never count against the cap.
      assert.ok((await nuclioIds()).filter((id) => id.startsWith("nuclio-")).length > MAX_HAND_REGISTERED);
    });
  });
});
