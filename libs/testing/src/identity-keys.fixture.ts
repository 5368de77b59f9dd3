import { generateIdentityKeyPair, IdentityAssertionSigner, parseIdentityPrivateKey } from "@prelabel/identity";

/** A fresh Ed25519 identity key pair (base64 DER, as IDENTITY_PRIVATE_KEY / IDENTITY_PUBLIC_KEY take it) and its signer. */
export interface IdentityKeys {
  readonly privateKey: string;
  readonly publicKey: string;
  /** Signs `x-prelabel-identity` assertions with the private half, as the gateway does. */
  readonly signer: IdentityAssertionSigner;
}

/**
 * New identity keys: the gateway's pair when the test hands the public half to the subgraphs, or a forger's when it
 * does not (an assertion that is well formed but signed by a key nobody trusts).
 */
export function identityKeys(): IdentityKeys {
  const pair = generateIdentityKeyPair();
  return { ...pair, signer: new IdentityAssertionSigner(parseIdentityPrivateKey(pair.privateKey)) };
}
