import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { createModelHubs, type HubEndpoints, type ModelHubs, type ModelHubsOptions } from "@prelabel/hubs";
import { HttpNuclioDashboard, NuclioAddressPolicy, type NuclioDashboard } from "@prelabel/nuclio";
import { Buckets, ServiceTopology } from "@prelabel/proto";
import { startServiceApp, type CloudSettings, type ServiceAppHandle, type ServiceAppOptions } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import { loadCatalog } from "./persistence/catalog/catalog.js";
import { DEFAULT_MODEL_UPLOAD_MAX_BYTES, type NuclioSettings } from "./config.js";
import { HuggingFaceOnnxImportService } from "./application/hf-onnx-import.service.js";
import { HubModelService } from "./application/hub-model.service.js";
import type { HubValidators, HuggingFaceOnnxSource } from "./domain/hub-model.ports.js";
import { ModelRegistryService } from "./application/model-registry.service.js";
import { ModelUploadService } from "./application/model-upload.service.js";
import { NuclioFunctionService } from "./application/nuclio-function.service.js";
import { NuclioSyncScheduler, NuclioSyncService } from "./application/nuclio-sync.service.js";
import type { FunctionUrlPolicy } from "./domain/nuclio.ports.js";
import { NUCLIO_REGISTRATION_LIMITS } from "./domain/nuclio-registration.js";
import { nuclioSyncMetrics } from "./model-registry.metrics.js";
import { OnnxTrialRunner } from "./inference/onnx-check.runner.js";
import { OrtModelInspector } from "./inference/onnx-model.inspector.js";
import { serveDescribeModel } from "./messaging/endpoints/describe-model.endpoint.js";
import { modelRegistryDatabase, type DatabaseOptions } from "./persistence/data-source.js";
import { TypeormModelRepository } from "./persistence/typeorm-model.repository.js";
import { NatsModelArtifactStore } from "./persistence/model-artifact.store.js";
import { spoolUpload } from "./persistence/upload-spool.store.js";
import { buildModelRegistrySchema } from "./subgraph.js";

/** The runner's connection options (service-kit's ServiceAppOptions), this service's database, uploads, mode and hubs. */
export interface ModelRegistryOptions extends Pick<ServiceAppOptions, "logger" | "nats" | "migrateOnStart" | "metrics"> {
  database: DatabaseOptions;
  /** Defaults: DEFAULT_MODEL_UPLOAD_MAX_BYTES, the OS temp dir. */
  uploads?: {
    /** MODEL_UPLOAD_MAX_BYTES. */
    maxBytes: number;
    /** MODEL_UPLOAD_DIR; the OS temp dir when unset. */
    spoolDir?: string;
  };
  /** PRELABEL_MODE and the hubs (service-kit's cloudSettings); self-hosted when omitted. */
  cloud?: CloudSettings & { readonly hubEndpoints: HubEndpoints };
  /** Limits, logger and DNS for the hub clients (tests inject a resolver). */
  hubs?: ModelHubsOptions;
  /** NUCLIO_* (config.ts nuclioSettings); no discovery and no private function addresses when omitted. */
  nuclio?: NuclioSettings & {
    /** The dashboard client; default libs/nuclio's HTTP client for `discovery`. */
    readonly dashboard?: NuclioDashboard;
    /** The address policy for addNuclioFunction; default NuclioAddressPolicy for the mode. */
    readonly policy?: FunctionUrlPolicy;
  };
}

/** close() stops answering describe-model, drains NATS, closes the pool. */
export interface ModelRegistryApp extends ServiceAppHandle {
  schema: GraphQLSchema;
  registry: ModelRegistryService;
  uploads: ModelUploadService;
  hubModels: HubModelService;
  onnxImports: HuggingFaceOnnxImportService;
  nuclioFunctions: NuclioFunctionService;
  /** Null while NUCLIO_DASHBOARD_URL is unset. */
  nuclioSync: NuclioSyncService | null;
}

/**
 * Everything but the HTTP listener: migrate, check the models bucket, sync the catalog, answer describe-model, build the schema.
 * main.ts serves the schema; integration tests (here and in the gateway) call this with test resources.
 */
