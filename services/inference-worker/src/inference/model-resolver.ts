import type { NuclioInvoker } from "@prelabel/nuclio";
import { FrameFailureCode } from "@prelabel/proto";
import type { SecretBox } from "@prelabel/secret-box";
import type { DetectionModel } from "./detection-model.js";
import { HubDetectionModel, type HubInferencePort } from "./hub/hub-detection.model.js";
import { credentialContext, HUB_RUNTIME } from "./hub/hub-model.types.js";
import { FrameFailure, ModelError, ModelErrorCode } from "./inference.errors.js";
import {
  CATALOG_RUNTIME_PREFIX,
  ONNX_DETECTOR_RUNTIME,
  UPLOADED_MODEL_ARTIFACT,
  type ModelArtifact,
  type RegistryModel,
} from "./model-artifact.js";
import type { ModelCatalogEntry, ModelLoadContext } from "./model-catalog-entry.js";
import { ModelCatalog } from "./model-catalog.js";
import { NuclioDetectionModel } from "./nuclio/nuclio-detection.model.js";
import { NUCLIO_RUNTIME, type NuclioCallLimits } from "./nuclio/nuclio-model.types.js";
import { OnnxDetectorModel } from "./onnx-detector/onnx-detector.model.js";
import { failingFast, IsolatedModel, type IsolatedRuntime } from "./runner/isolated-model.js";
import { DEFAULT_FRAME_BUDGET_MS } from "./model-catalog-entry.js";

/** What a frame names: the model id and the runtime annotation-job recorded. */
export interface ModelRef {
  readonly id: string;
  readonly runtime: string;
}

/** The registry's describe-model, behind a port: the model as `tenantId` sees it; null when it has no such model (or it is another tenant's). */
export interface ModelDirectory {
  describe(tenantId: string, modelId: string): Promise<RegistryModel | null>;
}

export interface ModelResolverDeps {
  /** The built-in pipelines ("catalog:<entry>"), whose artifactPath checks files against `expectArtifacts`. */
  readonly catalog: ModelCatalog;
  readonly directory: ModelDirectory;
  /** Tells the catalog's artifact check what the registry lists for a model, before that model loads. */
  expectArtifacts(modelId: string, artifacts: readonly ModelArtifact[]): void;
  /** A verified local copy of an uploaded model's file (downloaded and cached by digest). */
  fetchArtifact(artifact: ModelArtifact): Promise<string>;
  /** Sessions for uploaded models: the catalog's session factory and options. */
  readonly uploadContext: Pick<ModelLoadContext, "createSession" | "sessionOptions">;
  /** Cloud mode only: the hubs and the key ring that opens hub credentials. Absent: hub models fail CLOUD_ONLY. */
  readonly hubs?: HubRuntime;
  /**
   * The runner processes: catalog and uploaded ONNX models then run there (IsolatedModel), each frame within
   * its model's budget, never on this process's event loop. Absent: they load and run in this process (unit tests).
   */
  readonly isolated?: IsolatedRuntime;
  /** Nuclio functions (self-hosted and cloud mode). Absent: their frames fail MODEL_UNAVAILABLE. */
  readonly nuclio?: NuclioRuntime;
  /** The clock descriptor ages are measured with (tests move it). */
  now?(): number;
}

/** What running Nuclio functions takes: the invoker (retries, limits, breaker) and the worker's limits. */
export interface NuclioRuntime {
  readonly invoker: NuclioInvoker;
  readonly limits: NuclioCallLimits;
  /** How long a Nuclio model's descriptor is used before the registry is asked again (a changed URL or labels). */
  readonly descriptorTtlMs: number;
  /** Each call's outcome (metrics). */
  readonly onCall?: (outcome: string) => void;
}

/** What running hosted models takes: both hubs' `infer` (createModelHubs) and the deployment's key ring. */
export interface HubRuntime {
  readonly huggingface: HubInferencePort;
  readonly roboflow: HubInferencePort;
  readonly secretBox: Pick<SecretBox, "open">;
}

