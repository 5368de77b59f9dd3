import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** A sealed value: which ring key sealed it, its nonce, and ciphertext followed by the GCM tag. */
export interface Sealed {
  readonly keyId: string;
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
}

export const SecretBoxErrorCode = {
  /** The key ring configuration is malformed. */
  INVALID_KEY_RING: "INVALID_KEY_RING",
  /** Sealed by a key this ring no longer (or never) had. */
  UNKNOWN_KEY: "UNKNOWN_KEY",
  /** Tampered with, truncated, or sealed for another context. */
  OPEN_FAILED: "OPEN_FAILED",
} as const;
export type SecretBoxErrorCode = (typeof SecretBoxErrorCode)[keyof typeof SecretBoxErrorCode];

export class SecretBoxError extends Error {
  override readonly name = "SecretBoxError";
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * AES-256-GCM with a key ring: the first key seals, every key opens, so keys rotate by putting a new key
 * first, resealing (see `needsReseal`), then dropping the old one. The context (e.g. the owning tenant and
 * model id) is bound as additional authenticated data: a secret copied onto another record does not open.
 */
export class SecretBox {
  private readonly keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;

  constructor(keys: readonly { id: string; key: Uint8Array }[]) {
    if (keys.length === 0) throw new SecretBoxError(SecretBoxErrorCode.INVALID_KEY_RING, "the key ring is empty");
    const map = new Map<string, Buffer>();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id))
        throw new SecretBoxError(SecretBoxErrorCode.INVALID_KEY_RING, `key id "${id}" must be 1–32 letters, digits, - or _`);
      if (key.byteLength !== KEY_BYTES)
        throw new SecretBoxError(SecretBoxErrorCode.INVALID_KEY_RING, `key "${id}" has ${key.byteLength} bytes, not ${KEY_BYTES}`);
      if (map.has(id)) throw new SecretBoxError(SecretBoxErrorCode.INVALID_KEY_RING, `key id "${id}" appears twice`);
      map.set(id, Buffer.from(key));
    }
    this.keys = map;
    this.activeKeyId = keys[0].id;
  }

  /**
   * Parses the configuration form `id:base64key[,id:base64key…]` (first = active). Error messages never
   * contain key material.
   */
  static fromConfig(value: string): SecretBox {
    const entries = value
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part, index) => {
        const colon = part.indexOf(":");
        if (colon <= 0) throw new SecretBoxError(SecretBoxErrorCode.INVALID_KEY_RING, `entry ${index + 1} is not id:base64key`);
        return { id: part.slice(0, colon), key: Buffer.from(part.slice(colon + 1), "base64") };
      });
    return new SecretBox(entries);
  }

  /** A fresh random key in the configuration form, for `id`. */
  static generateKey(id: string): string {
    return `${id}:${randomBytes(KEY_BYTES).toString("base64")}`;
  }

  seal(plaintext: string, context: string): Sealed {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.activeKeyId)!, nonce);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.activeKeyId, nonce, ciphertext: body };
  }

  open(sealed: Sealed, context: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new SecretBoxError(SecretBoxErrorCode.UNKNOWN_KEY, `sealed with key "${sealed.keyId}", which is not in the key ring`);
    if (sealed.nonce.byteLength !== NONCE_BYTES || sealed.ciphertext.byteLength < TAG_BYTES) {
      throw new SecretBoxError(SecretBoxErrorCode.OPEN_FAILED, "sealed value is malformed");
    }
    const body = Buffer.from(sealed.ciphertext);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.nonce));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch (cause) {
      throw new SecretBoxError(SecretBoxErrorCode.OPEN_FAILED, "sealed value does not open: tampered with, or sealed for another context", {
        cause,
      });
    }
  }

  /** Whether a value was sealed by a key other than the active one (rotation reseals these). */
  needsReseal(sealed: Sealed): boolean {
    return sealed.keyId !== this.activeKeyId;
  }

  /** Opens with whichever ring key sealed it and seals again with the active key. */
  reseal(sealed: Sealed, context: string): Sealed {
    return this.seal(this.open(sealed, context), context);
  }
}

/** What an API may show of a secret: an ellipsis and its last four characters. */
export function secretHint(plaintext: string): string {
  return plaintext.length <= 4 ? "…" : `…${plaintext.slice(-4)}`;
}
