import type { Subscription } from "@nats-io/transport-node";
import { EndpointError, type Messaging } from "@prelabel/messaging";
import { Endpoints } from "@prelabel/proto";
import { messageTenant, type Logger } from "@prelabel/service-kit";
import type { ModelRegistryService } from "../../application/model-registry.service.js";
import { toDescribeModelReply } from "./model-descriptor.mapper.js";

/**
 * Answers `model-registry.v1.describe-model` (queue group `q`) for the request's tenant: the catalog and that
 * tenant's models; an unknown id and another tenant's model alike → NOT_FOUND.
 */
export function serveDescribeModel(messaging: Messaging, registry: ModelRegistryService, logger: Logger): Subscription {
  return messaging.serve(Endpoints.describeModel, async (request) => {
    let model;
    try {
      model = await registry.find(messageTenant(request.tenantId), request.modelId);
    } catch (err) {
      // Messaging.serve forwards any error carrying a string `code` (pg errors do) as-is;
      // log the real cause here and answer a plain INTERNAL so no SQL text crosses the wire.
      logger.error({ err, modelId: request.modelId }, "describe-model failed");
      throw new Error("internal error", { cause: err });
    }
    if (!model) throw new EndpointError("NOT_FOUND", `No model "${request.modelId}"`);
    return toDescribeModelReply(model);
  });
}
