import type { IncomingHttpHeaders } from "node:http";
import {
  API_KEY_PREFIX,
  bearerToken,
  IDENTITY_HEADER,
  SELF_HOSTED_IDENTITY,
  type Identity,
  type IdentityAssertionSigner,
} from "@prelabel/identity";
import { DeploymentMode, ErrorCode, type Logger } from "@prelabel/service-kit";
import type { ApiKeyAuthenticator } from "./api-key.authenticator.js";
import { AssertionCache } from "./assertion.cache.js";
import { JwksUnavailableError, type JwtAuthenticator } from "./jwt.authenticator.js";

/** How the gateway decides who calls and tells the subgraphs. */
export interface GatewayAuthOptions {
  mode: DeploymentMode;
  /** Signs `x-prelabel-identity` for every subgraph request; required in cloud mode, optional self-hosted. */
  signer?: IdentityAssertionSigner;
  /** API key → identity (cached); required in cloud mode. */
  authenticator?: ApiKeyAuthenticator;
  /** Bearer JWTs from an identity provider (cloud mode, optional): any bearer token not starting with `plk_`. */
  jwt?: JwtAuthenticator;
}

export interface Refusal {
  /** 401: the credential is missing or refused; 503: it could not be checked (identity service or IdP down). */
  readonly status: 401 | 503;
  readonly code: string;
  readonly message: string;
}

export type CallerOutcome = { readonly identity: Identity | undefined } | { readonly refused: Refusal };

const unauthenticated = (message: string): Refusal => ({ status: 401, code: ErrorCode.Unauthenticated, message });
const unavailable = (message: string): Refusal => ({ status: 503, code: ErrorCode.ServiceUnavailable, message });

/** The gateway's caller check, for HTTP requests and graphql-ws operations alike. */
export class GatewayAuth {
  /** The answer to a request without a usable bearer credential. */
  private readonly missing: Refusal;
  /** Signed assertions reused per caller for a few seconds (assertion.cache.ts says why that is safe). */
  private readonly assertions: AssertionCache | undefined;

  constructor(
    readonly options: GatewayAuthOptions,
    private readonly logger: Logger,
  ) {
    if (options.mode === DeploymentMode.Cloud && (!options.signer || !options.authenticator)) {
      throw new Error("cloud mode needs an identity signer (IDENTITY_PRIVATE_KEY) and an API key authenticator (NATS)");
    }
    if (options.mode !== DeploymentMode.Cloud && options.jwt) throw new Error("JWT authentication is a cloud mode feature");
    this.assertions = options.signer ? new AssertionCache(options.signer) : undefined;
    this.missing = unauthenticated(`Authentication required: send Authorization: Bearer <${options.jwt ? "API key or JWT" : "API key"}>`);
  }

  get cloud(): boolean {
    return this.options.mode === DeploymentMode.Cloud;
  }

  /**
   * Cloud: the bearer credential's identity, or a refusal (401 without a valid one, 503 when it could not be checked).
   * `plk_…` tokens are API keys (identity service); anything else is a JWT when an identity provider is configured.
   * Self-hosted: the default admin when the gateway can sign for it, else nobody (subgraphs then fall back to the
   * same default themselves).
   */
  async resolve(authorization: string | undefined): Promise<CallerOutcome> {
    if (!this.cloud) return { identity: this.options.signer ? SELF_HOSTED_IDENTITY : undefined };
    const token = bearerToken(authorization);
    if (!token) return { refused: this.missing };
    if (token.startsWith(API_KEY_PREFIX)) return this.resolveApiKey(token);
    if (this.options.jwt) return this.resolveJwt(this.options.jwt, token);
    return { refused: this.missing };
  }

  private async resolveApiKey(token: string): Promise<CallerOutcome> {
    try {
      const identity = await this.options.authenticator!.authenticate(token);
      return identity ? { identity } : { refused: this.missing };
    } catch (err) {
      this.logger.error({ err }, "identity service did not answer an API key check");
      return { refused: unavailable("The identity service is unavailable; try again shortly") };
    }
  }

  private async resolveJwt(jwt: JwtAuthenticator, token: string): Promise<CallerOutcome> {
    try {
      const outcome = await jwt.authenticate(token);
      if ("identity" in outcome) return { identity: outcome.identity };
      // The reason is generic ("expired", "wrong audience"): never the token or its claims.
      return { refused: unauthenticated(`Bearer JWT refused: ${outcome.refused}`) };
    } catch (err) {
      if (!(err instanceof JwksUnavailableError)) throw err;
      this.logger.error({ err }, "identity provider's JWKS could not be fetched for a JWT check");
      return { refused: unavailable("The identity provider's signing keys could not be fetched; try again shortly") };
    }
  }

  /** The assertion for one request's subgraph calls (signed at most 10 s ago); undefined when there is nothing to sign. */
  assertionFor(identity: Identity | undefined): string | undefined {
    return identity && this.assertions ? this.assertions.assertionFor(identity) : undefined;
  }
}

/** Clients never speak for the gateway: their own `x-prelabel-identity` is dropped before anything reads headers. */
export function stripClientIdentity(headers: IncomingHttpHeaders): void {
  delete headers[IDENTITY_HEADER];
}

/** `Authorization` from a graphql-ws connection_init payload (any case), else the upgrade request's header. */
export function authorizationFromConnection(
  params: Readonly<Record<string, unknown>> | undefined,
  headers: IncomingHttpHeaders,
): string | undefined {
  for (const [name, value] of Object.entries(params ?? {})) {
    if (name.toLowerCase() === "authorization" && typeof value === "string") return value;
  }
  return headers.authorization;
}
