import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TRACEPARENT_HEADER } from "@prelabel/observability";
import { Header } from "./headers.js";

describe("the message envelope's header names", () => {
  it("use the names NATS and W3C define where they exist", () => {
    // JetStream de-duplicates on Nats-Msg-Id; the micro-service convention answers errors in Nats-Service-Error(-Code).
    assert.equal(Header.msgId, "Nats-Msg-Id");
    assert.equal(Header.serviceError, "Nats-Service-Error");
    assert.equal(Header.serviceErrorCode, "Nats-Service-Error-Code");
    assert.equal(Header.traceparent, TRACEPARENT_HEADER);
  });

  it("are stable: consumers of other versions dispatch on Prelabel-Type", () => {
    assert.deepEqual([Header.type, Header.occurredAt], ["Prelabel-Type", "Prelabel-Occurred-At"]);
  });
});
