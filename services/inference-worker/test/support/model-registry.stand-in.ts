import type { Subscription } from "@nats-io/transport-node";
import { EndpointError, type Messaging } from "@prelabel/messaging";
import { create, DescribeModelReplySchema, Endpoints, type ModelDescriptor } from "@prelabel/proto";

/** Answers describe-model as model-registry does: `describe`'s descriptor, or NOT_FOUND when it has none. */
export function serveDescribeModel(
  client: Messaging,
  describe: (modelId: string, tenantId: string) => ModelDescriptor | undefined,
): Subscription {
  return client.serve(Endpoints.describeModel, async ({ modelId, tenantId }) => {
    const model = describe(modelId, tenantId);
    if (!model) throw new EndpointError("NOT_FOUND", `No model "${modelId}"`);
    return create(DescribeModelReplySchema, { model });
  });
}
