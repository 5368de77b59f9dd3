import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFrameObjectName, lockOrder, objectNameOf } from "./frame-object.js";

describe("frame object names", () => {
  it("accepts only sha256-<64 lowercase hex>", () => {
    assert.equal(isFrameObjectName(`sha256-${"a".repeat(64)}`), true);
    assert.equal(isFrameObjectName(`sha256-${"A".repeat(64)}`), false);
    assert.equal(isFrameObjectName(`sha256-${"a".repeat(63)}`), false);
    assert.equal(isFrameObjectName("model.onnx"), false);
  });

  it("names bytes by their SHA-256, a name the sweep recognises", () => {
    const name = objectNameOf(new TextEncoder().encode("abc"));
    assert.equal(name, "sha256-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.equal(isFrameObjectName(name), true);
  });

  it("orders lock keys distinct and sorted", () => {
    assert.deepEqual(lockOrder(["b", "a", "b", "c"]), ["a", "b", "c"]);
  });
});
