import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** A fresh key pair for `alg`, with a kid, its public half as a JWK. */
export async function createSigningKey(alg = "ES256", kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** A compact JWT signed with `key` (kid and alg in the header). */
export function signJwt(key: SigningKey, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).sign(key.privateKey);
}

/**
 * The outside world in tests: an identity provider's JWKS endpoint on loopback. `keys` is what it serves (swap it to
 * rotate); `status` other than 200 makes it answer that instead; `fetches` counts requests.
 */
export class FakeIdentityProvider {
  keys: SigningKey[] = [];
  status = 200;
  fetches = 0;
  private constructor(
    private readonly server: Server,
    readonly jwksUrl: string,
  ) {}

  static async start(keys: SigningKey[] = []): Promise<FakeIdentityProvider> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const idp = new FakeIdentityProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
    idp.keys = keys;
    // Nobody knows the URL before it is returned: serving from here on misses no request.
    server.on("request", (req: IncomingMessage, res: ServerResponse) => idp.serve(req, res));
    return idp;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    this.fetches++;
    if (req.url !== "/.well-known/jwks.json" || this.status !== 200) {
      res.writeHead(req.url === "/.well-known/jwks.json" ? this.status : 404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: this.keys.map((k) => k.publicJwk) }));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
