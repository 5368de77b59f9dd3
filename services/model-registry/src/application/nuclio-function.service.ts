import { createHash } from "node:crypto";
import { isNuclioError, NuclioErrorCode, parseFunctionYaml, parseLabelSpec, type NuclioFunction } from "@prelabel/nuclio";
import { NuclioInvokeMethod, type Model } from "../domain/model.js";
import { newModelId } from "../domain/model-lifecycle.js";
import type { ModelRepository } from "../domain/model.repository.js";
import { buildNuclioModel, nuclioModel, type NuclioModelOptions } from "../domain/nuclio-function.js";
import {
  InvalidFunctionConfigError,
  InvalidNuclioInputError,
  NuclioFunctionLimitError,
  NuclioFunctionUnsupportedError,
  NuclioUrlRefusedError,
} from "../domain/nuclio-function.errors.js";
import { addNuclioInputProblems, functionFromLabelSpec, type AddNuclioFunctionRequest } from "../domain/nuclio-registration.js";
import type { FunctionUrlPolicy, NuclioFunctionStore } from "../domain/nuclio.ports.js";

export interface NuclioFunctionServiceDeps {
  repository: ModelRepository;
  store: NuclioFunctionStore;
  /** Cloud: public addresses only (plus NUCLIO_ALLOWED_HOSTS); self-hosted: also the dashboard's host. */
  policy: FunctionUrlPolicy;
  /** NUCLIO_MAX_FUNCTIONS_PER_TENANT. */
  maxFunctionsPerTenant: number;
  newIdSuffix: () => string;
}

const ID_ATTEMPTS = 3;

/**
 * Functions reached directly (no dashboard), registered by hand: the caller's tenant's rows, invoked "direct" at
 * the given URL, deleted with deleteModel like any model the tenant added.
 */
export class NuclioFunctionService {
  constructor(private readonly deps: NuclioFunctionServiceDeps) {}

  /**
   * Checks the input (BAD_USER_INPUT), reads and parses the function.yaml or the spec (INVALID_FUNCTION_CONFIG with
   * every problem), refuses what no job could run (NUCLIO_FUNCTION_UNSUPPORTED), checks the URL against the address
   * policy (NUCLIO_URL_REFUSED) and the tenant's cap (NUCLIO_FUNCTION_LIMIT), then records the model.
   * `readFunctionYaml` is called only when the rest of the input is valid.
   */
  async add(
    tenantId: string,
    request: Omit<AddNuclioFunctionRequest, "hasFunctionYaml">,
    readFunctionYaml?: () => Promise<string>,
  ): Promise<Model> {
    const problems = addNuclioInputProblems({ ...request, hasFunctionYaml: !!readFunctionYaml });
    if (problems.length) throw new InvalidNuclioInputError(problems);
    const fn = readFunctionYaml ? fromYaml(await readFunctionYaml()) : fromSpec(request.name!, request.spec!);
    if (fn.kind === "interactor" || fn.kind === "tracker" || fn.kind === "reid") {
      throw new NuclioFunctionUnsupportedError(fn.name, `a ${fn.kind} function; Prelabel runs detector functions only`);
    }
    const url = request.url.trim();
    const draft = (id: string): Model => nuclioModel(fn, { ...draftOptions(tenantId, url, request), id });
    const { reasons } = buildNuclioModel(fn, { ...draftOptions(tenantId, url, request), id: "unchecked" });
    if (reasons.length) throw new InvalidFunctionConfigError(reasons);
    await this.checkUrl(url);
    return this.save(tenantId, draft);
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await this.deps.policy.check(url);
    } catch (err) {
      if (isNuclioError(err) && err.code === NuclioErrorCode.UrlRefused) throw new NuclioUrlRefusedError(err.message, { cause: err });
      throw err;
    }
  }

  private async save(tenantId: string, draft: (id: string) => Model): Promise<Model> {
    const { repository, store, maxFunctionsPerTenant, newIdSuffix } = this.deps;
    // A per-tenant lock (the repository's keyed advisory lock, keyed off the digest slot) makes count-then-insert
    // exact: racing registrations cannot overshoot the cap.
    const tenantKey = createHash("sha256").update(`nuclio-functions/${tenantId}`).digest("hex");
    return repository.withArtifactsLocked([tenantKey], async (guard) => {
      if ((await store.countHandRegistered(tenantId)) >= maxFunctionsPerTenant) throw new NuclioFunctionLimitError(maxFunctionsPerTenant);
      const base = draft("unchecked");
      // Discovered functions own the "nuclio-" prefix; a hand-registered one never takes it.
      const baseName = base.name.replace(/^\s*nuclio(?=$|[^a-z0-9])[^a-z0-9]*/i, "") || "function";
      for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
        const stored = await guard.insert(draft(newModelId(baseName, newIdSuffix())));
        if (stored) return stored;
      }
      throw new Error(`no free model id for "${baseName}" after ${ID_ATTEMPTS} attempts`);
    });
  }
}

/** A hand-registered function: its tenant's, called directly at its URL. */
function draftOptions(
  tenantId: string,
  url: string,
  request: Omit<AddNuclioFunctionRequest, "hasFunctionYaml">,
): Omit<NuclioModelOptions, "id"> {
  return {
    tenantId,
    invokeMethod: NuclioInvokeMethod.DIRECT,
    url,
    project: null,
    namespace: null,
    discovered: false,
    name: request.name,
    defaultThreshold: request.defaultThreshold,
  };
}

function fromYaml(text: string): NuclioFunction {
  try {
    return parseFunctionYaml(text);
  } catch (err) {
    if (isNuclioError(err) && err.code === NuclioErrorCode.InvalidFunctionConfig) throw new InvalidFunctionConfigError([err.message]);
    throw err;
  }
}

function fromSpec(name: string, spec: string): NuclioFunction {
  let parsed;
  try {
    parsed = parseLabelSpec(spec);
  } catch (err) {
    if (isNuclioError(err) && err.code === NuclioErrorCode.InvalidFunctionConfig) throw new InvalidFunctionConfigError([err.message]);
    throw err;
  }
  return functionFromLabelSpec(name, parsed.labels, parsed.problems);
}
