import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, DescribeModelReplySchema, Endpoints, ModelDescriptorSchema } from "@prelabel/proto";
import { requestModelDescription } from "./describe-model.client.js";
import { RemoteServiceError } from "./errors.js";
import type { Messaging } from "./messaging.js";

/** A registry stand-in: records each request and answers with `answer`. */
function registry(answer: () => unknown) {
  const requests: unknown[] = [];
  const messaging = {
    request: async (endpoint: unknown, request: unknown, timeoutMs?: number) => {
      requests.push({ endpoint, request, timeoutMs });
      return answer();
    },
  } as unknown as Pick<Messaging, "request">;
  return { messaging, requests };
}

describe("requestModelDescription", () => {
  it("asks describe-model for the model as the tenant sees it, within the timeout, and returns the reply", async () => {
    const reply = create(DescribeModelReplySchema, { model: create(ModelDescriptorSchema, { id: "m1" }) });
    const { messaging, requests } = registry(() => reply);
    assert.equal(await requestModelDescription(messaging, "tenant-a", "m1", 1_500), reply);
    assert.equal(requests.length, 1);
    const [sent] = requests as { endpoint: unknown; request: { modelId: string; tenantId: string }; timeoutMs: number }[];
    assert.equal(sent.endpoint, Endpoints.describeModel);
    assert.deepEqual([sent.request.modelId, sent.request.tenantId, sent.timeoutMs], ["m1", "tenant-a", 1_500]);
  });

  it("answers null for NOT_FOUND (an unknown id or another tenant's model) and throws any other failure", async () => {
    const notFound = registry(() => Promise.reject(new RemoteServiceError("NOT_FOUND", 'No model "m1"')));
    assert.equal(await requestModelDescription(notFound.messaging, "tenant-b", "m1", 1_000), null);
    const unavailable = new RemoteServiceError("SERVICE_UNAVAILABLE", "model-registry.v1.describe-model did not answer");
    const silent = registry(() => Promise.reject(unavailable));
    await assert.rejects(requestModelDescription(silent.messaging, "tenant-a", "m1", 1_000), (err) => err === unavailable);
  });
});
