import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildASTSchema, parse } from "graphql";
import {
  cocoLabels,
  fakeCredentials,
  faults,
  hfFixtureIds,
  nuclioFixture,
  nuclioFixtureNames,
  startHubFakes,
  startNuclioFakes,
  type HubFakes,
  type NuclioFakes,
  type NuclioFunctionFake,
} from "@prelabel/hub-fakes";
import { IDENTITY_HEADER, IdentityAssertionSigner, parseIdentityPrivateKey } from "@prelabel/identity";
import { Messaging, RemoteServiceError } from "@prelabel/messaging";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import { create, DescribeModelRequestSchema, DescribeTaskRequestSchema, Endpoints, ListAnnotationsRequestSchema } from "@prelabel/proto";
import { SecretBox } from "@prelabel/secret-box";
import { GraphQLTestClient, REPO_ROOT, type GraphQLResponse } from "@prelabel/testing";
import { locateFfmpeg } from "@prelabel/video";
import { createClient } from "graphql-ws";
import sharp from "sharp";
import WebSocket from "ws";
import {
  ADD_FRAMES,
  BATCH,
  BATCH_PROGRESS_SUBSCRIPTION,
  CANCEL,
  CANCEL_BATCH,
  connectionOf,
  CREATE_API_KEY,
  CREATE_TASK,
  JOB,
  PREVIEW,
  PROGRESS,
  REVOKE_API_KEY,
  START,
  START_BATCH,
  SUGGEST,
  VIEWER,
} from "./support/operations.js";
import { EVALUATE_MODEL, EVALUATION, waitForEvaluation } from "./support/evaluations.js";
import { TERMINAL_STATUSES, waitForJob as waitFor } from "./support/jobs.js";
import { cloudSystemEnv, sampleDocuments, startSystem, type CreatedTenant, type System } from "./support/system.js";

/**
 * The cross-tenant probe suite (docs/architecture.md, "Tenancy"). One cloud system, two tenants:
 * A creates one of everything, then for every root field of the committed supergraph tenant B calls it with A's
 * ids (and guessed ones) and must learn nothing: reads are null or NOT_FOUND, lists hold none of A's ids, writes
 * answer NOT_FOUND and leave A's objects as they were, subscriptions to A's jobs fail without an event, and no
 * error message names A's tasks, models or tenant. Raw NATS describe-task / describe-model / list-annotations are probed the same way.
 */

// ---------------------------------------------------------------------------------------------------------------
// Operations (those not in support/operations.ts)

const TASK = /* GraphQL */ `
  query Task($id: ID!) {
    task(id: $id) {
      id
      name
      size
      frames(first: 1) {
        totalCount
      }
      annotations(first: 1) {
        totalCount
      }
      autoAnnotationJobs {
        id
        status
      }
    }
  }
`;
const TASKS = /* GraphQL */ `
  query Tasks($after: String) {
    tasks(first: 100, after: $after) { ${connectionOf("id name autoAnnotationJobs { id }")} }
  }
`;
const MODEL_FIELDS = /* GraphQL */ `id name source deletable supported artifacts { sha256 } hub { provider modelRef credentialHint } nuclio { functionName invokeMethod discovered }`;
const MODEL = /* GraphQL */ `query Model($id: ID!) { model(id: $id) { ${MODEL_FIELDS} } }`;
const MODELS = /* GraphQL */ `query Models($source: ModelSource) { models(source: $source) { ${MODEL_FIELDS} } }`;
const API_KEYS = /* GraphQL */ `
  {
    apiKeys {
      id
      name
      role
      revokedAt
      hint
    }
  }
`;
const ADD_HF = /* GraphQL */ `mutation AddHf($input: AddHuggingFaceModelInput!) { addHuggingFaceModel(input: $input) { ${MODEL_FIELDS} } }`;
const ADD_RF = /* GraphQL */ `mutation AddRf($input: AddRoboflowModelInput!) { addRoboflowModel(input: $input) { ${MODEL_FIELDS} } }`;
const IMPORT_HF = /* GraphQL */ `mutation ImportHf($input: ImportHuggingFaceOnnxModelInput!) { importHuggingFaceOnnxModel(input: $input) { ${MODEL_FIELDS} } }`;
const UPDATE_CREDENTIAL = /* GraphQL */ `mutation UpdateCredential($id: ID!, $token: String!) { updateHubCredential(id: $id, token: $token) { ${MODEL_FIELDS} } }`;
const ADD_NUCLIO = /* GraphQL */ `mutation AddNuclio($input: AddNuclioFunctionInput!) { addNuclioFunction(input: $input) { ${MODEL_FIELDS} } }`;
const NUCLIO_DASHBOARD = /* GraphQL */ `
  {
    nuclioDashboard {
      url
      project
      lastSyncAt
      functionCount
    }
  }
`;
const UPLOAD_MODEL = /* GraphQL */ `mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) { uploadModel(file: $file, spec: $spec) { ${MODEL_FIELDS} } }`;
const DELETE_MODEL = /* GraphQL */ `
  mutation DeleteModel($id: ID!) {
    deleteModel(id: $id)
  }
`;
const SAVE_ANNOTATIONS = /* GraphQL */ `
  mutation SaveAnnotations($taskId: ID!, $input: SaveAnnotationsInput!) {
    saveAnnotations(taskId: $taskId, input: $input) {
      annotationsVersion
      created {
        id
      }
      deleted
    }
  }
`;
const TASK_EVALUATION_IDS = /* GraphQL */ `
  query TaskEvaluationIds($id: ID!) {
    task(id: $id) {
      evaluations(first: 20) {
        id
      }
    }
  }
`;
const TERMINAL_EVALUATION: ReadonlySet<string> = new Set(["COMPLETED", "FAILED"]);
const RESOLVE_REVIEW = /* GraphQL */ `
  mutation ResolveReview($taskId: ID!, $ids: [ID!]!, $decision: ReviewDecision!) {
    resolveReview(taskId: $taskId, ids: $ids, decision: $decision) {
      accepted
      rejected
      remaining
    }
  }
`;
const TASK_ANNOTATION_IDS = /* GraphQL */ `
  query TaskAnnotationIds($id: ID!) {
    task(id: $id) {
      labels {
        id
        name
      }
      annotations(first: 5) {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`;
const IMPORT_ANNOTATIONS = /* GraphQL */ `
  mutation ImportAnnotations($taskId: ID!, $file: Upload!, $format: AnnotationFormat!, $partial: Boolean) {
    importAnnotations(taskId: $taskId, file: $file, format: $format, partial: $partial) {
      applied
      imported
      skipped
    }
  }
`;
const IMPORT_FRAMES = /* GraphQL */ `
  mutation ImportFrames($taskId: ID!, $serverPath: String!) {
    importFrames(taskId: $taskId, serverPath: $serverPath) {
      id
      size
    }
  }
`;
const ADD_VIDEO = /* GraphQL */ `
  mutation AddVideo($taskId: ID!, $file: Upload!) {
    addVideo(taskId: $taskId, file: $file) {
      id
      size
    }
  }
`;
const IMPORT_VIDEO = /* GraphQL */ `
  mutation ImportVideo($taskId: ID!, $serverPath: String!) {
    importVideo(taskId: $taskId, serverPath: $serverPath) {
      id
      size
    }
  }
`;
const DELETE_TASK = /* GraphQL */ `
  mutation DeleteTask($id: ID!) {
    deleteTask(id: $id)
  }
`;

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

const CATALOG_MODEL = "text-detection";
const AUTH_CACHE_TTL_MS = 1_000;
const run = randomBytes(3).toString("hex");
/** Every name A gives something: none may ever appear in what B is told. */
const names = {
  tenantA: `Alpha probe tenant ${run}`,
  tenantB: `Bravo probe tenant ${run}`,
  docsTask: `alpha-docs-${run}`,
  streetTask: `alpha-street-${run}`,
  holdTask: `alpha-hold-${run}`,
  evalTask: `alpha-eval-${run}`,
  batchTask: `alpha-batch-${run}`,
  uploaded: `alpha-uploaded-yolo-${run}`,
  hf: `alpha-hub-detr-${run}`,
  rf: `alpha-hub-potholes-${run}`,
  imported: `alpha-imported-yolo-${run}`,
  nuclio: `alpha-nuclio-yolov7-${run}`,
  memberKey: `alpha-member-${run}`,
  extraKey: `alpha-extra-${run}`,
};
/** An HF repo whose ONNX export is the tiny YOLOv8 below (the standard fixtures' ONNX files are placeholders). */
const ONNX_REPO = "alpha-org/tiny-yolov8-onnx";
/** A guess at an id of A's uploaded model (ids are the name's slug plus 6 hex digits). */
const guessedModelId = `${names.uploaded}-000000`;

/**
 * A tiny ultralytics-style YOLOv8 export (as bring-your-own-model.e2e.ts builds it): input `images` [1, 3, 64, 64],
 * constant output `output0` [1, 6, 3]: a car at 0.9 and a person at 0.6 on any frame.
 */
function tinyYoloV8(): Uint8Array {
  const g = new GraphBuilder("tiny-yolov8");
  g.addInput("images", DataType.FLOAT, [1, 3, 64, 64]);
  const value = g.addFloat32("detections", [1, 6, 3], [24, 48, 10, 32, 32, 10, 16, 8, 4, 16, 8, 4, 0.05, 0.6, 0.02, 0.9, 0.1, 0.1]);
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 6, 3]);
  return encodeOnnxModel(g.toModel());
}

/** What tenant A owns, filled in by `before`. */
interface TenantAWorld {
  tenant: CreatedTenant;
  docsTask: { id: string; size: number; annotations: number };
  streetTask: { id: string };
  holdTask: { id: string };
  /** A task with one manual Person box and A's COMPLETED evaluation of coco-object-detection on it. */
  evalTask: { id: string };
  evaluation: { id: string };
  finishedJob: { id: string };
  runningJob: { id: string };
  /** A batch of one job on its batch task, finished. */
  batch: { id: string; taskId: string; jobId: string };
  uploadedModel: { id: string; sha256: string };
  hfModel: { id: string; credentialHint: string };
  rfModel: { id: string; credentialHint: string };
  importedModel: { id: string };
  /** A Nuclio function registered by hand (the YOLO v7 fake's own port), and a job it finished. */
  nuclioModel: { id: string };
  nuclioJob: { id: string };
  memberKey: { id: string; key: string };
  extraKey: { id: string; key: string };
}

/** What tenant B owns (its own objects, as controls). */
interface TenantBWorld {
  tenant: CreatedTenant;
  ownTask: { id: string };
}

