import { declaredDetectorProblems, detectorModelDraft, type DeclaredDetector } from "../domain/detector-model.js";
import { ModelSource, UPLOADED_MODEL_ARTIFACT, type Model, type ModelArtifact, type OnnxDetectorSpec } from "../domain/model.js";
import { isDeletableModel, newModelId } from "../domain/model-lifecycle.js";
import { InvalidModelError, InvalidModelSpecError, ModelNotDeletableError, ModelNotFoundError } from "../domain/model-registry.errors.js";
import type { ModelRepository } from "../domain/model.repository.js";
import { assertValidModelSpec } from "../domain/model-spec.js";
import type { ModelArtifactStore, ModelFileInspector, ModelTrialRunner, SpooledFile } from "../domain/model-upload.ports.js";
import { matchOnnxSignature, type OnnxSignature } from "../domain/onnx-signature.js";

/** What a user declares with an uploaded file (uploadModel's ModelSpecInput, defaults applied). */
export interface ModelUploadRequest {
  name: string;
  description: string;
  defaultThreshold: number;
  /** `inputName` is resolved from the file; `outputNames` too unless given. */
  detector: DeclaredDetector;
}

/**
 * How one entry point (uploadModel, importHuggingFaceOnnxModel) admits an ONNX file through the shared core:
 * what it declares, and the row it records once the file fits.
 */
export interface DetectorAdmission {
  /**
   * The detector the file is checked against. Given the file's signature so an entry point may take what
   * the file fixes (an import's input size); throws BAD_USER_INPUT when the declaration breaks a rule.
   */
  declare(signature: OnnxSignature): DeclaredDetector;
  /** The row for the checked detector (input and output names resolved); the id is assigned on insert. */
  model(detector: OnnxDetectorSpec, artifact: ModelArtifact): Omit<Model, "id">;
}

export interface ModelUploadDeps {
  repository: ModelRepository;
  inspector: ModelFileInspector;
  /** Runs the checked file once under its frame budget: a model that never finishes is refused here, not on a worker. */
  trials: ModelTrialRunner;
  artifacts: ModelArtifactStore;
  /** A short random suffix for new ids (e.g. 6 hex digits). */
  newIdSuffix: () => string;
  /** Cleanup that failed after the outcome was decided (bytes left behind); logged, not thrown. */
  onCleanupError?: (err: unknown, what: string) => void;
}

const MAX_NAME = 200;
const MAX_DESCRIPTION = 4000;
const ID_ATTEMPTS = 3;

/**
 * Bring-your-own detectors: checks an ONNX file (uploaded, or imported from a hub) against its declared
 * layout, stores its bytes by digest and records the model; deletes uploaded and imported models and, with
 * the last reference, their bytes.
 *
 * Consistency: bytes are stored before the row that names them, and bytes are only ever removed while no row
 * names them, both under a per-digest lock, so no row lacks its bytes; bytes nobody names are removed when
 * the row insert fails or the last row goes.
 */
export class ModelUploadService {
  constructor(private readonly deps: ModelUploadDeps) {}

  /** Rejects a bad declaration (BAD_USER_INPUT) before any byte is read. */
  checkRequest(request: ModelUploadRequest): void {
    const problems: string[] = [];
    const name = request.name.trim();
    if (!name) problems.push("name must not be empty");
    if (name.length > MAX_NAME) problems.push(`name must be at most ${MAX_NAME} characters`);
    if (request.description.length > MAX_DESCRIPTION) problems.push(`description must be at most ${MAX_DESCRIPTION} characters`);
    if (!(request.defaultThreshold > 0 && request.defaultThreshold <= 1))
      problems.push(`defaultThreshold ${request.defaultThreshold} must be in (0, 1]`);
    problems.push(...declaredDetectorProblems(request.detector));
    if (problems.length) throw new InvalidModelSpecError(name || "(upload)", problems);
  }

