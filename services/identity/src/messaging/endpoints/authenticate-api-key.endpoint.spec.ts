import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AuthenticationFailureReason, Role } from "@prelabel/proto";
import { toAuthenticateReply } from "./authenticate-api-key.endpoint.js";

describe("authenticate-api-key reply", () => {
  it("carries the identity with proto roles, or the failure reason", () => {
    const ok = toAuthenticateReply({ identity: { tenantId: "t", subject: "k", roles: ["ADMIN", "MEMBER"] } }).outcome;
    assert.equal(ok.case, "identity");
    assert.deepEqual(ok.case === "identity" && [ok.value.tenantId, ok.value.subject, ok.value.roles], [
      "t",
      "k",
      [Role.ADMIN, Role.MEMBER],
    ]);
    assert.deepEqual(toAuthenticateReply({ failure: "REVOKED" }).outcome, { case: "failure", value: AuthenticationFailureReason.REVOKED });
  });
});
