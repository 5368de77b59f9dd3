import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE, pageSize } from "./pagination.js";

const isBadInput = (e: unknown) => e instanceof AppError && e.code === ErrorCode.BadUserInput;

describe("pageSize", () => {
  it("defaults to 50 and allows 0..500", () => {
    assert.equal(pageSize(undefined), DEFAULT_PAGE_SIZE);
    assert.equal(pageSize(null), 50);
    assert.equal(pageSize(0), 0);
    assert.equal(pageSize(MAX_PAGE_SIZE), 500);
  });
  it("rejects sizes out of range", () => {
    assert.throws(() => pageSize(501), isBadInput);
    assert.throws(() => pageSize(-1), isBadInput);
  });
});

describe("cursors", () => {
  const id = "0b7e1a52-5f4e-4a55-9c1c-6f0a2f1d7e11";

  it("round-trip per kind and are opaque", () => {
    const t = encodeCursor("task", { createdAt: 1_700_000_000_123, id });
    assert.deepEqual(decodeCursor("task", t), { createdAt: 1_700_000_000_123, id });
    assert.match(t, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor("frame", encodeCursor("frame", { index: 7 })), { index: 7 });
    assert.deepEqual(decodeCursor("annotation", encodeCursor("annotation", { frame: 3, seq: "12345678901" })), {
      frame: 3,
      seq: "12345678901",
    });
    assert.deepEqual(decodeCursor("track", encodeCursor("track", { startFrame: 9, seq: "42" })), { startFrame: 9, seq: "42" });
    assert.deepEqual(decodeCursor("review", encodeCursor("review", { score: 0.30000001192092896, seq: "7" })), {
      score: 0.30000001192092896,
      seq: "7",
    });
  });

  it("reject a review cursor without a finite score", () => {
    assert.throws(() => decodeCursor("review", Buffer.from('["r1",null,"1"]').toString("base64url")), isBadInput);
    assert.throws(() => decodeCursor("review", Buffer.from('["r1","0.5","1"]').toString("base64url")), isBadInput);
    assert.throws(() => decodeCursor("review", encodeCursor("annotation", { frame: 1, seq: "1" })), isBadInput);
    assert.throws(() => decodeCursor("annotation", encodeCursor("review", { score: 0.5, seq: "1" })), isBadInput);
  });

  it("reject another connection's cursor", () => {
    assert.throws(() => decodeCursor("task", encodeCursor("frame", { index: 1 })), isBadInput);
    assert.throws(() => decodeCursor("frame", encodeCursor("annotation", { frame: 1, seq: "1" })), isBadInput);
    assert.throws(() => decodeCursor("track", encodeCursor("annotation", { frame: 1, seq: "1" })), isBadInput);
    assert.throws(() => decodeCursor("annotation", encodeCursor("track", { startFrame: 1, seq: "1" })), isBadInput);
  });

  it("reject garbage", () => {
    for (const bad of [
      "",
      "!!!",
      "bm90IGpzb24",
      Buffer.from('["f1",-1]').toString("base64url"),
      Buffer.from('["t1",1,"x"]').toString("base64url"),
      "a".repeat(300),
    ]) {
      assert.throws(() => decodeCursor(bad.startsWith("WyJ0") ? "task" : "frame", bad), isBadInput, bad);
    }
    assert.throws(() => decodeCursor("annotation", Buffer.from('["a1",1,"1; drop"]').toString("base64url")), isBadInput);
  });
});