/** One root field's probe: what it asserts (in words, for the report) and the check itself. */
interface Probe {
  readonly asserts: string;
  run(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------

const EXPORT_ANNOTATIONS = /* GraphQL */ `
  mutation ExportAnnotations($taskId: ID!, $format: AnnotationFormat!) {
    exportAnnotations(taskId: $taskId, format: $format) {
      url
      expiresAt
    }
  }
`;

/** Every root field of Query, Mutation and Subscription in the committed supergraph, as `Type.field`. */
function supergraphRootFields(): string[] {
  const sdl = readFileSync(join(REPO_ROOT, "gateway", "supergraph.graphql"), "utf8");
  const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
  const out: string[] = [];
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type) continue;
    for (const field of Object.keys(type.getFields())) {
      if (field === "_entities" || field === "_service") continue;
      out.push(`${type.name}.${field}`);
    }
  }
  return out.sort();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("cross-tenant probes (cloud mode, two tenants)", () => {
  let fakes: HubFakes;
  let nuclioFakes: NuclioFakes;
  /** The YOLO v7 function A registered (B registers the same URL). */
  let yolo: NuclioFunctionFake;
  let sys: System;
  let nats: Messaging;
  /** A's ADMIN, A's MEMBER, B's ADMIN. */
  let a: GraphQLTestClient;
  let aMember: GraphQLTestClient;
  let b: GraphQLTestClient;
  let A: TenantAWorld;
  let B: TenantBWorld;
  const docs = sampleDocuments().slice(0, 2);
  let png: Buffer;
  let importRoot: string;
  let clip: Buffer;

  // -------------------------------------------------------------------------------------------------------------
  // Helpers

  /** Everything naming A that B must never be told (ids B passed in may be echoed back; names never). */
  const secretsOfA = () => [
    A.tenant.tenantId,
    names.tenantA,
    names.docsTask,
    names.streetTask,
    names.holdTask,
    names.evalTask,
    names.batchTask,
    names.uploaded,
    names.hf,
    names.rf,
    names.imported,
    names.nuclio,
    names.memberKey,
    names.extraKey,
  ];
  /** A's ids: lists and other answers to B must not hold any. */
  const idsOfA = () => [
    A.docsTask.id,
    A.streetTask.id,
    A.holdTask.id,
    A.evalTask.id,
    A.evaluation.id,
    A.finishedJob.id,
    A.runningJob.id,
    A.batch.id,
    A.batch.taskId,
    A.batch.jobId,
    A.uploadedModel.id,
    A.hfModel.id,
    A.rfModel.id,
    A.importedModel.id,
    A.nuclioModel.id,
    A.nuclioJob.id,
    A.tenant.keyId,
    A.memberKey.id,
    A.extraKey.id,
  ];

  /**
   * No error message (or data) in B's answer names A's tenant, tasks or models. Ids B itself sent may be echoed
   * (a model's id is its name's slug plus a random suffix, so echoing one repeats the name): they are cut out
   * first; `assertNothingOfA` checks that B is never told an id of A's it did not send.
   */
  function assertNoNamesOfA(field: string, res: unknown): void {
    let text = JSON.stringify(res);
    for (const id of [...idsOfA(), guessedModelId]) text = text.split(id).join("<id B sent>");
    for (const secret of secretsOfA()) assert.ok(!text.includes(secret), `${field}: B's answer names A's "${secret}": ${text}`);
  }

  /** B's data (a list, a viewer, …) holds none of A's ids and no name of A's. */
  function assertNothingOfA(field: string, data: unknown): void {
    assertNoNamesOfA(field, data);
    const text = JSON.stringify(data);
    for (const id of idsOfA()) assert.ok(!text.includes(id), `${field}: B's answer holds A's id ${id}: ${text}`);
  }

  /** B's call failed with one of `codes`, the field has no data, and no message names A. */
  function assertRefused(field: string, res: GraphQLResponse, codes: string[] = ["NOT_FOUND"]): void {
    const key = field.split(".")[1];
    assert.ok(res.errors?.length, `${field}: expected ${codes.join("/")} but the call succeeded: ${JSON.stringify(res.data)}`);
    assert.ok(
      codes.includes(res.errors[0].extensions?.code ?? ""),
      `${field}: expected ${codes.join("/")}, got ${JSON.stringify(res.errors)}`,
    );
    assert.equal(res.data?.[key] ?? null, null, `${field}: data alongside the error: ${JSON.stringify(res.data)}`);
    assertNoNamesOfA(field, res);
  }

  /** A nullable read by B: null (or NOT_FOUND), never the object; no message names A. */
  function assertAbsent(field: string, res: GraphQLResponse): void {
    const key = field.split(".")[1];
    if (res.errors?.length) assertRefused(field, res);
    else assert.equal(res.data?.[key], null, `${field}: B reads A's object: ${JSON.stringify(res.data)}`);
    assertNoNamesOfA(field, res);
  }

  const waitForJob = (client: GraphQLTestClient, id: string) => waitFor(client, id, { timeoutMs: 90_000, pollMs: 150, logDir: sys.logDir });

  async function allTaskIds(client: GraphQLTestClient): Promise<{ ids: string[]; jobIds: string[]; totalCount: number; data: unknown[] }> {
    const ids: string[] = [];
    const jobIds: string[] = [];
    const data: unknown[] = [];
    let cursor: string | undefined;
    let totalCount: number;
    for (;;) {
      const { tasks } = await client.must(TASKS, { after: cursor });
      data.push(tasks);
      totalCount = tasks.totalCount;
      for (const e of tasks.edges) {
        ids.push(e.node.id);
        jobIds.push(...e.node.autoAnnotationJobs.map((j: any) => j.id));
      }
      if (!tasks.pageInfo.hasNextPage) return { ids, jobIds, totalCount, data };
      cursor = tasks.pageInfo.endCursor;
    }
  }

  /** A's view of its document task: what B's writes must leave exactly as it was. */
  async function docsTaskAsA(): Promise<{ size: number; frames: number; annotations: number; jobs: string[] }> {
    const { task } = await a.must(TASK, { id: A.docsTask.id });
    assert.ok(task, "A still reads its document task");
    assert.equal(task.name, names.docsTask);
    return {
      size: task.size,
      frames: task.frames.totalCount,
      annotations: task.annotations.totalCount,
      jobs: task.autoAnnotationJobs.map((j: any) => j.id).sort(),
    };
  }

  /** The first thing a graphql-ws subscription yields: an event, or the errors it failed with. */
  async function firstEvent(client: GraphQLTestClient, jobId: string): Promise<GraphQLResponse> {
    try {
      for await (const event of client.subscribe(PROGRESS, { jobId })) return event;
      return {};
    } catch (err) {
      return { errors: Array.isArray(err) ? err : [{ message: String(err) }] };
    }
  }

  /** The first thing a graphql-ws subscription to a batch's progress yields: an event, or the errors it failed with. */
  async function firstBatchEvent(client: GraphQLTestClient, batchId: string): Promise<GraphQLResponse> {
    try {
      for await (const event of client.subscribe(BATCH_PROGRESS_SUBSCRIPTION, { batchId })) return event;
      return {};
    } catch (err) {
      return { errors: Array.isArray(err) ? err : [{ message: String(err) }] };
    }
  }

  async function createTask(
    client: GraphQLTestClient,
    name: string,
    labels: { name: string; type: string }[],
    frames: { name: string; bytes: Uint8Array; type: string }[],
  ) {
    const { createTask: task } = await client.must(CREATE_TASK, { input: { name, labels: labels.map((l) => ({ ...l, attributes: [] })) } });
    if (frames.length) {
      const res = await client.upload(ADD_FRAMES, { taskId: task.id }, "files", frames);
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    }
    return task as { id: string };
  }

  const street = () => [{ name: "street.png", bytes: png, type: "image/png" }];
  const streetLabels = [
    { name: "Vehicle", type: "RECTANGLE" },
    { name: "Person", type: "RECTANGLE" },
  ];
  const yoloSpec = (name: string) => ({ name, outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["person", "car"] });

  // -------------------------------------------------------------------------------------------------------------
  // Setup: one cloud system, A creates one of everything, B its own controls

  before(async () => {
    png = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#6080a0" } })
      .png()
      .toBuffer();
    // The import root: the sample documents, and a one-second clip for importVideo (a link out of the root is refused).
    importRoot = mkdtempSync(join(tmpdir(), "prelabel-probe-import-"));
    cpSync(join(REPO_ROOT, "samples", "documents"), join(importRoot, "documents"), { recursive: true });
    mkdirSync(join(importRoot, "videos"));
    execFileSync(locateFfmpeg({ searchPath: process.env.PATH }).ffmpeg, [
      ...["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-t", "1"],
      ...["-c:v", "libx264", "-pix_fmt", "yuv420p", join(importRoot, "videos", "clip.mp4")],
    ]);
    clip = readFileSync(join(importRoot, "videos", "clip.mp4"));
    fakes = await startHubFakes();
    // Only the YOLO v7 function: tenants register it by hand (no dashboard is configured in cloud mode here).
    nuclioFakes = await startNuclioFakes({ fixtures: [nuclioFixture(nuclioFixtureNames.yolov7)] });
    yolo = nuclioFakes.functions.get(nuclioFixtureNames.yolov7)!;
    const onnx = Buffer.from(tinyYoloV8());
    fakes.hfHub.seedRepo({
      id: ONNX_REPO,
      sha: "ab".repeat(20),
      pipelineTag: "object-detection",
      libraryName: "ultralytics",
      tags: ["ultralytics", "yolo", "yolov8", "onnx"],
      config: { id2label: { "0": "person", "1": "car" } },
      files: { "onnx/model.onnx": onnx },
      lfsFiles: ["onnx/model.onnx"],
      hfInference: false,
    });
    sys = await startSystem({
      tenantName: names.tenantA,
      workers: 1,
      env: {
        ...cloudSystemEnv(fakes.endpoints, SecretBox.generateKey("e2e")),
        IMPORT_ROOT: importRoot,
        // Cloud mode lets a tenant name public function URLs only; the fakes listen on loopback, so the operator's
        // opt-in lists that one host (registry and worker alike). Any other private address stays refused.
        NUCLIO_ALLOWED_HOSTS: "127.0.0.1",
        // A dashboard too, so Query.nuclioDashboard has a status to hide from cloud tenants (its functions are shared).
        NUCLIO_DASHBOARD_URL: nuclioFakes.url,
      },
      gatewayEnv: { AUTH_CACHE_TTL_MS: String(AUTH_CACHE_TTL_MS) },
    });
    a = sys.client;
    const tenantB = await sys.createTenant(names.tenantB);
    b = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: tenantB.apiKey });
    nats = await Messaging.connect({ url: sys.nats.url, namespace: sys.nats.namespace, name: "tenancy-probe" });

    // A: keys.
    const member = (await a.must(CREATE_API_KEY, { input: { name: names.memberKey, role: "MEMBER" } })).createApiKey;
    const extra = (await a.must(CREATE_API_KEY, { input: { name: names.extraKey, role: "ADMIN" } })).createApiKey;
    aMember = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: member.key });

    // A: models (uploaded ONNX, Hugging Face with a token, Roboflow with a key, an imported HF ONNX export).
    const uploaded = await a.uploadFile(UPLOAD_MODEL, { spec: yoloSpec(names.uploaded) }, "file", { name: "alpha.onnx", bytes: onnx });
    assert.equal(uploaded.errors, undefined, JSON.stringify(uploaded.errors));
    const hf = await a.request(ADD_HF, { input: { repoId: hfFixtureIds.detector, token: fakeCredentials.hfToken, name: names.hf } });
    assert.equal(hf.errors, undefined, JSON.stringify(hf.errors));
    const rf = await a.request(ADD_RF, {
      input: { url: "https://app.roboflow.com/acme/potholes/2", apiKey: fakeCredentials.roboflowKey, name: names.rf },
    });
    assert.equal(rf.errors, undefined, JSON.stringify(rf.errors));
    const imported = await a.request(IMPORT_HF, { input: { repoId: ONNX_REPO, name: names.imported } });
    assert.equal(imported.errors, undefined, JSON.stringify(imported.errors));
    // A: a Nuclio function reached directly, registered from its function.yaml.
    const nuclio = await a.uploadFile(ADD_NUCLIO, { input: { url: yolo.url, name: names.nuclio } }, "input.functionYaml", {
      name: "function.yaml",
      bytes: Buffer.from(nuclioFixture(nuclioFixtureNames.yolov7).yaml),
      type: "application/x-yaml",
    });
    assert.equal(nuclio.errors, undefined, JSON.stringify(nuclio.errors));
    assert.equal(nuclio.data!.addNuclioFunction.supported, true);

