import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SecretBox, SecretBoxErrorCode, secretHint } from "./secret-box.js";

const ring = (...ids: string[]) => SecretBox.fromConfig(ids.map((id) => SecretBox.generateKey(id)).join(","));

describe("SecretBox", () => {
  it("seals and opens, and never puts the plaintext in the ciphertext", () => {
    const box = ring("k1");
    const sealed = box.seal("hf_secret_token_1234", "tenant-a/model-1");
    assert.equal(sealed.keyId, "k1");
    assert.equal(sealed.nonce.byteLength, 12);
    assert.ok(!Buffer.from(sealed.ciphertext).includes(Buffer.from("hf_secret")));
    assert.equal(box.open(sealed, "tenant-a/model-1"), "hf_secret_token_1234");
  });

  it("uses a fresh nonce every time", () => {
    const box = ring("k1");
    const a = box.seal("same", "ctx");
    const b = box.seal("same", "ctx");
    assert.notDeepEqual(Buffer.from(a.nonce), Buffer.from(b.nonce));
    assert.notDeepEqual(Buffer.from(a.ciphertext), Buffer.from(b.ciphertext));
  });

  it("refuses a value sealed for another context (copied onto another tenant's model)", () => {
    const box = ring("k1");
    const sealed = box.seal("token", "tenant-a/model-1");
    assert.throws(() => box.open(sealed, "tenant-b/model-1"), { code: SecretBoxErrorCode.OPEN_FAILED });
  });

  it("refuses a tampered ciphertext or tag", () => {
    const box = ring("k1");
    const sealed = box.seal("token", "ctx");
    for (const index of [0, sealed.ciphertext.byteLength - 1]) {
      const flipped = Buffer.from(sealed.ciphertext);
      flipped[index] ^= 1;
      assert.throws(() => box.open({ ...sealed, ciphertext: flipped }, "ctx"), { code: SecretBoxErrorCode.OPEN_FAILED });
    }
    assert.throws(() => box.open({ ...sealed, ciphertext: sealed.ciphertext.subarray(0, 8) }, "ctx"), {
      code: SecretBoxErrorCode.OPEN_FAILED,
    });
  });

  it("rotates: a new active key seals, old keys still open, reseal moves values to the new key", () => {
    const k1 = SecretBox.generateKey("k1");
    const k2 = SecretBox.generateKey("k2");
    const old = SecretBox.fromConfig(k1).seal("token", "ctx");
    const rotated = SecretBox.fromConfig(`${k2},${k1}`);
    assert.equal(rotated.open(old, "ctx"), "token");
    assert.equal(rotated.needsReseal(old), true);
    const resealed = rotated.reseal(old, "ctx");
    assert.equal(resealed.keyId, "k2");
    assert.equal(rotated.needsReseal(resealed), false);
    // Once k1 is dropped, only resealed values open.
    const after = SecretBox.fromConfig(k2);
    assert.equal(after.open(resealed, "ctx"), "token");
    assert.throws(() => after.open(old, "ctx"), { code: SecretBoxErrorCode.UNKNOWN_KEY });
  });

  it("rejects a malformed key ring without echoing key material", () => {
    assert.throws(() => SecretBox.fromConfig(""), { code: SecretBoxErrorCode.INVALID_KEY_RING });
    assert.throws(() => SecretBox.fromConfig("k1"), { code: SecretBoxErrorCode.INVALID_KEY_RING });
    assert.throws(
      () => SecretBox.fromConfig("k1:c2hvcnQ="),
      (err: Error) => /5 bytes, not 32/.test(err.message) && !err.message.includes("c2hvcnQ="),
    );
    const key = SecretBox.generateKey("k1");
    assert.throws(() => SecretBox.fromConfig(`${key},${key}`), /appears twice/);
    assert.throws(() => SecretBox.fromConfig(`bad id:${key.split(":")[1]}`), { code: SecretBoxErrorCode.INVALID_KEY_RING });
  });
});

describe("secretHint", () => {
  it("shows an ellipsis and the last four characters only", () => {
    assert.equal(secretHint("rf_abcdefgh1234"), "…1234");
    assert.equal(secretHint("abc"), "…");
  });
});