  /**
   * `receive` spools the upload (throwing PAYLOAD_TOO_LARGE past the limit); the file is checked with
   * onnxruntime, stored under its sha256 and recorded. The spooled file is removed in every case.
   */
  async upload(tenantId: string, request: ModelUploadRequest, receive: () => Promise<SpooledFile>): Promise<Model> {
    this.checkRequest(request);
    const file = await receive();
    return this.admit(file, {
      declare: () => request.detector,
      model: (detector, artifact) =>
        detectorModelDraft(detector, artifact, {
          name: request.name,
          description: request.description,
          defaultThreshold: request.defaultThreshold,
          source: ModelSource.UPLOAD,
          tenantId,
        }),
    });
  }

  /**
   * The core every ONNX detector goes through: open the spooled file with onnxruntime, check its signature
   * against the declared layout (INVALID_MODEL with every problem), run it once on a blank input within its
   * frame budget (INVALID_MODEL when it fails or does not finish), store the bytes under their sha256 and
   * insert the row. The spooled file is removed in every case.
   */
  async admit(file: SpooledFile, admission: DetectorAdmission): Promise<Model> {
    try {
      const signature = await this.deps.inspector.inspect(file);
      const declared = admission.declare(signature);
      const match = matchOnnxSignature({ ...declared, inputName: "" }, signature);
      if (!match.ok) throw new InvalidModelError(match.problems);
      const detector: OnnxDetectorSpec = { ...declared, inputName: match.inputName, outputNames: match.outputNames };
      await this.deps.trials.trial(file, detector);
      const artifact: ModelArtifact = { name: UPLOADED_MODEL_ARTIFACT, sha256: file.sha256, sizeBytes: file.sizeBytes };
      return await this.store(admission.model(detector, artifact), file);
    } finally {
      await file.remove().catch((err: unknown) => this.deps.onCleanupError?.(err, `spooled model file ${file.path}`));
    }
  }

  /**
   * Deletes an uploaded or imported model, and its bytes when no other model uses them, or a hosted hub model
   * (no bytes; its sealed credential goes with the row). Catalog models: MODEL_NOT_DELETABLE; another tenant's
   * model: NOT_FOUND, as an unknown id (never FORBIDDEN, which would confirm it exists). Bytes are shared by
   * digest across tenants, so they go only when no model of any tenant lists them.
   */
  async delete(tenantId: string, id: string): Promise<void> {
    const model = await this.deps.repository.findById(tenantId, id);
    if (!model) throw new ModelNotFoundError(id);
    if (!isDeletableModel(model)) throw new ModelNotDeletableError(id, model.source);
    const digests = [...new Set(model.artifacts.map((a) => a.sha256))];
    const deleted = await this.deps.repository.withArtifactsLocked(digests, (guard) =>
      guard.delete(tenantId, id, async () => {
        // Inside the delete's transaction: if removing bytes fails, the row stays and still has them.
        for (const sha256 of digests) {
          if ((await guard.countReferences(sha256)) === 0) await this.deps.artifacts.delete(sha256);
        }
      }),
    );
    if (!deleted) throw new ModelNotFoundError(id);
  }

  private async store(draft: Omit<Model, "id">, file: SpooledFile): Promise<Model> {
    const { artifacts, repository } = this.deps;
    return repository.withArtifactsLocked([file.sha256], async (guard) => {
      // Identical bytes uploaded before are reused: one object per digest.
      if (!(await artifacts.has(file.sha256, file.sizeBytes))) await artifacts.put(file);
      try {
        for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
          const model = assertValidModelSpec({ ...draft, id: newModelId(draft.name, this.deps.newIdSuffix()) });
          const stored = await guard.insert(model);
          if (stored) return stored;
        }
        throw new Error(`no free model id for "${draft.name}" after ${ID_ATTEMPTS} attempts`);
      } catch (err) {
        // No row names these bytes unless another model does: do not leave them behind.
        try {
          if ((await guard.countReferences(file.sha256)) === 0) await artifacts.delete(file.sha256);
        } catch (cleanupErr) {
          this.deps.onCleanupError?.(cleanupErr, `model bytes ${file.sha256}`);
        }
        throw err;
      }
    });
  }
}
