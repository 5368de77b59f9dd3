import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubError, HubErrorCode } from "./hub.errors.js";
import { redactSecrets, redactUrl } from "./secret.redactor.js";

describe("redactSecrets", () => {
  it("removes api_key values from URLs and JSON, bearer tokens and hf_ tokens", () => {
    assert.equal(
      redactUrl("https://serverless.roboflow.com/p/3?api_key=abc123XYZ&confidence=0.5"),
      "https://serverless.roboflow.com/p/3?api_key=[redacted]&confidence=0.5",
    );
    assert.equal(redactSecrets('{"api_key": "secret-value"}'), '{"api_key": "[redacted]"}');
    assert.equal(redactSecrets("Authorization: Bearer abc.def"), "Authorization: Bearer [redacted]");
    assert.equal(redactSecrets("token hf_AbCdEf123456 leaked"), "token hf_[redacted] leaked");
  });

  it("removes known secrets verbatim, but not short ones that would eat words", () => {
    assert.equal(redactSecrets("key rf_live_123456 is bad", ["rf_live_123456"]), "key [redacted] is bad");
    assert.equal(redactSecrets("a bad key", ["a"]), "a bad key");
  });

  it("HubError messages and hub messages are redacted", () => {
    const err = new HubError(HubErrorCode.Unauthorized, "failed at /p/3?api_key=topsecret1", {
      hubMessage: "This API key (hf_ZZZZZZZZZZZZ) does not exist",
    });
    assert.doesNotMatch(err.message, /topsecret1/);
    assert.doesNotMatch(err.details.hubMessage ?? "", /ZZZZZZ/);
  });
});
