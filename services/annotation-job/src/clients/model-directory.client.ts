import { requestModelDescription, type Messaging } from "@prelabel/messaging";
import type { ModelLabel as ProtoModelLabel } from "@prelabel/proto";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import type { ModelDescription, ModelLabel } from "../domain/labels.js";
import { attributeSpecOf, shapeKindOf } from "./labels.mapper.js";
import { toAppError } from "./remote-error.mapper.js";

/** What annotation-job asks of the model registry. */
export interface ModelDirectory {
  /**
   * The model as the tenant sees it (the catalog, and the tenant's own models). Throws AppError NOT_FOUND for an
   * unknown model or another tenant's, SERVICE_UNAVAILABLE when the registry cannot answer.
   */
  describeModel(tenantId: string, modelId: string): Promise<ModelDescription>;
}

/** ModelDirectory over NATS request/reply (`model-registry.v1.describe-model`). */
export class NatsModelDirectory implements ModelDirectory {
  constructor(
    private readonly messaging: Pick<Messaging, "request">,
    private readonly timeoutMs = 5_000,
  ) {}

  async describeModel(tenantId: string, modelId: string): Promise<ModelDescription> {
    const notFound = `Model ${modelId} was not found.`;
    let reply;
    try {
      reply = await requestModelDescription(this.messaging, tenantId, modelId, this.timeoutMs);
    } catch (err) {
      throw toAppError(err, "model registry", notFound);
    }
    if (!reply) throw new AppError(ErrorCode.NotFound, notFound);
    const model = reply.model;
    if (!model) throw toAppError(new Error("describe-model replied without a model"), "model registry", "");
    return {
      id: model.id || modelId,
      name: model.name,
      runtime: model.runtime,
      defaultThreshold: model.defaultThreshold,
      returnsMasks: model.returnsMasks,
      labels: model.labels.map(modelLabelOf),
      ...(model.unsupportedReason ? { unsupportedReason: model.unsupportedReason } : {}),
    };
  }
}

function modelLabelOf(label: ProtoModelLabel): ModelLabel {
  return {
    name: label.name,
    type: shapeKindOf(label.type),
    attributes: label.attributes.map(attributeSpecOf),
    sublabels: label.sublabels.map(modelLabelOf),
  };
}
