import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ageAttributeValue, AGE_BINS, decodeAge, decodeEmotion, decodeGender, EMOTIONS } from "./face-attributes.decoder.js";

function ageBins(values: Record<number, number>, faces = 1, face = 0): Float32Array {
  const bins = new Float32Array(faces * AGE_BINS);
  for (const [bin, p] of Object.entries(values)) bins[face * AGE_BINS + Number(bin)] = p;
  return bins;
}

describe("face attribute decoders", () => {
  it("reads the most probable emotion of each face of a batch", () => {
    const probs = new Float32Array(2 * EMOTIONS.length);
    probs.set([0.1, 0, 0, 0.6, 0.1, 0.1, 0.1], 0);
    probs.set([0, 0, 0, 0.2, 0, 0.3, 0.5], 7);
    assert.equal(decodeEmotion(probs, 0), "happy");
    assert.equal(decodeEmotion(probs, 1), "neutral");
    assert.deepEqual([...EMOTIONS], ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]);
  });

  it("calls 0.5 and below female, above male", () => {
    assert.equal(decodeGender(0.5), "female");
    assert.equal(decodeGender(0.02), "female");
    assert.equal(decodeGender(0.51), "male");
  });

  it("moves the best age bin towards its larger neighbour by 10× that neighbour's probability", () => {
    // Bin 30 best, right neighbour larger: 30 + 10·0.3 = 33.
    assert.equal(decodeAge(ageBins({ 29: 0.1, 30: 0.5, 31: 0.3 }), 0), 33);
    // Left neighbour larger: 30 − 10·0.3 = 27.
    assert.equal(decodeAge(ageBins({ 29: 0.3, 30: 0.5, 31: 0.1 }), 0), 27);
    // Rounded to 0.1 year: 41 + 10·0.123 = 42.23 → 42.2.
    assert.equal(decodeAge(ageBins({ 41: 0.6, 42: 0.123 }), 0), 42.2);
  });

  it("treats the missing neighbour of bins 0 and 99 as 0 (no NaN)", () => {
    assert.equal(decodeAge(ageBins({ 0: 0.7, 1: 0.2 }), 0), 2);
    assert.equal(decodeAge(ageBins({ 98: 0.1, 99: 0.8 }), 0), 98);
    assert.equal(decodeAge(ageBins({ 99: 0.9 }), 0), 99);
  });

  it("reads the face at its batch index", () => {
    assert.equal(decodeAge(ageBins({ 60: 0.9 }, 3, 2), 2), 60);
  });

  it("writes age as whole years within 0..100", () => {
    assert.equal(ageAttributeValue(33.4), "33");
    assert.equal(ageAttributeValue(33.5), "34");
    assert.equal(ageAttributeValue(-0.4), "0");
    assert.equal(ageAttributeValue(101.2), "100");
  });
});