export function startModelRegistry(options: ModelRegistryOptions): Promise<ModelRegistryApp> {
  const { logger, nats, metrics, migrateOnStart } = options;
  const connections = {
    name: "model-registry",
    logger,
    nats,
    metrics,
    migrateOnStart,
    database: modelRegistryDatabase(options.database),
    // Infrastructure owns the bucket (infra/nats/topology.json): fail now, naming it, rather than at the first upload.
    topology: ServiceTopology.modelRegistry,
  };
  return startServiceApp(connections, async ({ messaging, dataSource, onClose }) => {
    const repository = new TypeormModelRepository(dataSource);
    const registry = new ModelRegistryService(repository);
    const catalog = loadCatalog();
    await registry.syncCatalog(catalog);
    logger.info({ models: catalog.map((m) => m.id) }, "catalog synced");

    const uploads = new ModelUploadService({
      repository,
      inspector: new OrtModelInspector(),
      trials: new OnnxTrialRunner(),
      artifacts: new NatsModelArtifactStore(await messaging.objectStore(Buckets.models)),
      newIdSuffix: () => randomBytes(3).toString("hex"),
      onCleanupError: (err, what) =>
        logger.error({ err, what }, "cleanup after a failed upload or delete failed; bytes may be left behind"),
    });
    const mode = options.cloud?.mode ?? "self-hosted";
    const maxUploadBytes = options.uploads?.maxBytes ?? DEFAULT_MODEL_UPLOAD_MAX_BYTES;
    const cloud = cloudParts(options);
    const hubModels = new HubModelService({
      mode,
      repository,
      ...(cloud.hubs ? { hubs: cloud.hubs, sealer: cloud.sealer } : {}),
      newIdSuffix: () => randomBytes(3).toString("hex"),
    });
    const onnxImports = new HuggingFaceOnnxImportService({
      mode,
      uploads,
      ...(cloud.modelHubs ? { source: huggingFaceOnnxSource(cloud.modelHubs, options.uploads?.spoolDir) } : {}),
      maxBytes: maxUploadBytes,
    });
    const nuclio = options.nuclio;
    const nuclioFunctions = new NuclioFunctionService({
      repository,
      store: repository,
      policy: nuclio?.policy ?? nuclioAddressPolicy(mode, nuclio),
      maxFunctionsPerTenant: nuclio?.maxFunctionsPerTenant ?? NUCLIO_REGISTRATION_LIMITS.defaultMaxFunctionsPerTenant,
      newIdSuffix: () => randomBytes(3).toString("hex"),
    });
    let nuclioSync: NuclioSyncService | null = null;
    if (nuclio?.discovery) {
      nuclioSync = new NuclioSyncService({
        dashboard: nuclio.dashboard ?? dashboardClient({ ...nuclio, discovery: nuclio.discovery }),
        store: repository,
        settings: nuclio.discovery,
        logger,
        ...(metrics ? { metrics: nuclioSyncMetrics(metrics) } : {}),
      });
      const scheduler = new NuclioSyncScheduler(nuclioSync, nuclio.syncIntervalMs);
      scheduler.start();
      onClose("nuclio-sync", () => scheduler.stop());
      logger.info({ dashboard: nuclio.discovery.dashboardUrl, project: nuclio.discovery.project }, "Nuclio discovery on");
    }
    const describeModel = serveDescribeModel(messaging, registry, logger);
    onClose("describe-model", () => describeModel.unsubscribe());
    const schema = await buildModelRegistrySchema({
      registry,
      uploads,
      hubModels,
      onnxImports,
      nuclioFunctions,
      nuclioSync,
      maxUploadBytes,
      spoolDir: options.uploads?.spoolDir,
    });
    return { schema, registry, uploads, hubModels, onnxImports, nuclioFunctions, nuclioSync };
  });
}

/** Hub validators and the key ring, in cloud mode only: self-hosted never contacts a hub. */
function cloudParts(options: ModelRegistryOptions): { hubs?: HubValidators; sealer?: CloudSettings["secretBox"]; modelHubs?: ModelHubs } {
  const cloud = options.cloud;
  if (!cloud || cloud.mode !== "cloud") return {};
  if (!cloud.secretBox) throw new Error("cloud mode needs PRELABEL_SECRET_KEYS");
  const hubs = createModelHubs(cloud.hubEndpoints, { logger: options.logger, ...options.hubs });
  return {
    hubs: {
      huggingFace: (ctx, input) => hubs.huggingface.validate(ctx, input),
      roboflow: (ctx, input) => hubs.roboflow.validate(ctx, input),
    },
    sealer: cloud.secretBox,
    modelHubs: hubs,
  };
}

/** Imports: Hub validation, then the guarded, size-capped download spooled to disk like an upload. */
function huggingFaceOnnxSource(hubs: ModelHubs, spoolDir: string | undefined): HuggingFaceOnnxSource {
  return {
    validate: (ctx, input) => hubs.huggingface.validate(ctx, input),
    fetch: async (ctx, { repoId, path, revision, token, maxBytes }) => {
      const bytes = await hubs.huggingface.client.downloadFile(ctx, repoId, path, { revision, token, maxBytes });
      return spoolUpload(Readable.from([bytes]), { fileName: basename(path), maxBytes, dir: spoolDir });
    },
  };
}

/**
 * Cloud: a tenant may name public addresses only, unless the operator lists the host (NUCLIO_ALLOWED_HOSTS).
 * Self-hosted: the dashboard's and the functions' host are the operator's own, so their private addresses are too.
 */
export function nuclioAddressPolicy(mode: string, nuclio: ModelRegistryOptions["nuclio"]): FunctionUrlPolicy {
  const allowed = [...(nuclio?.allowedHosts ?? [])];
  if (mode !== "cloud" && nuclio?.discovery) {
    allowed.push(new URL(nuclio.discovery.dashboardUrl).hostname, nuclio.discovery.functionHost);
  }
  return new NuclioAddressPolicy({ privateHosts: [...new Set(allowed)] });
}

/** libs/nuclio's HTTP client for the configured dashboard: the operator named it, so its private address is allowed. */
function dashboardClient(nuclio: NuclioSettings & { discovery: NonNullable<NuclioSettings["discovery"]> }): NuclioDashboard {
  const { dashboardUrl, project, namespace } = nuclio.discovery;
  return new HttpNuclioDashboard({
    url: dashboardUrl,
    project,
    namespace,
    policy: new NuclioAddressPolicy({ privateHosts: [new URL(dashboardUrl).hostname] }),
    ...(nuclio.dashboardTimeoutMs ? { timeoutMs: nuclio.dashboardTimeoutMs } : {}),
  });
}