/**
 * Model id → runnable model, through the registry's descriptor: on first use of an id the worker asks the
 * registry (describe-model) and keeps the answer (uploaded models never change; catalog descriptors change
 * only with a deployment). "catalog:<entry>" runs the built-in entry; "onnx-detector" downloads the
 * uploaded file by digest and runs an OnnxDetectorModel; "hub" (cloud mode) opens the sealed credential and
 * runs a HubDetectionModel, or fails CLOUD_ONLY without hubs; "nuclio" calls a Nuclio function (NuclioDetectionModel),
 * its descriptor asked for again once older than the runtime's TTL (a function's URL or labels change with its
 * dashboard). Loads are lazy, shared and retried after failure.
 */
export class ModelResolver {
  private readonly descriptors = new Map<string, Promise<RegistryModel | null>>();
  /** When each Nuclio descriptor was answered: only those expire. */
  private readonly nuclioAnsweredAt = new Map<string, number>();
  /** (tenant, model) keys once described as Nuclio models: a NOT_FOUND for one of them means its function was removed. */
  private readonly knownNuclio = new Set<string>();
  private readonly nuclioModels = new WeakMap<RegistryModel, NuclioDetectionModel>();
  private readonly uploads: ModelCatalog;
  private readonly hubModels = new Map<string, HubDetectionModel>();

