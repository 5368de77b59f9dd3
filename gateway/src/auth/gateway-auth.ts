import type { IncomingHttpHeaders } from "node:http";
import { bearerToken, IDENTITY_HEADER, SELF_HOSTED_IDENTITY, type Identity, type IdentityAssertionSigner } from "@prelabel/identity";
import { DeploymentMode, ErrorCode, type Logger } from "@prelabel/service-kit";
import type { ApiKeyAuthenticator } from "./api-key.authenticator.js";

/** How the gateway decides who calls and tells the subgraphs. */
export interface GatewayAuthOptions {
  mode: DeploymentMode;
  /** Signs `x-prelabel-identity` for every subgraph request; required in cloud mode, optional self-hosted. */
  signer?: IdentityAssertionSigner;
  /** API key → identity (cached); required in cloud mode. */
  authenticator?: ApiKeyAuthenticator;
}

export type CallerOutcome =
  | { readonly identity: Identity | undefined }
  | { readonly refused: { readonly status: 401 | 503; readonly code: string; readonly message: string } };

const UNAUTHENTICATED = {
  status: 401,
  code: ErrorCode.Unauthenticated,
  message: "Authentication required: send Authorization: Bearer <API key>",
} as const;

/** The gateway's caller check, for HTTP requests and graphql-ws operations alike. */
export class GatewayAuth {
  constructor(
    readonly options: GatewayAuthOptions,
    private readonly logger: Logger,
  ) {
    if (options.mode === DeploymentMode.Cloud && (!options.signer || !options.authenticator)) {
      throw new Error("cloud mode needs an identity signer (IDENTITY_PRIVATE_KEY) and an API key authenticator (NATS)");
    }
  }

  get cloud(): boolean {
    return this.options.mode === DeploymentMode.Cloud;
  }

  /**
   * Cloud: the bearer API key's identity, or a refusal (401 without a valid key, 503 when the identity service does
   * not answer). Self-hosted: the default admin when the gateway can sign for it, else nobody (subgraphs then fall
   * back to the same default themselves).
   */
  async resolve(authorization: string | undefined): Promise<CallerOutcome> {
    if (!this.cloud) return { identity: this.options.signer ? SELF_HOSTED_IDENTITY : undefined };
    const token = bearerToken(authorization);
    if (!token) return { refused: UNAUTHENTICATED };
    try {
      const identity = await this.options.authenticator!.authenticate(token);
      return identity ? { identity } : { refused: UNAUTHENTICATED };
    } catch (err) {
      this.logger.error({ err }, "identity service did not answer an API key check");
      return { refused: { status: 503, code: ErrorCode.ServiceUnavailable, message: "The identity service is unavailable; try again shortly" } };
    }
  }

  /** A fresh assertion for one request's subgraph calls; undefined when there is nothing to sign. */
  assertionFor(identity: Identity | undefined): string | undefined {
    return identity && this.options.signer ? this.options.signer.sign(identity) : undefined;
  }
}

/** Clients never speak for the gateway: their own `x-prelabel-identity` is dropped before anything reads headers. */
export function stripClientIdentity(headers: IncomingHttpHeaders): void {
  delete headers[IDENTITY_HEADER];
}

/** `Authorization` from a graphql-ws connection_init payload (any case), else the upgrade request's header. */
export function authorizationFromConnection(params: Readonly<Record<string, unknown>> | undefined, headers: IncomingHttpHeaders): string | undefined {
  for (const [name, value] of Object.entries(params ?? {})) {
    if (name.toLowerCase() === "authorization" && typeof value === "string") return value;
  }
  return headers.authorization;
}
