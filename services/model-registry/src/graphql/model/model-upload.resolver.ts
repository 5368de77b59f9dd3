import type { FileUpload } from "graphql-upload-minimal";
import { GraphQLUpload } from "graphql-upload-minimal";
import type { CallerContext } from "@prelabel/service-kit";
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { ModelTooLargeError } from "../../domain/model-registry.errors.js";
import type { ModelUploadRequest, ModelUploadService } from "../../application/model-upload.service.js";
import { isTooLarge, safeFileName, spoolUpload } from "../../persistence/upload-spool.store.js";
import { callerTenant } from "@prelabel/service-kit";
import { toModelType } from "./model.mapper.js";
import { ModelSpecInput } from "./model-upload.input.js";
import { ModelType } from "./model.type.js";

export interface ModelUploadResolverDeps {
  uploads: ModelUploadService;
  /** MODEL_UPLOAD_MAX_BYTES. */
  maxUploadBytes: number;
  /** Where uploads are spooled; the OS temp dir when unset. */
  spoolDir?: string;
}

@Resolver(() => ModelType)
export class ModelUploadResolver {
  constructor(private readonly deps: ModelUploadResolverDeps) {}

  @Mutation(() => ModelType, {
    description:
      "Adds an ONNX detector (GraphQL multipart upload). The file must load and fit the declared layout (INVALID_MODEL lists every mismatch); at most MODEL_UPLOAD_MAX_BYTES (PAYLOAD_TOO_LARGE).",
  })
  async uploadModel(
    // type-graphql registers parameter decorators last-first: this order prints as (file, spec).
    @Arg("spec", () => ModelSpecInput) spec: ModelSpecInput,
    @Arg("file", () => GraphQLUpload) file: Promise<FileUpload>,
    @Ctx() ctx: CallerContext,
  ): Promise<ModelType> {
    try {
      const request = toUploadRequest(spec);
      const model = await this.deps.uploads.upload(callerTenant(ctx), request, () => this.receive(file));
      return toModelType(model);
    } finally {
      discardUnread(file);
    }
  }

  @Mutation(() => Boolean, {
    description:
      "Deletes an uploaded model (and its file when no other model uses the same bytes), a Hugging Face or Roboflow model (and its stored credential) or a hand-registered Nuclio function. Catalog models and functions discovered on the Nuclio dashboard: MODEL_NOT_DELETABLE.",
  })
  async deleteModel(@Arg("id", () => ID) id: string, @Ctx() ctx: CallerContext): Promise<boolean> {
    await this.deps.uploads.delete(callerTenant(ctx), id);
    return true;
  }

  private async receive(file: Promise<FileUpload>) {
    const maxBytes = this.deps.maxUploadBytes;
    let fileName = "model.onnx";
    let stream;
    try {
      const upload = await file;
      fileName = safeFileName(upload.filename);
      stream = upload.createReadStream();
    } catch (err) {
      if (isTooLarge(err)) throw new ModelTooLargeError(fileName, maxBytes);
      throw err;
    }
    return spoolUpload(stream, { fileName, maxBytes, dir: this.deps.spoolDir });
  }
}

/** One value for mean or std applies to all three channels. */
const perChannel = (values: number[]): number[] => (values.length === 1 ? [values[0], values[0], values[0]] : [...values]);

function toUploadRequest(spec: ModelSpecInput): ModelUploadRequest {
  return {
    name: spec.name,
    description: spec.description,
    defaultThreshold: spec.defaultThreshold,
    detector: {
      outputLayout: spec.outputLayout,
      inputWidth: spec.inputWidth,
      inputHeight: spec.inputHeight,
      resize: spec.resize,
      channelOrder: spec.channelOrder,
      tensorLayout: spec.tensorLayout,
      inputType: spec.inputType,
      mean: perChannel(spec.mean),
      std: perChannel(spec.std),
      classNames: [...spec.classNames],
      classIdOffset: spec.classIdOffset,
      detrNoObjectClass: spec.detrNoObjectClass,
      nmsIou: spec.nmsIou,
      maxDetections: spec.maxDetections,
      frameBudgetMs: spec.frameBudgetMs,
      outputNames: [...(spec.outputNames ?? [])],
    },
  };
}

/** An upload the mutation did not read (after an error) is drained so the request can finish. */
function discardUnread(file: Promise<FileUpload>): void {
  void Promise.resolve(file)
    .then((upload) => {
      try {
        upload.createReadStream().resume();
      } catch {
        // Already read, or failed at the parser: nothing to drain.
      }
    })
    .catch(() => undefined);
}