    // A: tasks; a finished text-detection job on the documents (so the task has annotations).
    const docsTask = await createTask(a, names.docsTask, [{ name: "Text", type: "POLYGON" }, ...streetLabels], docs);
    const streetTask = await createTask(a, names.streetTask, streetLabels, street());
    const holdTask = await createTask(a, names.holdTask, [{ name: "Person", type: "RECTANGLE" }], street());
    const { startAutoAnnotation: finished } = await a.must(START, {
      input: { taskId: docsTask.id, modelId: CATALOG_MODEL, convertMasksToPolygons: true },
    });
    const done = await waitForJob(a, finished.id);
    assert.equal(done.status, "COMPLETED");
    // A: a finished batch of one job (catalog model) on its batch task.
    const batchTask = await createTask(a, names.batchTask, [{ name: "Text", type: "POLYGON" }], docs.slice(0, 1));
    const { startAutoAnnotationBatch: batch } = await a.must(START_BATCH, { input: { taskIds: [batchTask.id], modelId: CATALOG_MODEL } });
    assert.equal((await waitForJob(a, batch.jobs[0].id)).status, "COMPLETED", "A's batch job");
    // A: a job on its street task with the Nuclio function, finished (the worker calls the function's own port).
    const { startAutoAnnotation: nuclioJob } = await a.must(START, {
      input: {
        taskId: streetTask.id,
        modelId: nuclio.data!.addNuclioFunction.id,
        threshold: 0.5,
        mapping: [
          { modelLabel: "car", taskLabel: "Vehicle" },
          { modelLabel: "person", taskLabel: "Person" },
        ],
      },
    });
    const nuclioDone = await waitForJob(a, nuclioJob.id);
    assert.equal(nuclioDone.status, "COMPLETED", `A's Nuclio job: ${JSON.stringify(nuclioDone)}`);
    assert.equal(yolo.calls, 1, "A's Nuclio job: one frame, one call to the function");

    // A: a job kept RUNNING: its one frame goes to the Hugging Face fake, which does not answer. Each hang holds an
    // attempt for HUB_ATTEMPT_TIMEOUT_MS (30 s): enough of them to outlive the whole suite (8 ran out at ~4 min).
    fakes.hfInference.inject("infer", ...Array.from({ length: 24 }, () => faults.hang()));
    const { startAutoAnnotation: held } = await a.must(START, {
      input: {
        taskId: holdTask.id,
        modelId: hf.data!.addHuggingFaceModel.id,
        threshold: 0.5,
        mapping: [{ modelLabel: "person", taskLabel: "Person" }],
      },
    });
    for (const deadline = Date.now() + 20_000; ; await sleep(100)) {
      const { autoAnnotationJob: job } = await a.must(JOB, { id: held.id });
      if (job.status === "RUNNING") break;
      assert.ok(
        Date.now() < deadline && !TERMINAL_STATUSES.has(job.status),
        `A's held job did not start RUNNING (${job.status}); logs in ${sys.logDir}`,
      );
    }

    // A: an evaluation of coco-object-detection on a task with one manual Person box.
    const evalTask = await createTask(a, names.evalTask, streetLabels, street());
    const { task: evalLabels } = await a.must(TASK_ANNOTATION_IDS, { id: evalTask.id });
    const personLabel = evalLabels.labels.find((l: any) => l.name === "Person");
    await a.must(SAVE_ANNOTATIONS, {
      taskId: evalTask.id,
      input: { create: [{ frame: 0, labelId: personLabel.id, points: [2, 2, 30, 40] }] },
    });
    const { evaluateModel: evaluation } = await a.must(EVALUATE_MODEL, {
      input: { taskId: evalTask.id, modelId: "coco-object-detection", mapping: [{ modelLabel: "person", taskLabel: "Person" }] },
    });
    assert.equal((await waitForEvaluation(a, evaluation.id, { logDir: sys.logDir })).status, "COMPLETED", "A's evaluation");

    const { task: annotated } = await a.must(TASK, { id: docsTask.id });
    assert.ok(annotated.annotations.totalCount > 0, "A's document task has annotations");
    A = {
      tenant: sys.tenant!,
      docsTask: { id: docsTask.id, size: annotated.size, annotations: annotated.annotations.totalCount },
      streetTask,
      holdTask,
      evalTask,
      evaluation: { id: evaluation.id },
      finishedJob: { id: finished.id },
      runningJob: { id: held.id },
      batch: { id: batch.id, taskId: batchTask.id, jobId: batch.jobs[0].id },
      uploadedModel: { id: uploaded.data!.uploadModel.id, sha256: uploaded.data!.uploadModel.artifacts[0].sha256 },
      hfModel: { id: hf.data!.addHuggingFaceModel.id, credentialHint: hf.data!.addHuggingFaceModel.hub.credentialHint },
      rfModel: { id: rf.data!.addRoboflowModel.id, credentialHint: rf.data!.addRoboflowModel.hub.credentialHint },
      importedModel: { id: imported.data!.importHuggingFaceOnnxModel.id },
      nuclioModel: { id: nuclio.data!.addNuclioFunction.id },
      nuclioJob: { id: nuclioJob.id },
      memberKey: { id: member.apiKey.id, key: member.key },
      extraKey: { id: extra.apiKey.id, key: extra.key },
    };

