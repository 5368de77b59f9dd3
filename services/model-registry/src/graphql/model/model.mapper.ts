import { ONNX_DETECTOR_RUNTIME, type Model, type ModelLabel } from "../../domain/model.js";
import { isDeletableModel } from "../../domain/model-lifecycle.js";
import { frameBudgetOf } from "../../domain/onnx-detector-spec.js";
import type { ModelLabelType, ModelType } from "./model.type.js";
import { toInvokeMethodValue } from "./nuclio-function.type.js";

/** Domain model → GraphQL shape (drops `runtime`, which is for workers only, and the sealed credential). */
export function toModelType(model: Model): ModelType {
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    source: model.source,
    kind: model.kind,
    labels: model.labels.map(toLabelType),
    defaultThreshold: model.defaultThreshold,
    returnsMasks: model.returnsMasks,
    inputSize: model.inputSize ? { ...model.inputSize } : null,
    preprocessing: model.preprocessing,
    license: model.license ?? null,
    measuredMsPerFrame: model.measuredMsPerFrame ?? null,
    artifacts: model.artifacts.map((a) => ({ ...a })),
    onnxDetector: model.onnxDetector
      ? {
          ...model.onnxDetector,
          mean: [...model.onnxDetector.mean],
          std: [...model.onnxDetector.std],
          frameBudgetMs: frameBudgetOf(model.onnxDetector),
        }
      : null,
    // The hint was stored at save time: showing it never needs the key ring.
    hub: model.hub
      ? {
          provider: model.hub.provider,
          modelRef: model.hub.modelRef,
          task: model.hub.task,
          endpointUrl: model.hub.endpointUrl,
          credentialHint: model.hub.credentialHint,
          revision: model.hub.revision,
          importedFile: model.runtime === ONNX_DETECTOR_RUNTIME ? (model.hub.localOnnx?.path ?? null) : null,
        }
      : null,
    // Never the URL: a dashboard or function address is the operator's (or the tenant's) business, not every reader's.
    nuclio: model.nuclio
      ? {
          functionName: model.nuclio.functionName,
          framework: model.nuclio.framework,
          version: model.nuclio.version,
          invokeMethod: toInvokeMethodValue(model.nuclio.invokeMethod),
          discovered: model.nuclio.discovered,
          state: model.nuclio.state,
        }
      : null,
    supported: !model.unsupportedReason,
    unsupportedReason: model.unsupportedReason ?? null,
    deletable: isDeletableModel(model) && !model.deletedAt,
    // Models reach GraphQL from the repository, which always sets it; the epoch only guards the type.
    createdAt: model.createdAt ?? new Date(0),
    deletedAt: model.deletedAt ?? null,
  };
}

function toLabelType(label: ModelLabel): ModelLabelType {
  return {
    name: label.name,
    type: label.type,
    attributes: label.attributes.map((a) => ({ ...a, values: [...a.values] })),
    sublabels: label.sublabels.map(toLabelType),
  };
}