  constructor(private readonly deps: ModelResolverDeps) {
    this.uploads = new ModelCatalog({
      ...deps.uploadContext,
      // Uploaded entries fetch their own file by digest; nothing asks for a named built artifact here.
      artifactPath: async (name) => {
        throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `uploaded models have no built artifact ${name}`);
      },
    });
  }

  /**
   * The model a frame of `tenantId`'s job names, or undefined when the registry no longer has it for that tenant
   * (another tenant's model is unknown, like a deleted one) or this worker cannot run its runtime. Descriptors are
   * kept per (tenant, model); what they load (sessions, hub clients) is shared, since only an answer for the
   * frame's tenant leads to it.
   */
  async resolve(tenantId: string, ref: ModelRef): Promise<DetectionModel | IsolatedModel | undefined> {
    const model = await this.describe(tenantId, ref.id);
    if (!model) {
      // The job started on a Nuclio model (its frame says so, or this worker described it as one): the registry
      // forgetting it means the function went from its dashboard (or was unregistered) while the job ran.
      if (ref.runtime === NUCLIO_RUNTIME || this.knownNuclio.has(descriptorKey(tenantId, ref.id))) {
        throw new FrameFailure(
          FrameFailureCode.FUNCTION_REMOVED,
          `model ${ref.id}: its Nuclio function is no longer known to the registry (removed from its dashboard or unregistered)`,
        );
      }
      return undefined;
    }
    const { isolated } = this.deps;
    if (model.runtime.startsWith(CATALOG_RUNTIME_PREFIX)) {
      const entry = model.runtime.slice(CATALOG_RUNTIME_PREFIX.length);
      if (!this.deps.catalog.has(entry)) return undefined;
      this.deps.expectArtifacts(model.id, model.artifacts);
      if (isolated) {
        const budgetMs = this.deps.catalog.descriptor(entry).frameBudgetMs ?? DEFAULT_FRAME_BUDGET_MS;
        return new IsolatedModel(isolated, tenantId, { kind: "catalog", entry, modelId: model.id, artifacts: model.artifacts }, budgetMs);
      }
      return this.deps.catalog.get(entry);
    }
    if (model.runtime === ONNX_DETECTOR_RUNTIME) return isolated ? this.isolatedUpload(isolated, tenantId, model) : this.uploaded(model);
    if (model.runtime === HUB_RUNTIME) return this.hosted(tenantId, model);
    if (model.runtime === NUCLIO_RUNTIME) return this.nuclioFunction(tenantId, model);
    return undefined;
  }

  /**
   * INFERENCE_TIMEOUT when `tenantId`'s frames of `modelId` fail fast (their breaker is open), so a frame can be
   * failed before anything is read or resolved for it; undefined otherwise (and without runners).
   */
  fastFailure(tenantId: string, modelId: string): FrameFailure | undefined {
    const open = this.deps.isolated?.breaker.openState(tenantId, modelId);
    return open ? failingFast(modelId, open) : undefined;
  }

  /** Loads every built-in entry whose registry model has the entry's id, so the first frames do not pay for it. */
  async preloadCatalog(tenantId: string, onError: (id: string, err: unknown) => void): Promise<void> {
    const plans = [];
    for (const d of this.deps.catalog.descriptors()) {
      try {
        const model = await this.resolve(tenantId, { id: d.id, runtime: `${CATALOG_RUNTIME_PREFIX}${d.id}` });
        if (model instanceof IsolatedModel) plans.push(model.plan);
      } catch (err) {
        onError(d.id, err);
      }
    }
    // Isolated: the runners load them (a failure there is reported by the first frame that needs the model).
    if (plans.length) this.deps.isolated?.pool.preload(plans);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.deps.catalog.dispose(), this.uploads.dispose()]);
  }

  private describe(tenantId: string, id: string): Promise<RegistryModel | null> {
    const key = descriptorKey(tenantId, id);
    const answeredAt = this.nuclioAnsweredAt.get(key);
    if (answeredAt !== undefined && this.now() - answeredAt >= (this.deps.nuclio?.descriptorTtlMs ?? 0)) this.forget(key);
    let described = this.descriptors.get(key);
    if (!described) {
      const asked = this.deps.directory.describe(tenantId, id);
      described = asked;
      this.descriptors.set(key, asked);
      // Only answers are kept: a registry that did not answer, or did not know the id yet, is asked again.
      asked.then(
        (model) => {
          // A newer question may have replaced this one (its TTL ran out meanwhile): leave that one alone.
          if (this.descriptors.get(key) !== asked) return;
          if (!model) this.descriptors.delete(key);
          else if (model.runtime === NUCLIO_RUNTIME) {
            this.nuclioAnsweredAt.set(key, this.now());
            this.knownNuclio.add(key);
          }
        },
        () => void (this.descriptors.get(key) === asked && this.descriptors.delete(key)),
      );
    }
    return described;
  }

  private forget(key: string): void {
    this.descriptors.delete(key);
    this.nuclioAnsweredAt.delete(key);
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** A Nuclio function: nothing to load; one model object per descriptor (limits and breakers live in the invoker). */
  private nuclioFunction(tenantId: string, model: RegistryModel): DetectionModel {
    const runtime = this.deps.nuclio;
    if (!runtime)
      throw new FrameFailure(
        FrameFailureCode.MODEL_UNAVAILABLE,
        `model ${model.id} is a Nuclio function; this worker has no Nuclio invoker`,
      );
    const spec = model.nuclio;
    if (!spec)
      throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model ${model.id} has runtime ${NUCLIO_RUNTIME} but no function spec`);
    if (model.unsupportedReason) {
      throw new FrameFailure(FrameFailureCode.MODEL_UNAVAILABLE, `model ${model.id} can no longer run: ${model.unsupportedReason}`);
    }
    const cached = this.nuclioModels.get(model);
    if (cached) return cached;
    const key = descriptorKey(tenantId, model.id);
    const nuclio = new NuclioDetectionModel({
      modelId: model.id,
      spec,
      invoker: runtime.invoker,
      limits: runtime.limits,
      ...(runtime.onCall ? { onCall: runtime.onCall } : {}),
      // The dashboard no longer has it: the next frame asks the registry (which then says NOT_FOUND, or a new URL).
      onRemoved: () => void (this.descriptors.get(key) && this.forget(key)),
    });
    this.nuclioModels.set(model, nuclio);
    return nuclio;
  }

  /** A hub model: its credential opened in memory once per descriptor; no local load. */
  private hosted(tenantId: string, model: RegistryModel): DetectionModel {
    const hubs = this.deps.hubs;
    if (!hubs) {
      throw new FrameFailure(
        FrameFailureCode.CLOUD_ONLY,
        `model ${model.id} is a hosted hub model; this deployment runs them only in cloud mode`,
      );
    }
    const cached = this.hubModels.get(model.id);
    if (cached) return cached;
    const spec = model.hub;
    if (!spec) throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model ${model.id} has runtime ${HUB_RUNTIME} but no hub spec`);
    let credential: string | undefined;
    if (spec.credential) {
      try {
        credential = hubs.secretBox.open(spec.credential, credentialContext(spec.tenantId, model.id));
      } catch (err) {
        // A worker whose key ring lacks the sealing key: retrying here will not help. The reason has no key material.
        throw new FrameFailure(
          FrameFailureCode.MODEL_UNAVAILABLE,
          `the credential of model ${model.id} does not open with this worker's key ring: ${(err as Error).message}`,
        );
      }
    }
    const hosted = new HubDetectionModel({
      modelId: model.id,
      spec,
      hub: spec.provider === "huggingface" ? hubs.huggingface : hubs.roboflow,
      credential,
      // A rejected key may have been replaced in the registry since: describe the model again next time.
      onCredentialRejected: () => {
        this.hubModels.delete(model.id);
        this.descriptors.delete(descriptorKey(tenantId, model.id));
      },
    });
    this.hubModels.set(model.id, hosted);
    return hosted;
  }

  /** An uploaded detector for the runners: its file fetched and checked here, loaded and run there. */
  private async isolatedUpload(isolated: IsolatedRuntime, tenantId: string, model: RegistryModel): Promise<IsolatedModel> {
    const spec = model.onnxDetector;
    const artifact = model.artifacts.find((a) => a.name === UPLOADED_MODEL_ARTIFACT);
    if (!spec)
      throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model ${model.id} has runtime ${ONNX_DETECTOR_RUNTIME} but no detector spec`);
    if (!artifact)
      throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model ${model.id} lists no "${UPLOADED_MODEL_ARTIFACT}" artifact`);
    const path = await this.deps.fetchArtifact(artifact);
    return new IsolatedModel(
      isolated,
      tenantId,
      { kind: "onnx-detector", modelId: model.id, path, spec },
      spec.frameBudgetMs ?? DEFAULT_FRAME_BUDGET_MS,
    );
  }

  private uploaded(model: RegistryModel): Promise<DetectionModel> {
    if (!this.uploads.has(model.id)) this.uploads.register(this.uploadedEntry(model));
    return this.uploads.get(model.id);
  }

  private uploadedEntry(model: RegistryModel): ModelCatalogEntry {
    const spec = model.onnxDetector;
    const artifact = model.artifacts.find((a) => a.name === UPLOADED_MODEL_ARTIFACT);
    const names = spec ? [...new Set(spec.classNames.filter((n) => n !== ""))] : [];
    return {
      descriptor: {
        id: model.id,
        kind: "detector",
        name: model.id,
        version: artifact?.sha256 ?? "",
        labels: names.map((name, id) => ({ id, name, shapes: ["rectangle"] as const })),
      },
      load: async (context) => {
        if (!spec)
          throw new ModelError(
            ModelErrorCode.MODEL_LOAD_FAILED,
            `model ${model.id} has runtime ${ONNX_DETECTOR_RUNTIME} but no detector spec`,
          );
        if (!artifact)
          throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model ${model.id} lists no "${UPLOADED_MODEL_ARTIFACT}" artifact`);
        const path = await this.deps.fetchArtifact(artifact);
        const session = await context.createSession(path, context.sessionOptions);
        try {
          return { model: new OnnxDetectorModel(session, spec), release: () => session.release() };
        } catch (err) {
          await session.release();
          throw err;
        }
      },
    };
  }
}

const descriptorKey = (tenantId: string, modelId: string) => `${tenantId}\u0000${modelId}`;