    // B: its own task with a frame (controls: the same calls on B's own objects work).
    B = {
      tenant: tenantB,
      ownTask: await createTask(b, `bravo-own-${run}`, [{ name: "Text", type: "POLYGON" }, ...streetLabels], docs.slice(0, 1)),
    };
  });

  after(async () => {
    // Hung hub requests first, so the worker is not left waiting on them while the stack stops.
    await fakes?.close();
    await nuclioFakes?.close();
    await nats?.close().catch(() => undefined);
    await aMember?.close();
    await b?.close();
    await sys?.stop();
  });

  // -------------------------------------------------------------------------------------------------------------
  // The probe table: one per root field of the supergraph

  const probes: Record<string, Probe> = {
    // ---- Query ----
    "Query.autoAnnotationJob": {
      asserts: "B reading A's finished job, A's RUNNING job, A's finished Nuclio job or a random id gets null/NOT_FOUND; A reads its job",
      async run() {
        for (const id of [A.finishedJob.id, A.runningJob.id, A.nuclioJob.id, randomUUID()])
          assertAbsent("Query.autoAnnotationJob", await b.request(JOB, { id }));
        const { autoAnnotationJob } = await a.must(JOB, { id: A.finishedJob.id });
        assert.equal(autoAnnotationJob?.status, "COMPLETED", "Query.autoAnnotationJob: A reads its own job");
        assert.equal(autoAnnotationJob.task.name, names.docsTask);
      },
    },
    "Query.evaluation": {
      asserts: "B reading A's evaluation or a random id gets null; A reads its own, COMPLETED",
      async run() {
        for (const id of [A.evaluation.id, randomUUID(), "not-a-uuid"])
          assertAbsent("Query.evaluation", await b.request(EVALUATION, { id }));
        const { evaluation } = await a.must(EVALUATION, { id: A.evaluation.id });
        assert.equal(evaluation?.status, "COMPLETED", "Query.evaluation: A reads its own evaluation");
      },
    },
    "Query.autoAnnotationBatch": {
      asserts: "B reading A's finished batch or a random id gets null/NOT_FOUND; A reads its batch COMPLETED with its job",
      async run() {
        for (const id of [A.batch.id, randomUUID(), "not-a-uuid"])
          assertAbsent("Query.autoAnnotationBatch", await b.request(BATCH, { id }));
        const { autoAnnotationBatch } = await a.must(BATCH, { id: A.batch.id });
        assert.equal(autoAnnotationBatch?.status, "COMPLETED", "Query.autoAnnotationBatch: A reads its own batch");
        assert.deepEqual(
          autoAnnotationBatch.jobs.map((j: any) => j.id),
          [A.batch.jobId],
        );
      },
    },
    "Query.suggestLabelMapping": {
      asserts:
        "B with A's task (catalog model) or with its own task and A's uploaded/HF/RF/imported/Nuclio model gets NOT_FOUND; the same calls on own objects work",
      async run() {
        const field = "Query.suggestLabelMapping";
        assertRefused(field, await b.request(SUGGEST, { taskId: A.docsTask.id, modelId: CATALOG_MODEL }));
        for (const modelId of [A.uploadedModel.id, A.hfModel.id, A.rfModel.id, A.importedModel.id, A.nuclioModel.id, randomUUID()]) {
          assertRefused(field, await b.request(SUGGEST, { taskId: B.ownTask.id, modelId }));
        }
        assertRefused(field, await b.request(SUGGEST, { taskId: randomUUID(), modelId: CATALOG_MODEL }));
        // Controls: B with its own task and the catalog, A with its own task and its own model.
        const own = await b.must(SUGGEST, { taskId: B.ownTask.id, modelId: CATALOG_MODEL });
        assert.ok(own.suggestLabelMapping.length > 0, `${field}: B's own task and the catalog model`);
        const mine = await a.must(SUGGEST, { taskId: A.docsTask.id, modelId: A.uploadedModel.id });
        assert.ok(mine.suggestLabelMapping.length > 0, `${field}: A's own task and model`);
      },
    },
    "Query.viewer": {
      asserts: "each key sees its own tenant (id, name); B's viewer holds nothing of A's",
      async run() {
        const vb = (await b.must(VIEWER)).viewer;
        assert.deepEqual(vb.tenant, { id: B.tenant.tenantId, name: names.tenantB }, "Query.viewer: B");
        assertNothingOfA("Query.viewer", vb);
        assert.deepEqual((await a.must(VIEWER)).viewer.tenant, { id: A.tenant.tenantId, name: names.tenantA }, "Query.viewer: A");
        assert.equal((await aMember.must(VIEWER)).viewer.tenant.id, A.tenant.tenantId, "Query.viewer: A's MEMBER");
      },
    },
    "Query.apiKeys": {
      asserts: "B's list holds only B's keys (none of A's 3 key ids); A's list holds A's 3 keys and none of B's",
      async run() {
        const bKeys = (await b.must(API_KEYS)).apiKeys;
        assertNothingOfA("Query.apiKeys", bKeys);
        assert.ok(
          bKeys.some((k: any) => k.id === B.tenant.keyId),
          "Query.apiKeys: B lists its own key",
        );
        const aIds = (await a.must(API_KEYS)).apiKeys.map((k: any) => k.id);
        for (const id of [A.tenant.keyId, A.memberKey.id, A.extraKey.id])
          assert.ok(aIds.includes(id), `Query.apiKeys: A lists its key ${id}`);
        assert.ok(!aIds.includes(B.tenant.keyId), "Query.apiKeys: A's list holds B's key");
      },
    },
    "Query.modelSources": {
      asserts: "global: A and B see the same sources, HUGGING_FACE, ROBOFLOW (cloud) and NUCLIO included",
      async run() {
        const sa = (await a.must(`{ modelSources }`)).modelSources;
        const sb = (await b.must(`{ modelSources }`)).modelSources;
        assert.deepEqual(sb, sa, "Query.modelSources: the same for both tenants");
        for (const s of ["CATALOG", "UPLOAD", "HUGGING_FACE", "ROBOFLOW", "NUCLIO"]) assert.ok(sb.includes(s), `Query.modelSources: ${s}`);
      },
    },
    "Query.deploymentMode": {
      asserts: "global: CLOUD for both tenants",
      async run() {
        assert.equal((await a.must(`{ deploymentMode }`)).deploymentMode, "CLOUD", "Query.deploymentMode: A");
        assert.equal((await b.must(`{ deploymentMode }`)).deploymentMode, "CLOUD", "Query.deploymentMode: B");
      },
    },
    "Query.nuclioDashboard": {
      asserts:
        "null for both tenants although a dashboard is configured and synced (its function is listed for both): a cloud tenant never learns the dashboard's address",
      async run() {
        const field = "Query.nuclioDashboard";
        // The dashboard is there: its function is discovered and shared, so null below is the tenant rule, not "no dashboard".
        for (const deadline = Date.now() + 20_000; ; await sleep(200)) {
          const listed = (await b.must(MODELS, { source: "NUCLIO" })).models.some((m: any) => m.nuclio?.discovered === true);
          if (listed) break;
          assert.ok(Date.now() < deadline, `${field}: the registry never listed the dashboard's function; logs in ${sys.logDir}`);
        }
        for (const [who, client] of [
          ["A", a],
          ["B", b],
        ] as const) {
          const res = await client.request(NUCLIO_DASHBOARD);
          assert.equal(res.errors, undefined, `${field} as ${who}: ${JSON.stringify(res.errors)}`);
          assert.equal(
            res.data?.nuclioDashboard,
            null,
            `${field} as ${who}: a cloud tenant (not the default tenant) was told the dashboard's status: ${JSON.stringify(res.data)}`,
          );
        }
      },
    },
    "Query.models": {
      asserts:
        "B's list, unfiltered and per source, holds none of A's 5 models; both see the same catalog, not deletable; A sees its 5 models",
      async run() {
        const field = "Query.models";
        for (const source of [null, "CATALOG", "UPLOAD", "HUGGING_FACE", "ROBOFLOW", "NUCLIO"]) {
          assertNothingOfA(`${field}(source: ${source})`, (await b.must(MODELS, { source })).models);
        }
        const aModels = (await a.must(MODELS)).models;
        const bModels = (await b.must(MODELS)).models;
        const catalog = (ms: any[]) => ms.filter((m) => m.source === "CATALOG").sort((x, y) => x.id.localeCompare(y.id));
        assert.ok(
          catalog(bModels).some((m: any) => m.id === CATALOG_MODEL),
          `${field}: B sees the catalog`,
        );
        assert.deepEqual(catalog(bModels), catalog(aModels), `${field}: both tenants see the same catalog`);
        assert.ok(
          catalog(bModels).every((m: any) => m.deletable === false),
          `${field}: catalog models are not deletable`,
        );
        const aIds = aModels.map((m: any) => m.id);
        for (const id of [A.uploadedModel.id, A.hfModel.id, A.rfModel.id, A.importedModel.id, A.nuclioModel.id])
          assert.ok(aIds.includes(id), `${field}: A lists its model ${id}`);
      },
    },
    "Query.model": {
      asserts: "B reading A's uploaded/HF/RF/imported/Nuclio model or a random id gets null; the catalog model reads the same for both",
      async run() {
        const mine = [A.uploadedModel.id, A.hfModel.id, A.rfModel.id, A.importedModel.id, A.nuclioModel.id];
        for (const id of [...mine, guessedModelId, randomUUID()]) assertAbsent("Query.model", await b.request(MODEL, { id }));
        const mb = (await b.must(MODEL, { id: CATALOG_MODEL })).model;
        assert.ok(mb, "Query.model: B reads the catalog model");
        assert.deepEqual(mb, (await a.must(MODEL, { id: CATALOG_MODEL })).model, "Query.model: the catalog model is the same for both");
        assert.equal((await a.must(MODEL, { id: A.hfModel.id })).model?.name, names.hf, "Query.model: A reads its own model");
        assert.equal((await a.must(MODEL, { id: A.nuclioModel.id })).model?.name, names.nuclio, "Query.model: A reads its Nuclio model");
      },
    },
    "Query.task": {
      asserts: "B reading A's 3 tasks (with frames, annotations, jobs) or a random id gets null; A reads them",
      async run() {
        for (const id of [A.docsTask.id, A.streetTask.id, A.holdTask.id, randomUUID()])
          assertAbsent("Query.task", await b.request(TASK, { id }));
        const now = await docsTaskAsA();
        assert.equal(now.annotations, A.docsTask.annotations, "Query.task: A reads its annotations");
      },
    },
    "Query.tasks": {
      asserts: "B's pages (and their tasks' autoAnnotationJobs) hold none of A's task or job ids; totalCount counts B's tasks only",
      async run() {
        const field = "Query.tasks";
        const bt = await allTaskIds(b);
        assertNothingOfA(field, bt.data);
        assert.ok(bt.ids.includes(B.ownTask.id), `${field}: B lists its own task`);
        assert.equal(bt.totalCount, bt.ids.length, `${field}: B's totalCount counts only what B may list`);
        const at = await allTaskIds(a);
        for (const id of [A.docsTask.id, A.streetTask.id, A.holdTask.id]) assert.ok(at.ids.includes(id), `${field}: A lists ${id}`);
        assert.ok(!at.ids.includes(B.ownTask.id), `${field}: A's list holds B's task`);
        assert.ok(at.jobIds.includes(A.finishedJob.id) && at.jobIds.includes(A.runningJob.id), `${field}: A lists its jobs`);
      },
    },

    // ---- Mutation ----
    "Mutation.startAutoAnnotation": {
      asserts:
        "B starting on A's task (catalog model) or on its own task with A's uploaded/HF/RF/imported/Nuclio model gets NOT_FOUND and A's task gets no job; B's own job runs and leaves A's annotations alone",
      async run() {
        const field = "Mutation.startAutoAnnotation";
        const before = await docsTaskAsA();
        assertRefused(field, await b.request(START, { input: { taskId: A.docsTask.id, modelId: CATALOG_MODEL } }));
        assertRefused(field, await b.request(START, { input: { taskId: A.streetTask.id, modelId: A.uploadedModel.id } }));
        for (const modelId of [A.uploadedModel.id, A.hfModel.id, A.rfModel.id, A.importedModel.id, A.nuclioModel.id]) {
          assertRefused(field, await b.request(START, { input: { taskId: B.ownTask.id, modelId } }));
        }
        assertRefused(field, await b.request(START, { input: { taskId: randomUUID(), modelId: CATALOG_MODEL } }));
        // Control: B's own task with the catalog model runs; A's task is untouched by it.
        const { startAutoAnnotation: own } = await b.must(START, { input: { taskId: B.ownTask.id, modelId: CATALOG_MODEL } });
        assert.equal((await waitForJob(b, own.id)).status, "COMPLETED", `${field}: B's own job`);
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        assertAbsent("Query.autoAnnotationJob", await a.request(JOB, { id: own.id }));
      },
    },
    "Mutation.evaluateModel": {
      asserts:
        "B evaluating on A's task (catalog model), on a random task, or on its own task with A's uploaded model gets NOT_FOUND and A's task gets no evaluation; B's own evaluation runs and A cannot read it",
      async run() {
        const field = "Mutation.evaluateModel";
        const person = [{ modelLabel: "person", taskLabel: "Person" }];
        const evaluationsOfA = async () =>
          (await a.must(TASK_EVALUATION_IDS, { id: A.evalTask.id })).task.evaluations.map((e: any) => e.id);
        const before = await evaluationsOfA();
        assertRefused(
          field,
          await b.request(EVALUATE_MODEL, { input: { taskId: A.evalTask.id, modelId: "coco-object-detection", mapping: person } }),
        );
        assertRefused(
          field,
          await b.request(EVALUATE_MODEL, { input: { taskId: randomUUID(), modelId: "coco-object-detection", mapping: person } }),
        );
        assertRefused(field, await b.request(EVALUATE_MODEL, { input: { taskId: B.ownTask.id, modelId: A.uploadedModel.id } }));
        assert.deepEqual(await evaluationsOfA(), before, `${field}: A's task got an evaluation`);
        // Control: B's own task, with a manual box of its own, is evaluated; A cannot read the result.
        const { task: own } = await b.must(TASK_ANNOTATION_IDS, { id: B.ownTask.id });
        const ownPerson = own.labels.find((l: any) => l.name === "Person");
        await b.must(SAVE_ANNOTATIONS, {
          taskId: B.ownTask.id,
          input: { create: [{ frame: 0, labelId: ownPerson.id, points: [1, 1, 9, 9] }] },
        });
        const { evaluateModel: mine } = await b.must(EVALUATE_MODEL, {
          input: { taskId: B.ownTask.id, modelId: "coco-object-detection", mapping: person },
        });
        assert.ok(
          TERMINAL_EVALUATION.has((await waitForEvaluation(b, mine.id, { logDir: sys.logDir })).status),
          `${field}: B's own evaluation`,
        );
        assertAbsent("Query.evaluation", await a.request(EVALUATION, { id: mine.id }));
      },
    },
    "Mutation.startAutoAnnotationBatch": {
      asserts:
        "B's batch naming A's task beside its own, or its own task with A's uploaded model, gets NOT_FOUND and no job starts on either task (all or nothing)",
      async run() {
        const field = "Mutation.startAutoAnnotationBatch";
        const before = await docsTaskAsA();
        const ownJobs = async () => (await b.must(TASK, { id: B.ownTask.id })).task.autoAnnotationJobs.map((j: any) => j.id).sort();
        const ownBefore = await ownJobs();
        assertRefused(field, await b.request(START_BATCH, { input: { taskIds: [B.ownTask.id, A.docsTask.id], modelId: CATALOG_MODEL } }));
        assertRefused(field, await b.request(START_BATCH, { input: { taskIds: [A.batch.taskId], modelId: CATALOG_MODEL } }));
        assertRefused(field, await b.request(START_BATCH, { input: { taskIds: [B.ownTask.id], modelId: A.uploadedModel.id } }));
        assertRefused(field, await b.request(START_BATCH, { input: { taskIds: [B.ownTask.id, randomUUID()], modelId: CATALOG_MODEL } }));
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        assert.deepEqual(await ownJobs(), ownBefore, `${field}: a refused batch started a job on B's own task`);
        const batchTask = (await a.must(TASK, { id: A.batch.taskId })).task.autoAnnotationJobs.map((j: any) => j.id);
        assert.deepEqual(batchTask, [A.batch.jobId], `${field}: A's batch task got a job`);
      },
    },
    "Mutation.cancelAutoAnnotationBatch": {
      asserts:
        "B cancelling A's batch or a random id gets NOT_FOUND (not JOB_NOT_ACTIVE); A cancelling its finished batch gets JOB_NOT_ACTIVE",
      async run() {
        const field = "Mutation.cancelAutoAnnotationBatch";
        for (const batchId of [A.batch.id, randomUUID(), "not-a-uuid"]) assertRefused(field, await b.request(CANCEL_BATCH, { batchId }));
        const own = await a.request(CANCEL_BATCH, { batchId: A.batch.id });
        assert.equal(
          own.errors?.[0]?.extensions?.code,
          "JOB_NOT_ACTIVE",
          `${field}: A cancelling its finished batch: ${JSON.stringify(own)}`,
        );
      },
    },
    "Mutation.previewAutoAnnotation": {
      asserts:
        "B previewing A's task (catalog model), a random task, or its own task with A's uploaded/HF/Nuclio model gets NOT_FOUND; B's own preview returns shapes; A's task and job list are untouched",
      async run() {
        const field = "Mutation.previewAutoAnnotation";
        const before = await docsTaskAsA();
        assertRefused(field, await b.request(PREVIEW, { input: { taskId: A.docsTask.id, modelId: CATALOG_MODEL }, frames: [0] }));
        assertRefused(field, await b.request(PREVIEW, { input: { taskId: randomUUID(), modelId: CATALOG_MODEL }, frames: [0] }));
        for (const modelId of [A.uploadedModel.id, A.hfModel.id, A.nuclioModel.id]) {
          assertRefused(field, await b.request(PREVIEW, { input: { taskId: B.ownTask.id, modelId }, frames: [0] }));
        }
        // Control: B's own frame with the catalog model.
        const { previewAutoAnnotation: own } = await b.must(PREVIEW, {
          input: { taskId: B.ownTask.id, modelId: CATALOG_MODEL, convertMasksToPolygons: true },
          frames: [0],
        });
        assert.equal(own.frames[0].failure, null, `${field}: B's own preview: ${JSON.stringify(own.frames[0].failure)}`);
        assert.ok(own.frames[0].shapes.length > 0, `${field}: B's own preview found text`);
        assertNothingOfA(field, own);
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
      },
    },
    "Mutation.cancelAutoAnnotation": {
      asserts:
        "B cancelling A's RUNNING job, A's finished (catalog or Nuclio) job or a random id gets NOT_FOUND (not JOB_NOT_ACTIVE); A's jobs keep their status",
      async run() {
        const field = "Mutation.cancelAutoAnnotation";
        assertRefused(field, await b.request(CANCEL, { jobId: A.runningJob.id }));
        assertRefused(field, await b.request(CANCEL, { jobId: A.finishedJob.id }));
        assertRefused(field, await b.request(CANCEL, { jobId: A.nuclioJob.id }));
        assertRefused(field, await b.request(CANCEL, { jobId: randomUUID() }));
        await sleep(300);
        assert.equal(
          (await a.must(JOB, { id: A.runningJob.id })).autoAnnotationJob.status,
          "RUNNING",
          `${field}: A's running job was cancelled by B`,
        );
        assert.equal((await a.must(JOB, { id: A.finishedJob.id })).autoAnnotationJob.status, "COMPLETED", `${field}: A's finished job`);
        // A's own finished job: the documented JOB_NOT_ACTIVE (so B's NOT_FOUND above is the tenancy answer).
        const own = await a.request(CANCEL, { jobId: A.finishedJob.id });
        assert.equal(
          own.errors?.[0]?.extensions?.code,
          "JOB_NOT_ACTIVE",
          `${field}: A cancelling its finished job: ${JSON.stringify(own.errors)}`,
        );
      },
    },
    "Mutation.createApiKey": {
      asserts: "a key B creates belongs to B (its viewer is B; A never lists it); A's MEMBER gets FORBIDDEN",
      async run() {
        const field = "Mutation.createApiKey";
        const created = (await b.must(CREATE_API_KEY, { input: { name: `bravo-key-${run}`, role: "MEMBER" } })).createApiKey;
        const bMember = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: created.key });
        try {
          assert.equal((await bMember.must(VIEWER)).viewer.tenant.id, B.tenant.tenantId, `${field}: B's new key speaks for B`);
          assertNothingOfA(
            field,
            await bMember.must(`{ tasks(first: 100) { edges { node { id name } } } models { id name } apiKeys { id name } }`),
          );
        } finally {
          await bMember.close();
        }
        assert.ok(!(await a.must(API_KEYS)).apiKeys.some((k: any) => k.id === created.apiKey.id), `${field}: A lists B's new key`);
        const refused = await aMember.request(CREATE_API_KEY, { input: { name: "escalate", role: "ADMIN" } });
        assert.equal(refused.errors?.[0]?.extensions?.code, "FORBIDDEN", `${field}: A's MEMBER: ${JSON.stringify(refused.errors)}`);
      },
    },
    "Mutation.revokeApiKey": {
      asserts:
        "B revoking A's ADMIN, MEMBER or extra key id (or a random id) gets NOT_FOUND; A's keys stay unrevoked and keep working past the auth cache TTL",
      async run() {
        const field = "Mutation.revokeApiKey";
        for (const id of [A.tenant.keyId, A.memberKey.id, A.extraKey.id, randomBytes(8).toString("hex")])
          assertRefused(field, await b.request(REVOKE_API_KEY, { id }));
        const forbidden = await aMember.request(REVOKE_API_KEY, { id: A.extraKey.id });
        assert.equal(forbidden.errors?.[0]?.extensions?.code, "FORBIDDEN", `${field}: A's MEMBER: ${JSON.stringify(forbidden.errors)}`);
        const keys = (await a.must(API_KEYS)).apiKeys;
        for (const id of [A.tenant.keyId, A.memberKey.id, A.extraKey.id]) {
          assert.equal(keys.find((k: any) => k.id === id)?.revokedAt, null, `${field}: A's key ${id} was revoked`);
        }
        await sleep(AUTH_CACHE_TTL_MS + 300);
        for (const key of [A.memberKey.key, A.extraKey.key]) {
          const c = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: key });
          try {
            assert.equal((await c.must(VIEWER)).viewer.tenant.id, A.tenant.tenantId, `${field}: A's key stopped working`);
          } finally {
            await c.close();
          }
        }
      },
    },
    "Mutation.addHuggingFaceModel": {
      asserts:
        "B adding the same repo as A gets its own model (new id, no credential: A's token is not inherited), which A never sees; A's model is unchanged",
      async run() {
        const field = "Mutation.addHuggingFaceModel";
        const res = await b.request(ADD_HF, { input: { repoId: hfFixtureIds.detector, name: `bravo-hf-${run}` } });
        assert.equal(res.errors, undefined, `${field}: ${JSON.stringify(res.errors)}`);
        const mb = res.data!.addHuggingFaceModel;
        assert.notEqual(mb.id, A.hfModel.id, `${field}: B got A's model`);
        assert.equal(mb.hub.credentialHint, null, `${field}: B's model carries a credential it never gave (A's?)`);
        assertNothingOfA(field, mb);
        assertAbsent("Query.model", await a.request(MODEL, { id: mb.id }));
        const ma = (await a.must(MODEL, { id: A.hfModel.id })).model;
        assert.equal(ma.hub.credentialHint, A.hfModel.credentialHint, `${field}: A's credential hint changed`);
      },
    },
    "Mutation.importHuggingFaceOnnxModel": {
      asserts:
        "B importing the repo A imported gets its own model; B deleting it (shared bytes) leaves A's imported model listed and running a job to COMPLETED",
      async run() {
        const field = "Mutation.importHuggingFaceOnnxModel";
        const res = await b.request(IMPORT_HF, { input: { repoId: ONNX_REPO, name: `bravo-imported-${run}` } });
        assert.equal(res.errors, undefined, `${field}: ${JSON.stringify(res.errors)}`);
        const mb = res.data!.importHuggingFaceOnnxModel;
        assert.notEqual(mb.id, A.importedModel.id, `${field}: B got A's model`);
        assertNothingOfA(field, mb);
        assertAbsent("Query.model", await a.request(MODEL, { id: mb.id }));
        assert.equal((await b.must(DELETE_MODEL, { id: mb.id })).deleteModel, true, `${field}: B deletes its own import`);
        assert.ok((await a.must(MODEL, { id: A.importedModel.id })).model, `${field}: A's imported model is gone`);
        await assertModelRuns(field, A.importedModel.id);
      },
    },
    "Mutation.addRoboflowModel": {
      asserts:
        "B adding A's private project with its own (other-workspace) key is refused by the hub (HUB_*); B's public model is its own (B's key hint), which A never sees; A's Roboflow model keeps its hint",
      async run() {
        const field = "Mutation.addRoboflowModel";
        // The private project A added, with B's key of another workspace: the hub refuses it (A's stored key is never used).
        const res = await b.request(ADD_RF, {
          input: { url: "https://app.roboflow.com/acme/potholes/2", apiKey: fakeCredentials.roboflowKeyOther, name: `bravo-rf-${run}` },
        });
        assert.ok(
          res.errors?.[0]?.extensions?.code?.startsWith("HUB_"),
          `${field}: B added A's private project with another workspace's key: ${JSON.stringify(res)}`,
        );
        assert.equal(res.data?.addRoboflowModel ?? null, null, `${field}: ${JSON.stringify(res.data)}`);
        assertNoNamesOfA(field, res);
        // A public model: B's own, with B's key.
        const universe = await b.request(ADD_RF, {
          input: { url: "https://universe.roboflow.com/universe-ws/public-cars/model/5", apiKey: fakeCredentials.roboflowKeyOther },
        });
        assert.equal(universe.errors, undefined, `${field}: B adds a public model: ${JSON.stringify(universe.errors)}`);
        const mb = universe.data!.addRoboflowModel;
        assert.equal(mb.hub.credentialHint, `…${fakeCredentials.roboflowKeyOther.slice(-4)}`, `${field}: B's hint`);
        assertNothingOfA(field, mb);
        assertAbsent("Query.model", await a.request(MODEL, { id: mb.id }));
        assert.equal(
          (await a.must(MODEL, { id: A.rfModel.id })).model.hub.credentialHint,
          A.rfModel.credentialHint,
          `${field}: A's hint changed`,
        );
      },
    },
    "Mutation.addNuclioFunction": {
      asserts:
        "B registering A's function URL gets its own model (new id, B's name), which A never sees; B deleting, starting or suggesting with A's Nuclio model gets NOT_FOUND and the function is not called; a private address not allowed is NUCLIO_URL_REFUSED; A's model still runs",
      async run() {
        const field = "Mutation.addNuclioFunction";
        const callsBefore = yolo.calls;
        // The same URL, with CVAT's label spec instead of the function.yaml (the other way in).
        const spec = JSON.stringify(cocoLabels.map((l, i) => ({ id: i, name: l.name, type: "rectangle" })));
        const bName = `bravo-nuclio-yolov7-${run}`;
        const res = await b.request(ADD_NUCLIO, { input: { url: yolo.url, spec, name: bName } });
        assert.equal(res.errors, undefined, `${field}: ${JSON.stringify(res.errors)}`);
        const mb = res.data!.addNuclioFunction;
        assert.notEqual(mb.id, A.nuclioModel.id, `${field}: B got A's model`);
        assert.equal(mb.name, bName, `${field}: B's model has B's name`);
        assert.deepEqual(
          [mb.source, mb.supported, mb.nuclio?.invokeMethod, mb.nuclio?.discovered],
          ["NUCLIO", true, "DIRECT", false],
          `${field}: B's model: ${JSON.stringify(mb)}`,
        );
        assertNothingOfA(field, mb);
        assertAbsent("Query.model", await a.request(MODEL, { id: mb.id }));
        assert.ok(!(await a.must(MODELS, { source: "NUCLIO" })).models.some((m: any) => m.id === mb.id), `${field}: A lists B's function`);
        assertNothingOfA(field, (await b.must(MODELS, { source: "NUCLIO" })).models);

        // A's function, by id: unknown to B, whatever B does with it.
        assertRefused("Mutation.deleteModel", await b.request(DELETE_MODEL, { id: A.nuclioModel.id }));
        assertRefused(
          "Mutation.startAutoAnnotation",
          await b.request(START, {
            input: {
              taskId: B.ownTask.id,
              modelId: A.nuclioModel.id,
              threshold: 0.5,
              mapping: [{ modelLabel: "car", taskLabel: "Vehicle" }],
            },
          }),
        );
        assertRefused("Query.suggestLabelMapping", await b.request(SUGGEST, { taskId: B.ownTask.id, modelId: A.nuclioModel.id }));
        await sleep(500);
        assert.equal(yolo.calls, callsBefore, `${field}: the function was called for B`);

        // The cloud policy is on: only the operator's listed host passes, not any private address (here the cloud
        // metadata endpoint, and a private LAN address).
        for (const url of ["http://169.254.169.254/", "http://10.20.30.40:8080/"]) {
          const refused = await b.request(ADD_NUCLIO, { input: { url, spec, name: `bravo-nuclio-private-${run}` } });
          assert.equal(refused.errors?.[0]?.extensions?.code, "NUCLIO_URL_REFUSED", `${field}: ${url}: ${JSON.stringify(refused)}`);
          assertNoNamesOfA(field, refused);
        }

        // B deletes its own registration: A's function (the same URL) stays, reads as before and runs.
        assert.equal((await b.must(DELETE_MODEL, { id: mb.id })).deleteModel, true, `${field}: B deletes its own function`);
        const ma = (await a.must(MODEL, { id: A.nuclioModel.id })).model;
        assert.equal(ma?.name, names.nuclio, `${field}: A's Nuclio model`);
        assert.equal(ma.deletable, true, `${field}: A's Nuclio model is A's to delete`);
        await assertModelRuns(field, A.nuclioModel.id);
        assert.equal(yolo.calls, callsBefore + 1, `${field}: A's job called the function once`);
      },
    },
    "Mutation.updateHubCredential": {
      asserts:
        "B replacing the credential of A's HF or RF model, A's Nuclio model (no credential) or a random id gets NOT_FOUND and A's hints stay; on a catalog model it is refused; A can update its own",
      async run() {
        const field = "Mutation.updateHubCredential";
        assertRefused(field, await b.request(UPDATE_CREDENTIAL, { id: A.hfModel.id, token: "hf_bravoStolenToken000000009" }));
        assertRefused(field, await b.request(UPDATE_CREDENTIAL, { id: A.rfModel.id, token: fakeCredentials.roboflowKeyOther }));
        assertRefused(field, await b.request(UPDATE_CREDENTIAL, { id: A.nuclioModel.id, token: "hf_bravoStolenToken000000009" }));
        assertRefused(field, await b.request(UPDATE_CREDENTIAL, { id: randomUUID(), token: "hf_bravoStolenToken000000009" }));
        // A catalog model has no credential: refused alike for both tenants (today BAD_USER_INPUT), never changed.
        const catalog = await b.request(UPDATE_CREDENTIAL, { id: CATALOG_MODEL, token: "hf_bravoStolenToken000000009" });
        assert.ok(catalog.errors?.length, `${field}: B changed a catalog model: ${JSON.stringify(catalog.data)}`);
        assertNoNamesOfA(field, catalog);
        const catalogAsA = await a.request(UPDATE_CREDENTIAL, { id: CATALOG_MODEL, token: "hf_alphaToken0000000000000009" });
        assert.equal(
          catalog.errors[0].extensions?.code,
          catalogAsA.errors?.[0]?.extensions?.code,
          `${field}: a catalog model answers A and B alike: ${JSON.stringify([catalog, catalogAsA])}`,
        );
        assert.equal((await b.must(MODEL, { id: CATALOG_MODEL })).model.hub, null, `${field}: the catalog model got a hub credential`);
        assert.equal(
          (await a.must(MODEL, { id: A.hfModel.id })).model.hub.credentialHint,
          A.hfModel.credentialHint,
          `${field}: A's HF hint changed`,
        );
        assert.equal(
          (await a.must(MODEL, { id: A.rfModel.id })).model.hub.credentialHint,
          A.rfModel.credentialHint,
          `${field}: A's RF hint changed`,
        );
        // Control: A may update its own (the same key again).
        const own = await a.request(UPDATE_CREDENTIAL, { id: A.rfModel.id, token: fakeCredentials.roboflowKey });
        assert.equal(own.errors, undefined, `${field}: A updating its own model: ${JSON.stringify(own.errors)}`);
      },
    },
    "Mutation.uploadModel": {
      asserts:
        "B uploading A's exact bytes gets its own model, A never sees it; B deleting it leaves A's model (same sha256) listed and running a job to COMPLETED",
      async run() {
        const field = "Mutation.uploadModel";
        const res = await b.uploadFile(UPLOAD_MODEL, { spec: yoloSpec(`bravo-uploaded-${run}`) }, "file", {
          name: "bravo.onnx",
          bytes: tinyYoloV8(),
        });
        assert.equal(res.errors, undefined, `${field}: ${JSON.stringify(res.errors)}`);
        const mb = res.data!.uploadModel;
        assert.notEqual(mb.id, A.uploadedModel.id, `${field}: B got A's model`);
        assert.equal(mb.artifacts[0].sha256, A.uploadedModel.sha256, `${field}: the same bytes`);
        assertNothingOfA(field, mb);
        assertAbsent("Query.model", await a.request(MODEL, { id: mb.id }));
        assert.equal((await b.must(DELETE_MODEL, { id: mb.id })).deleteModel, true, `${field}: B deletes its own model`);
        const ma = (await a.must(MODEL, { id: A.uploadedModel.id })).model;
        assert.equal(ma?.artifacts[0].sha256, A.uploadedModel.sha256, `${field}: A's uploaded model`);
        await assertModelRuns(field, A.uploadedModel.id);
      },
    },
    "Mutation.deleteModel": {
      asserts:
        "B deleting A's uploaded/HF/RF/imported/Nuclio model or a random id gets NOT_FOUND and A still reads each; a catalog model is MODEL_NOT_DELETABLE for both and stays listed",
      async run() {
        const field = "Mutation.deleteModel";
        const mine = [A.uploadedModel.id, A.hfModel.id, A.rfModel.id, A.importedModel.id, A.nuclioModel.id];
        for (const id of [...mine, guessedModelId, randomUUID()]) assertRefused(field, await b.request(DELETE_MODEL, { id }));
        for (const client of [b, a]) {
          const res = await client.request(DELETE_MODEL, { id: CATALOG_MODEL });
          assert.equal(res.errors?.[0]?.extensions?.code, "MODEL_NOT_DELETABLE", `${field}: catalog model: ${JSON.stringify(res)}`);
        }
        for (const id of mine) assert.ok((await a.must(MODEL, { id })).model, `${field}: A's model ${id} is gone`);
        assert.ok((await b.must(MODEL, { id: CATALOG_MODEL })).model, `${field}: the catalog model is gone`);
      },
    },
    "Mutation.createTask": {
      asserts: "a task B creates is B's: A neither reads nor lists it; B does",
      async run() {
        const field = "Mutation.createTask";
        const { createTask: task } = await b.must(CREATE_TASK, {
          input: { name: `bravo-created-${run}`, labels: [{ name: "Person", type: "RECTANGLE", attributes: [] }] },
        });
        assertAbsent("Query.task", await a.request(TASK, { id: task.id }));
        assert.ok(!(await allTaskIds(a)).ids.includes(task.id), `${field}: A lists B's task`);
        assert.ok((await allTaskIds(b)).ids.includes(task.id), `${field}: B lists its task`);
        assert.equal((await b.must(DELETE_TASK, { id: task.id })).deleteTask, true, `${field}: B deletes its own task`);
      },
    },
    "Mutation.addFrames": {
      asserts:
        "B adding frames to A's task or a random id gets NOT_FOUND; A's task keeps its size, frames and annotations; B can add to its own",
      async run() {
        const field = "Mutation.addFrames";
        const before = await docsTaskAsA();
        assertRefused(field, await b.upload(ADD_FRAMES, { taskId: A.docsTask.id }, "files", street()));
        assertRefused(field, await b.upload(ADD_FRAMES, { taskId: randomUUID() }, "files", street()));
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        const own = await b.upload(ADD_FRAMES, { taskId: B.ownTask.id }, "files", street());
        assert.equal(own.errors, undefined, `${field}: B's own task: ${JSON.stringify(own.errors)}`);
      },
    },
    "Mutation.saveAnnotations": {
      asserts:
        "B saving into A's task or a random id gets NOT_FOUND; B naming A's annotations from its own task changes nothing of A's; B can save into its own",
      async run() {
        const field = "Mutation.saveAnnotations";
        const { task: docs } = await a.must(TASK_ANNOTATION_IDS, { id: A.docsTask.id });
        const aIds: string[] = docs.annotations.edges.map((e: any) => e.node.id);
        assert.ok(aIds.length > 0, `${field}: A's document task has annotations to aim at`);
        const before = await docsTaskAsA();
        const aCreate = { frame: 0, labelId: docs.labels[0].id, points: [1, 1, 5, 1, 5, 5] };
        for (const taskId of [A.docsTask.id, randomUUID()]) {
          assertRefused(field, await b.request(SAVE_ANNOTATIONS, { taskId, input: { delete: aIds } }));
          assertRefused(field, await b.request(SAVE_ANNOTATIONS, { taskId, input: { create: [aCreate] } }));
        }
        // A's ids named from B's own task are not B's: refused as gone, and A keeps them.
        assertRefused(field, await b.request(SAVE_ANNOTATIONS, { taskId: B.ownTask.id, input: { delete: aIds } }), ["CONFLICT"]);
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        const { task: own } = await b.must(TASK_ANNOTATION_IDS, { id: B.ownTask.id });
        const vehicle = own.labels.find((l: any) => l.name === "Vehicle");
        const saved = await b.request(SAVE_ANNOTATIONS, {
          taskId: B.ownTask.id,
          input: { create: [{ frame: 0, labelId: vehicle.id, points: [1, 1, 5, 5] }] },
        });
        assert.equal(saved.errors, undefined, `${field}: B's own task: ${JSON.stringify(saved.errors)}`);
        assert.equal(saved.data!.saveAnnotations.created.length, 1, `${field}: B's own save`);
      },
    },
    "Mutation.resolveReview": {
      asserts:
        "B accepting or rejecting A's annotations in A's task, a random task or its own task gets NOT_FOUND (never NOT_FLAGGED_FOR_REVIEW, which would confirm them); A's task keeps its annotations; B's own unflagged annotation is NOT_FLAGGED_FOR_REVIEW",
      async run() {
        const field = "Mutation.resolveReview";
        const { task: docs } = await a.must(TASK_ANNOTATION_IDS, { id: A.docsTask.id });
        const aIds: string[] = docs.annotations.edges.map((e: any) => e.node.id);
        assert.ok(aIds.length > 0, `${field}: A's document task has annotations to aim at`);
        const before = await docsTaskAsA();
        for (const decision of ["ACCEPT", "REJECT"]) {
          for (const taskId of [A.docsTask.id, randomUUID(), B.ownTask.id]) {
            assertRefused(field, await b.request(RESOLVE_REVIEW, { taskId, ids: aIds, decision }));
          }
        }
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        // Control: B's own annotation, not flagged, is refused for what it is.
        const { task: own } = await b.must(TASK_ANNOTATION_IDS, { id: B.ownTask.id });
        const vehicle = own.labels.find((l: any) => l.name === "Vehicle");
        const saved = await b.must(SAVE_ANNOTATIONS, {
          taskId: B.ownTask.id,
          input: { create: [{ frame: 0, labelId: vehicle.id, points: [2, 2, 6, 6] }] },
        });
        const mine = await b.request(RESOLVE_REVIEW, {
          taskId: B.ownTask.id,
          ids: [saved.saveAnnotations.created[0].id],
          decision: "ACCEPT",
        });
        assert.equal(mine.errors?.[0]?.extensions?.code, "NOT_FLAGGED_FOR_REVIEW", `${field}: B's own task: ${JSON.stringify(mine)}`);
      },
    },
    "Mutation.importAnnotations": {
      asserts:
        "B importing a COCO file into A's task or a random id gets NOT_FOUND; A's task keeps its annotations; B can import into its own",
      async run() {
        const field = "Mutation.importAnnotations";
        const coco = (frameName: string) => ({
          name: "annotations.json",
          type: "application/json",
          bytes: Buffer.from(
            JSON.stringify({
              images: [{ id: 1, file_name: frameName, width: 8, height: 8 }],
              categories: [{ id: 1, name: "Vehicle" }],
              annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 2, 2] }],
            }),
          ),
        });
        const before = await docsTaskAsA();
        const vars = { format: "COCO_INSTANCES", partial: true };
        assertRefused(field, await b.uploadFile(IMPORT_ANNOTATIONS, { ...vars, taskId: A.docsTask.id }, "file", coco("street.png")));
        assertRefused(field, await b.uploadFile(IMPORT_ANNOTATIONS, { ...vars, taskId: randomUUID() }, "file", coco("street.png")));
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        const own = await b.uploadFile(IMPORT_ANNOTATIONS, { ...vars, taskId: B.ownTask.id }, "file", coco("nowhere.png"));
        assert.equal(own.errors, undefined, `${field}: B's own task: ${JSON.stringify(own.errors)}`);
        assert.equal(own.data!.importAnnotations.applied, true, `${field}: B's own import`);
      },
    },
    "Mutation.importFrames": {
      asserts: "B importing into A's task or a random id gets NOT_FOUND; A's task is unchanged; B can import into its own",
      async run() {
        const field = "Mutation.importFrames";
        const before = await docsTaskAsA();
        assertRefused(field, await b.request(IMPORT_FRAMES, { taskId: A.docsTask.id, serverPath: "documents" }));
        assertRefused(field, await b.request(IMPORT_FRAMES, { taskId: randomUUID(), serverPath: "documents" }));
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        const { createTask: task } = await b.must(CREATE_TASK, {
          input: { name: `bravo-import-${run}`, labels: [{ name: "Text", type: "POLYGON", attributes: [] }] },
        });
        const own = await b.request(IMPORT_FRAMES, { taskId: task.id, serverPath: "documents" });
        assert.equal(own.errors, undefined, `${field}: B's own task: ${JSON.stringify(own.errors)}`);
        assert.ok(own.data!.importFrames.size > 0, `${field}: B's own import`);
      },
    },
    "Mutation.addVideo": {
      asserts: "B adding a video to A's task or a random id gets NOT_FOUND; A's task is unchanged; B can add one to its own empty task",
      async run() {
        const field = "Mutation.addVideo";
        const video = () => ({ name: "clip.mp4", bytes: clip, type: "video/mp4" });
        const before = await docsTaskAsA();
        assertRefused(field, await b.uploadFile(ADD_VIDEO, { taskId: A.docsTask.id }, "file", video()));
        assertRefused(field, await b.uploadFile(ADD_VIDEO, { taskId: randomUUID() }, "file", video()));
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        const { createTask: task } = await b.must(CREATE_TASK, {
          input: { name: `bravo-video-${run}`, labels: [{ name: "Thing", type: "RECTANGLE", attributes: [] }] },
        });
        const own = await b.uploadFile(ADD_VIDEO, { taskId: task.id }, "file", video());
        assert.equal(own.errors, undefined, `${field}: B's own task: ${JSON.stringify(own.errors)}`);
        assert.equal(own.data!.addVideo.size, 10, `${field}: B's own video`);
      },
    },
    "Mutation.importVideo": {
      asserts: "B importing a video into A's task or a random id gets NOT_FOUND; A's task is unchanged; B can import into its own",
      async run() {
        const field = "Mutation.importVideo";
        const before = await docsTaskAsA();
        assertRefused(field, await b.request(IMPORT_VIDEO, { taskId: A.docsTask.id, serverPath: "videos/clip.mp4" }));
        assertRefused(field, await b.request(IMPORT_VIDEO, { taskId: randomUUID(), serverPath: "videos/clip.mp4" }));
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        const { createTask: task } = await b.must(CREATE_TASK, {
          input: { name: `bravo-import-video-${run}`, labels: [{ name: "Thing", type: "RECTANGLE", attributes: [] }] },
        });
        const own = await b.request(IMPORT_VIDEO, { taskId: task.id, serverPath: "videos/clip.mp4" });
        assert.equal(own.errors, undefined, `${field}: B's own task: ${JSON.stringify(own.errors)}`);
        assert.equal(own.data!.importVideo.size, 10, `${field}: B's own import`);
      },
    },
    "Mutation.exportAnnotations": {
      asserts:
        "B asking for a download link of A's task or a random id gets NOT_FOUND; B's own task gets one; A's link downloads A's annotations through the gateway",
      async run() {
        const field = "Mutation.exportAnnotations";
        for (const taskId of [A.docsTask.id, randomUUID()])
          assertRefused(field, await b.request(EXPORT_ANNOTATIONS, { taskId, format: "COCO_INSTANCES" }));
        const own = await b.request(EXPORT_ANNOTATIONS, { taskId: B.ownTask.id, format: "CVAT_IMAGES" });
        assert.equal(own.errors, undefined, `${field}: B's own task: ${JSON.stringify(own.errors)}`);
        const { exportAnnotations: link } = await a.must(EXPORT_ANNOTATIONS, { taskId: A.docsTask.id, format: "COCO_INSTANCES" });
        // The link is the credential: fetched without a key, through the gateway.
        const res = await fetch(new URL(link.url, sys.stack.gatewayUrl));
        assert.equal(res.status, 200, `${field}: A's link`);
        const coco = (await res.json()) as { annotations: unknown[] };
        assert.ok(coco.annotations.length > 0 && coco.annotations.length <= A.docsTask.annotations, `${field}: A's annotations`);
      },
    },
    "Mutation.deleteTask": {
      asserts:
        "B deleting A's 3 tasks or a random id gets NOT_FOUND; A still reads each, its document task with the same frames, annotations and jobs",
      async run() {
        const field = "Mutation.deleteTask";
        const before = await docsTaskAsA();
        for (const id of [A.docsTask.id, A.streetTask.id, A.holdTask.id, randomUUID()])
          assertRefused(field, await b.request(DELETE_TASK, { id }));
        assert.deepEqual(await docsTaskAsA(), before, `${field}: A's task changed`);
        assert.equal(before.annotations, A.docsTask.annotations, `${field}: A's annotations`);
        for (const id of [A.streetTask.id, A.holdTask.id]) assert.ok((await a.must(TASK, { id })).task, `${field}: A's task ${id} is gone`);
      },
    },

    // ---- Subscription ----
    "Subscription.autoAnnotationProgress": {
      asserts:
        "B subscribing (graphql-ws and SSE) to A's RUNNING job, A's finished (catalog or Nuclio) job or a random id gets NOT_FOUND and no event; A gets its RUNNING job's state",
      async run() {
        const field = "Subscription.autoAnnotationProgress";
        for (const jobId of [A.runningJob.id, A.finishedJob.id, A.nuclioJob.id, randomUUID()]) {
          const ws = await firstEvent(b, jobId);
          assert.equal(ws.data ?? null, null, `${field} (ws): B got an event of ${jobId}: ${JSON.stringify(ws)}`);
          assert.equal(ws.errors?.[0]?.extensions?.code, "NOT_FOUND", `${field} (ws): ${JSON.stringify(ws)}`);
          assertNoNamesOfA(field, ws);
          const sse: GraphQLResponse[] = [];
          for await (const event of b.subscribeSse(PROGRESS, { jobId })) sse.push(event);
          assert.ok(sse.length > 0, `${field} (SSE): no answer`);
          assert.ok(
            sse.every((e) => (e.data ?? null) === null),
            `${field} (SSE): B got an event of ${jobId}: ${JSON.stringify(sse)}`,
          );
          assert.equal(sse[0].errors?.[0]?.extensions?.code, "NOT_FOUND", `${field} (SSE): ${JSON.stringify(sse)}`);
          assertNoNamesOfA(field, sse);
        }
        const mine = await firstEvent(a, A.runningJob.id);
        assert.equal(mine.errors, undefined, `${field}: A's own job: ${JSON.stringify(mine.errors)}`);
        assert.equal(mine.data?.autoAnnotationProgress?.status, "RUNNING", `${field}: A's own job: ${JSON.stringify(mine)}`);
      },
    },
    "Subscription.autoAnnotationBatchProgress": {
      asserts: "B subscribing (graphql-ws and SSE) to A's batch or a random id gets NOT_FOUND and no event; A gets its batch's final state",
      async run() {
        const field = "Subscription.autoAnnotationBatchProgress";
        for (const batchId of [A.batch.id, randomUUID()]) {
          const ws = await firstBatchEvent(b, batchId);
          assert.equal(ws.data ?? null, null, `${field} (ws): B got an event of ${batchId}: ${JSON.stringify(ws)}`);
          assert.equal(ws.errors?.[0]?.extensions?.code, "NOT_FOUND", `${field} (ws): ${JSON.stringify(ws)}`);
          assertNoNamesOfA(field, ws);
          const sse: GraphQLResponse[] = [];
          for await (const event of b.subscribeSse(BATCH_PROGRESS_SUBSCRIPTION, { batchId })) sse.push(event);
          assert.ok(sse.length > 0, `${field} (SSE): no answer`);
          assert.ok(
            sse.every((e) => (e.data ?? null) === null),
            `${field} (SSE): B got an event of ${batchId}: ${JSON.stringify(sse)}`,
          );
          assert.equal(sse[0].errors?.[0]?.extensions?.code, "NOT_FOUND", `${field} (SSE): ${JSON.stringify(sse)}`);
          assertNoNamesOfA(field, sse);
        }
        const mine = await firstBatchEvent(a, A.batch.id);
        assert.equal(mine.errors, undefined, `${field}: A's own batch: ${JSON.stringify(mine.errors)}`);
        assert.equal(mine.data?.autoAnnotationBatchProgress?.status, "COMPLETED", `${field}: A's own batch: ${JSON.stringify(mine)}`);
      },
    },
  };

  /** A's job with its own model on its street task completes with detections: the model (and its bytes) still work. */
  async function assertModelRuns(field: string, modelId: string): Promise<void> {
    const { startAutoAnnotation: job } = await a.must(START, {
      input: {
        taskId: A.streetTask.id,
        modelId,
        threshold: 0.5,
        mapping: [
          { modelLabel: "car", taskLabel: "Vehicle" },
          { modelLabel: "person", taskLabel: "Person" },
        ],
      },
    });
    const final = await waitForJob(a, job.id);
    assert.equal(final.status, "COMPLETED", `${field}: A's job with its model ${modelId}: ${JSON.stringify(final)}`);
    assert.equal(final.framesDone, 1, `${field}: A's job with its model ${modelId}: ${JSON.stringify(final)}`);
  }

  // -------------------------------------------------------------------------------------------------------------

  it("has a probe for every root field of the supergraph, and none for a field that is not there", () => {
    const fields = supergraphRootFields();
    const missing = fields.filter((f) => !(f in probes));
    const stale = Object.keys(probes).filter((f) => !fields.includes(f));
    assert.deepEqual(missing, [], `root fields without a probe: ${missing.join(", ")}`);
    assert.deepEqual(stale, [], `probes for fields the supergraph does not have: ${stale.join(", ")}`);
    assert.deepEqual(Object.keys(probes).sort(), fields);
  });

  for (const [field, probe] of Object.entries(probes)) {
    it(`${field}: ${probe.asserts}`, () => probe.run());
  }

  it("NATS describe-task / describe-model / list-annotations answer for the request's tenant only", async () => {
    const expectNotFound = async (what: string, call: () => Promise<unknown>) => {
      await assert.rejects(
        call,
        (err: unknown) => {
          assert.ok(err instanceof RemoteServiceError, `${what}: ${String(err)}`);
          assert.equal(err.code, "NOT_FOUND", `${what}: ${err.code} ${err.message}`);
          assertNoNamesOfA(what, err.message);
          return true;
        },
        `${what}: answered for another tenant`,
      );
    };
    const describeTask = (taskId: string, tenantId: string) =>
      nats.request(Endpoints.describeTask, create(DescribeTaskRequestSchema, { taskId, tenantId, omitFrames: true }));
    const describeModel = (modelId: string, tenantId: string) =>
      nats.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId, tenantId }));

    for (const taskId of [A.docsTask.id, A.streetTask.id, A.holdTask.id]) {
      await expectNotFound(`describe-task ${taskId} as B`, () => describeTask(taskId, B.tenant.tenantId));
      await expectNotFound(`describe-task ${taskId} as the default tenant`, () => describeTask(taskId, ""));
    }
    const withFrames = () =>
      nats.request(Endpoints.describeTask, create(DescribeTaskRequestSchema, { taskId: A.docsTask.id, tenantId: B.tenant.tenantId }));
    await expectNotFound("describe-task with frames as B", withFrames);
    const own = await describeTask(A.docsTask.id, A.tenant.tenantId);
    assert.equal(own.name, names.docsTask, "describe-task as A");
    assert.equal(own.size, A.docsTask.size, "describe-task as A");

    for (const modelId of [A.uploadedModel.id, A.hfModel.id, A.rfModel.id, A.importedModel.id, A.nuclioModel.id]) {
      await expectNotFound(`describe-model ${modelId} as B`, () => describeModel(modelId, B.tenant.tenantId));
      await expectNotFound(`describe-model ${modelId} as the default tenant`, () => describeModel(modelId, ""));
      const mine = await describeModel(modelId, A.tenant.tenantId);
      assert.equal(mine.model?.id, modelId, `describe-model ${modelId} as A`);
    }
    const listAnnotations = (taskId: string, tenantId: string) =>
      nats.request(
        Endpoints.listAnnotations,
        create(ListAnnotationsRequestSchema, { taskId, tenantId, frames: [0, 1], manualOnly: false }),
      );
    for (const taskId of [A.docsTask.id, A.streetTask.id, A.holdTask.id]) {
      await expectNotFound(`list-annotations ${taskId} as B`, () => listAnnotations(taskId, B.tenant.tenantId));
      await expectNotFound(`list-annotations ${taskId} as the default tenant`, () => listAnnotations(taskId, ""));
    }
    const listed = await listAnnotations(A.docsTask.id, A.tenant.tenantId);
    assert.ok(
      listed.frames.some((f) => f.shapes.length > 0),
      "list-annotations as A: its document task's shapes",
    );
    for (const tenantId of [B.tenant.tenantId, A.tenant.tenantId, ""]) {
      const catalog = await describeModel(CATALOG_MODEL, tenantId);
      assert.equal(catalog.model?.id, CATALOG_MODEL, `describe-model of the catalog as ${tenantId || "the default tenant"}`);
    }
  });

  // -------------------------------------------------------------------------------------------------------------
  // Hostile queries (issue 9): operation limits at the gateway on every transport, and annotation-job's own backstop

  /** `autoAnnotationJob { task { autoAnnotationJobs { task { … { id } } } } }`, `levels` fields deep (leaf included). */
  const nestedWalk = (jobId: string, levels: number) => {
    let body = "id";
    for (let level = levels - 2; level >= 1; level--) body = `${level % 2 === 1 ? "task" : "autoAnnotationJobs"} { id ${body} }`;
    return `{ autoAnnotationJob(id: "${jobId}") { ${body} } }`;
  };
  const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(" ");

  /** The first answer over graphql-ws (errors thrown by the client become `errors`). */
  async function viaWs(url: string, connectionParams: Record<string, unknown>, query: string): Promise<GraphQLResponse> {
    const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
    try {
      for await (const event of client.iterate({ query })) return event as GraphQLResponse;
      return {};
    } catch (err) {
      return { errors: Array.isArray(err) ? err : [{ message: String(err) }] };
    } finally {
      await client.dispose();
    }
  }
  async function viaSse(client: GraphQLTestClient, query: string): Promise<GraphQLResponse> {
    for await (const event of client.subscribeSse(query)) return event;
    return {};
  }
  const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;
  /** Peak and current resident memory of a stack process, in MiB (Linux /proc). */
  const memoryOf = (name: string) => {
    const proc = sys.stack.processes.find((p) => p.name === name)!;
    const status = readFileSync(`/proc/${proc.child.pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peakMiB: Math.round(kb("VmHWM") / 1024), rssMiB: Math.round(kb("VmRSS") / 1024) };
  };

  it("hostile queries: refused with typed codes through the gateway (HTTP, graphql-ws, SSE) and direct to annotation-job; normal queries answered after", async (t) => {
    const jobId = A.finishedJob.id;
    const gatewayCases: [string, string, string][] = [
      ["16-deep nested walk", nestedWalk(jobId, 16), "QUERY_TOO_DEEP"],
      ["40-deep nested walk", nestedWalk(jobId, 40), "QUERY_TOO_DEEP"],
      ["31 aliases", `{ ${repeat(31, (i) => `a${i}: autoAnnotationJob(id: "${jobId}") { id }`)} }`, "TOO_MANY_ALIASES"],
      // 5,000 aliases are ~45,000 tokens: the parser stops at the token limit before any alias is counted.
      ["5,000 aliases", `{ ${repeat(5_000, (i) => `a${i}: autoAnnotationJob(id: "${jobId}") { id }`)} }`, "TOO_MANY_TOKENS"],
      ["100,000 tokens", `{ deploymentMode ${repeat(100_000, () => "__typename")} }`, "TOO_MANY_TOKENS"],
      ["60 directives", `{ deploymentMode ${repeat(60, () => "@skip(if: false)")} }`, "TOO_MANY_DIRECTIVES"],
      [
        "costly lists",
        `{ tasks(first: 500) { edges { node { id autoAnnotationJobs(first: 500) { id task { id } } } } } }`,
        "QUERY_TOO_COMPLEX",
      ],
    ];
    for (const [what, query, code] of gatewayCases) {
      const started = Date.now();
      const http = await b.request(query);
      const ws = await viaWs(sys.stack.gatewayUrl, { Authorization: `Bearer ${B.tenant.apiKey}` }, query);
      const sse = await viaSse(b, query);
      t.diagnostic(`gateway, ${what}: ${code} over HTTP, graphql-ws and SSE in ${Date.now() - started} ms`);
      for (const [transport, res] of [
        ["HTTP", http],
        ["graphql-ws", ws],
        ["SSE", sse],
      ] as const) {
        assert.equal(codeOf(res), code, `${what} over ${transport}: ${JSON.stringify(res).slice(0, 400)}`);
        assert.equal(res.data ?? null, null, `${what} over ${transport}: data alongside the refusal`);
      }
    }

    // Inside the cluster, around the gateway: annotation-job's own limits, with an identity the gateway would sign.
    const jobUrl = `http://127.0.0.1:${sys.stack.processes.find((p) => p.name === "annotation-job")!.port}/graphql`;
    const signer = new IdentityAssertionSigner(parseIdentityPrivateKey(sys.identityPrivateKey!));
    const identity = () => signer.sign({ tenantId: A.tenant.tenantId, subject: A.tenant.keyId, roles: ["ADMIN"] });
    const direct = async (query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> => {
      const res = await fetch(jobUrl, {
        method: "POST",
        headers: { "content-type": "application/json", [IDENTITY_HEADER]: identity() },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse;
    };
    const representations = Array.from({ length: 500 }, () => ({ __typename: "Task", id: A.docsTask.id }));
    const directCases: [string, string, Record<string, unknown>, string][] = [
      ["16-deep nested walk", nestedWalk(jobId, 16), {}, "QUERY_TOO_DEEP"],
      ["40-deep nested walk", nestedWalk(jobId, 40), {}, "QUERY_TOO_DEEP"],
      ["5,000 aliases", `{ autoAnnotationJob(id: "${jobId}") { ${repeat(5_000, (i) => `a${i}: id`)} } }`, {}, "TOO_MANY_ALIASES"],
      ["100,000 tokens", `{ ${repeat(100_000, () => "__typename")} }`, {}, "TOO_MANY_TOKENS"],
      [
        "600 directives",
        `{ autoAnnotationJob(id: "${jobId}") { id ${repeat(600, () => "@skip(if: false)")} } }`,
        {},
        "TOO_MANY_DIRECTIVES",
      ],
      [
        "costly entity walk",
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { autoAnnotationJobs(first: 500) { id task { id } } } } }`,
        { r: representations },
        "QUERY_TOO_COMPLEX",
      ],
      [
        "50,001 representations",
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id } } }`,
        { r: Array.from({ length: 50_001 }, () => ({ __typename: "Task", id: "x" })) },
        "TOO_MANY_ENTITIES",
      ],
    ];
    for (const [what, query, variables, code] of directCases) {
      const started = Date.now();
      const http = await direct(query, variables);
      t.diagnostic(`annotation-job direct, ${what}: ${codeOf(http)} over HTTP in ${Date.now() - started} ms`);
      assert.equal(codeOf(http), code, `direct ${what}: ${JSON.stringify(http).slice(0, 400)}`);
      assert.equal(http.data ?? null, null, `direct ${what}: data alongside the refusal`);
    }
    const deepSubscription = `subscription { autoAnnotationProgress(jobId: "${jobId}") { ${nestedWalk(jobId, 16).slice(`{ autoAnnotationJob(id: "${jobId}") { `.length, -4)} } }`;
    const wsDirect = await viaWs(jobUrl, { [IDENTITY_HEADER]: identity() }, deepSubscription);
    assert.equal(codeOf(wsDirect), "QUERY_TOO_DEEP", `direct graphql-ws: ${JSON.stringify(wsDirect).slice(0, 400)}`);

    // Still answering: through the gateway (both tenants) and directly.
    const { autoAnnotationJob: job } = await a.must(JOB, { id: jobId });
    assert.equal(job.status, "COMPLETED");
    assert.equal(job.task.name, names.docsTask);
    assert.ok((await b.must(VIEWER)).viewer.tenant.id === B.tenant.tenantId);
    const directOk = await direct(`{ autoAnnotationJob(id: "${jobId}") { id task { autoAnnotationJobs(first: 5) { id } } } }`);
    assert.equal(directOk.errors, undefined, JSON.stringify(directOk.errors));

    // The worst query the defaults still accept, on data that makes it work: a task of A's with 10 jobs, and 30
    // aliases (the limit) each walking it 8 deep with first: 10 at each level: 30 × (10 + 100 + 1,000) jobs and
    // 30 × 111 job-list lookups in annotation-job, cost 30 × 3,222 = 96,660 of 100,000. Measured, not asserted.
    const walkTask = await createTask(a, `alpha-walk-${run}`, [{ name: "Text", type: "POLYGON" }], street());
    const walkJobs: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { startAutoAnnotation: started } = await a.must(START, {
        input: { taskId: walkTask.id, modelId: CATALOG_MODEL, convertMasksToPolygons: true },
      });
      assert.equal((await waitForJob(a, started.id)).status, "COMPLETED");
      walkJobs.push(started.id);
    }
    const walk = `autoAnnotationJob(id: "${walkJobs[0]}") { task { autoAnnotationJobs(first: 10) { task { autoAnnotationJobs(first: 10) { task { autoAnnotationJobs(first: 10) { id status } } } } } } }`;
    const worst = `{ ${repeat(30, (i) => `w${i}: ${walk}`)} }`;
    const before = { gateway: memoryOf("gateway"), job: memoryOf("annotation-job") };
    const started = Date.now();
    const accepted = await a.request(worst);
    const ms = Date.now() - started;
    const afterwards = { gateway: memoryOf("gateway"), job: memoryOf("annotation-job") };
    assert.equal(accepted.errors, undefined, `the worst accepted query: ${JSON.stringify(accepted.errors)}`);
    const leaves = accepted.data!.w0.task.autoAnnotationJobs.flatMap((j: any) =>
      j.task.autoAnnotationJobs.flatMap((k: any) => k.task.autoAnnotationJobs),
    );
    assert.equal(leaves.length, 1_000, "each alias reaches 10 × 10 × 10 jobs");
    // The same query straight to annotation-job: how much of the time is the subgraph's.
    const directStarted = Date.now();
    const directWorst = await direct(worst);
    const directMs = Date.now() - directStarted;
    assert.equal(directWorst.errors, undefined, JSON.stringify(directWorst.errors));
    // One more past the cost limit (first: 11) is refused.
    const over = await a.request(`{ ${repeat(30, (i) => `w${i}: ${walk.replaceAll("first: 10", "first: 11")}`)} }`);
    assert.equal(codeOf(over), "QUERY_TOO_COMPLEX", JSON.stringify(over).slice(0, 300));
    t.diagnostic(
      `worst accepted query (30 aliases × 8-deep walk, first: 10, cost 96,660; 33,330 jobs in the answer): ${ms} ms, ` +
        `${JSON.stringify(accepted).length} bytes (the same query straight to annotation-job: ${directMs} ms); peak RSS gateway ${before.gateway.peakMiB}→${afterwards.gateway.peakMiB} MiB, ` +
        `annotation-job ${before.job.peakMiB}→${afterwards.job.peakMiB} MiB (RSS now ${afterwards.gateway.rssMiB} / ${afterwards.job.rssMiB} MiB)`,
    );
  });

  it("A cancels its own running job (the call B was refused works for the owner)", async () => {
    const { cancelAutoAnnotation: job } = await a.must(CANCEL, { jobId: A.runningJob.id });
    assert.ok(["CANCELLING", "CANCELLED"].includes(job.status), `A's cancel: ${job.status}`);
  });
});
