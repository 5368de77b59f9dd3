import type { IncomingMessage } from "node:http";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { IDENTITY_HEADER } from "@prelabel/identity";
import { OperationTypeNode } from "graphql";
import type { RequestCallers } from "../auth/request-callers.js";

/** The context field holding this request's signed assertion (read by the ws transport's header template too). */
export const ASSERTION_CONTEXT_FIELD = "prelabelIdentity";

/**
 * Tells the subgraphs who calls. Each operation's context gets a signed assertion of its caller (HTTP requests
 * find it by `req`; graphql-ws puts it there itself), and every HTTP subgraph request carries it: executor-http sends
 * `extensions.headers` as request headers (and strips them from the body). Subscriptions go upstream over graphql-ws,
 * whose upgrade request gets the same header from the transport entry's `{context.prelabelIdentity}` template
 * (hive-runtime.ts), since per-request extensions do not reach a WebSocket handshake.
 */
export function useIdentityForwarding(callers: RequestCallers): GatewayPlugin {
  return {
    onContextBuilding({ context, extendContext }) {
      const ctx = context as Record<string, unknown>;
      if (typeof ctx[ASSERTION_CONTEXT_FIELD] === "string") return;
      const req = ctx.req as IncomingMessage | undefined;
      const assertion = req ? callers.assertionFor(req) : undefined;
      if (assertion) extendContext({ [ASSERTION_CONTEXT_FIELD]: assertion } as never);
    },
    onSubgraphExecute({ executionRequest }) {
      const assertion = (executionRequest.context as Record<string, unknown> | undefined)?.[ASSERTION_CONTEXT_FIELD];
      if (typeof assertion !== "string" || executionRequest.operationType === OperationTypeNode.SUBSCRIPTION) return;
      const extensions = (executionRequest.extensions ??= {});
      extensions.headers = { ...(extensions.headers as Record<string, string> | undefined), [IDENTITY_HEADER]: assertion };
    },
  };
}
