import { create, DescribeModelRequestSchema, Endpoints, type DescribeModelReply } from "@prelabel/proto";
import { RemoteServiceError } from "./errors.js";
import type { Messaging } from "./messaging.js";

/** What describe-model answers for an unknown id and for another tenant's model alike. */
const NOT_FOUND = "NOT_FOUND";

/**
 * model-registry's describe-model (`model-registry.v1.describe-model`) as its callers use it: the reply for `modelId` as
 * `tenantId` sees it (the catalog and that tenant's own models), or null when the tenant sees no such model. No answer
 * within `timeoutMs`, or any other failure the registry answers, throws RemoteServiceError with its code.
 */
export async function requestModelDescription(
  messaging: Pick<Messaging, "request">,
  tenantId: string,
  modelId: string,
  timeoutMs: number,
): Promise<DescribeModelReply | null> {
  try {
    return await messaging.request(Endpoints.describeModel, create(DescribeModelRequestSchema, { modelId, tenantId }), timeoutMs);
  } catch (err) {
    if (err instanceof RemoteServiceError && err.code === NOT_FOUND) return null;
    throw err;
  }
}
