import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { IdentityError, IdentityErrorCode } from "./identity.errors.js";

/**
 * Keys come from config in one of two spellings, so they fit an env variable either way:
 * - PEM (`-----BEGIN PRIVATE KEY-----` PKCS#8 / `-----BEGIN PUBLIC KEY-----` SPKI), newlines or `\n` escapes;
 * - base64 (or base64url) of the same DER bytes, one line (what `generateIdentityKeyPair` prints).
 * Only Ed25519 is accepted: the gateway holds the private key, subgraphs only the public one.
 */
export function parseIdentityPrivateKey(text: string): KeyObject {
  const key = parseKey(text, "private");
  return key;
}

export function parseIdentityPublicKey(text: string): KeyObject {
  return parseKey(text, "public");
}

/**
 * IDENTITY_PUBLIC_KEY as a list: one key, or several separated by commas (neither spelling contains one) while the
 * gateway's signing key is rotated: subgraphs first accept old and new, then the gateway signs with the new one,
 * then the old one is dropped. At most 4, so a verifier never tries more than a handful.
 */
export function parseIdentityPublicKeys(text: string): KeyObject[] {
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new IdentityError(IdentityErrorCode.InvalidKey, "empty public key");
  if (parts.length > MAX_PUBLIC_KEYS)
    throw new IdentityError(IdentityErrorCode.InvalidKey, `at most ${MAX_PUBLIC_KEYS} public keys (got ${parts.length})`);
  return parts.map((part, i) => {
    try {
      return parseKey(part, "public");
    } catch (err) {
      if (parts.length === 1 || !(err instanceof IdentityError)) throw err;
      throw new IdentityError(IdentityErrorCode.InvalidKey, `key ${i + 1} of ${parts.length}: ${err.message}`, { cause: err });
    }
  });
}

const MAX_PUBLIC_KEYS = 4;

function parseKey(text: string, kind: "private" | "public"): KeyObject {
  const value = text.trim().replace(/\\n/g, "\n");
  if (!value) throw new IdentityError(IdentityErrorCode.InvalidKey, `empty ${kind} key`);
  let key: KeyObject;
  try {
    if (value.startsWith("-----BEGIN")) {
      key = kind === "private" ? createPrivateKey({ key: value, format: "pem" }) : createPublicKey({ key: value, format: "pem" });
    } else {
      if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) throw new Error("not base64");
      const der = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
      key =
        kind === "private"
          ? createPrivateKey({ key: der, format: "der", type: "pkcs8" })
          : createPublicKey({ key: der, format: "der", type: "spki" });
    }
  } catch (err) {
    // Never echo the value: it may be a private key pasted into the wrong variable.
    throw new IdentityError(IdentityErrorCode.InvalidKey, `not an Ed25519 ${kind} key (PEM or base64 DER)`, { cause: err });
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new IdentityError(IdentityErrorCode.InvalidKey, `an ${key.asymmetricKeyType ?? "unknown"} key; expected an Ed25519 ${kind} key`);
  }
  return key;
}

/** A fresh Ed25519 pair as one-line base64 DER strings (IDENTITY_PRIVATE_KEY for the gateway, IDENTITY_PUBLIC_KEY for the subgraphs). */
export function generateIdentityKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
  };
}
