import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFrameObjectName, lockOrder } from "./frame-object.js";

describe("frame object names", () => {
  it("accepts only sha256-<64 lowercase hex>", () => {
    assert.equal(isFrameObjectName(`sha256-${"a".repeat(64)}`), true);
    assert.equal(isFrameObjectName(`sha256-${"A".repeat(64)}`), false);
    assert.equal(isFrameObjectName(`sha256-${"a".repeat(63)}`), false);
    assert.equal(isFrameObjectName("model.onnx"), false);
  });

  it("orders lock keys distinct and sorted", () => {
    assert.deepEqual(lockOrder(["b", "a", "b", "c"]), ["a", "b", "c"]);
  });
});
