import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubErrorCode } from "./hub.errors.js";
import { errorFromStatus, readErrorBody } from "./hub-status.mapper.js";

describe("readErrorBody", () => {
  it("reads every error form the hubs use", () => {
    assert.deepEqual(readErrorBody(Buffer.from('{"error":"Model x is currently loading","estimated_time":20.5}')), {
      message: "Model x is currently loading",
      type: undefined,
      estimatedTimeS: 20.5,
    });
    assert.equal(readErrorBody(Buffer.from('{"error":{"message":"nope","type":"OAuthException"}}')).type, "OAuthException");
    assert.equal(readErrorBody(Buffer.from('{"error":{"message":"nope"}}')).message, "nope");
    assert.deepEqual(readErrorBody(Buffer.from('{"error":"forbidden","message":"no access"}')), {
      message: "forbidden",
      type: "forbidden",
      estimatedTimeS: undefined,
    });
    assert.equal(readErrorBody(Buffer.from('{"message":"Model is temporarily not ready"}')).message, "Model is temporarily not ready");
    assert.equal(readErrorBody(Buffer.from('{"detail":"bad"}')).message, "bad");
    assert.equal(readErrorBody(Buffer.from("Not Found"), "text/plain; charset=utf-8").message, "Not Found");
    assert.deepEqual(readErrorBody(Buffer.from("<html>oops</html>"), "text/html"), {});
  });
});

describe("errorFromStatus", () => {
  const base = { hub: "huggingface" as const, headers: {}, body: {}, subject: "model m" };
  it("maps statuses to stable codes and marks only 429/503/504 transient", () => {
    const expected: Array<[number, string, boolean]> = [
      [400, HubErrorCode.BadRequest, false],
      [401, HubErrorCode.Unauthorized, false],
      [402, HubErrorCode.PaymentRequired, false],
      [403, HubErrorCode.Forbidden, false],
      [404, HubErrorCode.NotFound, false],
      [413, HubErrorCode.PayloadTooLarge, false],
      [422, HubErrorCode.BadRequest, false],
      [423, HubErrorCode.PaymentRequired, false],
      [429, HubErrorCode.RateLimited, true],
      [500, HubErrorCode.Unavailable, false],
      [502, HubErrorCode.Unavailable, false],
      [503, HubErrorCode.Unavailable, true],
      [504, HubErrorCode.Unavailable, true],
      [418, HubErrorCode.BadResponse, false],
    ];
    for (const [status, code, transient] of expected) {
      const err = errorFromStatus({ ...base, status });
      assert.equal(err.code, code, String(status));
      assert.equal(err.transient !== undefined, transient, String(status));
      assert.equal(err.details.status, status);
    }
  });

  it("carries the retry hints", () => {
    const err = errorFromStatus({
      ...base,
      status: 429,
      headers: { "retry-after": "7", ratelimit: '"api";r=0;t=55' },
      body: { estimatedTimeS: 3 },
    });
    assert.deepEqual(err.transient, { reason: "status", status: 429, retryAfter: "7", rateLimitResetS: 55, estimatedTimeS: 3 });
  });
});
