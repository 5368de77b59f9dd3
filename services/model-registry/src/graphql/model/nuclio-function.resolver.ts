import type { FileUpload } from "graphql-upload-minimal";
import { AppError, callerTenant, DEFAULT_TENANT_ID, ErrorCode, type CallerContext } from "@prelabel/service-kit";
import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { NuclioFunctionService } from "../../application/nuclio-function.service.js";
import type { NuclioSyncService } from "../../application/nuclio-sync.service.js";
import { NUCLIO_REGISTRATION_LIMITS } from "../../domain/nuclio-registration.js";
import { isTooLarge, safeFileName } from "../../persistence/upload-spool.store.js";
import { readUploadText } from "../../persistence/upload-text.reader.js";
import { toModelType } from "./model.mapper.js";
import { ModelType } from "./model.type.js";
import { AddNuclioFunctionInput } from "./nuclio-function.input.js";
import { NuclioDashboardStatusType, toInvokeMethodValue } from "./nuclio-function.type.js";

export interface NuclioFunctionResolverDeps {
  functions: NuclioFunctionService;
  /** Null when NUCLIO_DASHBOARD_URL is unset. */
  sync: NuclioSyncService | null;
}

/** Nuclio functions: registered by hand, and the dashboard sync's status. */
@Resolver(() => ModelType)
export class NuclioFunctionResolver {
  constructor(private readonly deps: NuclioFunctionResolverDeps) {}

  @Mutation(() => ModelType, {
    description:
      "Registers a Nuclio detector function reached directly (no dashboard) as the caller's model (source NUCLIO; deleteModel removes it). Errors: INVALID_FUNCTION_CONFIG (every problem of the function.yaml or spec), NUCLIO_FUNCTION_UNSUPPORTED (interactor, tracker, reid), NUCLIO_URL_REFUSED, NUCLIO_FUNCTION_LIMIT, PAYLOAD_TOO_LARGE, BAD_USER_INPUT.",
  })
  async addNuclioFunction(
    @Arg("input", () => AddNuclioFunctionInput) input: AddNuclioFunctionInput,
    @Ctx() ctx: CallerContext,
  ): Promise<ModelType> {
    const upload = input.functionYaml ?? null;
    try {
      const model = await this.deps.functions.add(
        callerTenant(ctx),
        { url: input.url, spec: input.spec, name: input.name, defaultThreshold: input.defaultThreshold },
        upload ? () => readYaml(upload) : undefined,
      );
      return toModelType(model);
    } finally {
      if (upload) discardUnread(upload);
    }
  }

  @Query(() => NuclioDashboardStatusType, {
    nullable: true,
    description:
      "The Nuclio dashboard sync as this replica last ran it (for operators); null when NUCLIO_DASHBOARD_URL is unset, and for callers of other tenants than the default (operator) tenant.",
  })
  nuclioDashboard(@Ctx() ctx: CallerContext): NuclioDashboardStatusType | null {
    // The dashboard's address is the operator's: a cloud tenant learns nothing of it.
    if (!this.deps.sync || callerTenant(ctx) !== DEFAULT_TENANT_ID) return null;
    const s = this.deps.sync.status();
    return {
      url: s.url,
      project: s.project,
      namespace: s.namespace,
      invokeMethod: toInvokeMethodValue(s.invokeMethod),
      lastSyncAt: s.lastSyncAt,
      lastSuccessAt: s.lastSuccessAt,
      lastError: s.lastError,
      functionCount: s.functionCount,
      unsupportedCount: s.unsupportedCount,
    };
  }
}

async function readYaml(file: Promise<FileUpload>): Promise<string> {
  const maxBytes = NUCLIO_REGISTRATION_LIMITS.maxConfigBytes;
  let upload: FileUpload;
  try {
    upload = await file;
  } catch (err) {
    // The multipart parser's own limit (the request's): the same answer as ours.
    if (isTooLarge(err)) throw new AppError(ErrorCode.PayloadTooLarge, `function.yaml exceeds the ${maxBytes} byte limit`, { maxBytes });
    throw err;
  }
  return readUploadText(upload.createReadStream(), { fileName: safeFileName(upload.filename, "function.yaml"), maxBytes });
}

/** An upload the mutation did not read (refused before, or after an error) is drained so the request can finish. */
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
