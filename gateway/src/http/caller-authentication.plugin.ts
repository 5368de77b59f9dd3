import type { Logger } from "@prelabel/service-kit";
import { stripClientIdentity, type GatewayAuth } from "../auth/gateway-auth.js";
import type { RequestCallers } from "../auth/request-callers.js";
import type { GatewayTelemetry } from "../observability/gateway-telemetry.js";
import { graphqlErrorBody, sendJson, type HttpPlugin } from "./http-plugin.js";

export interface CallerAuthenticationOptions {
  auth: GatewayAuth;
  /** Where an accepted caller is kept for the operation's context (useIdentityForwarding). */
  callers: RequestCallers;
  telemetry: GatewayTelemetry;
  log: Logger;
}

/**
 * Who calls over HTTP: a client-sent identity header is dropped, then the request's credential is resolved once. A
 * refused one is answered here with its status and code; in self-hosted mode everyone is accepted.
 */
export function useCallerAuthentication({ auth, callers, telemetry, log }: CallerAuthenticationOptions): HttpPlugin {
  return {
    async onRequest(req, res) {
      stripClientIdentity(req.headers);
      // The GraphiQL page carries no data; everything else on /graphql needs a caller in cloud mode.
      const graphiqlPage = req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
      if (graphiqlPage) return false;
      const caller = await auth.resolve(req.headers.authorization);
      if ("refused" in caller) {
        if (auth.cloud) log.info({ status: caller.refused.status, code: caller.refused.code }, "request refused");
        telemetry.countRefusal(caller.refused.code);
        sendJson(res, caller.refused.status, graphqlErrorBody(caller.refused.message, caller.refused.code));
        return true;
      }
      callers.set(req, caller.identity);
      return false;
    },
  };
}
