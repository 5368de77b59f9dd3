import type { IncomingMessage } from "node:http";
import type { Identity } from "@prelabel/identity";
import type { GatewayAuth } from "./gateway-auth.js";

/**
 * Who sent each request, as authentication found: an HTTP request is authenticated once before the runtime sees it, a
 * graphql-ws connection (keyed by its upgrade request) on every operation. GraphQL contexts read it back as an assertion.
 */
export class RequestCallers {
  private readonly identities = new WeakMap<IncomingMessage, Identity | undefined>();

  constructor(private readonly auth: GatewayAuth) {}

  set(req: IncomingMessage, identity: Identity | undefined): void {
    this.identities.set(req, identity);
  }

  /** The signed assertion of the request's caller (GatewayAuth.assertionFor); undefined when the gateway signs nothing. */
  assertionFor(req: IncomingMessage): string | undefined {
    return this.auth.assertionFor(this.identities.get(req));
  }
}
