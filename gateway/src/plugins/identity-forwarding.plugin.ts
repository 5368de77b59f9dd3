import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { IDENTITY_HEADER } from "@prelabel/identity";

/** The context field holding this request's signed assertion (read by the ws transport's header template too). */
export const ASSERTION_CONTEXT_FIELD = "prelabelIdentity";

/**
 * Puts the signed assertion on every HTTP subgraph request: executor-http sends `extensions.headers` as request
 * headers (and strips them from the body). Subscriptions go upstream over graphql-ws, whose upgrade request gets the
 * same header from the transport entry's `{context.prelabelIdentity}` template (server.ts), since per-request
 * extensions do not reach a WebSocket handshake.
 */
export function useIdentityForwarding(): GatewayPlugin {
  return {
    onSubgraphExecute({ executionRequest }) {
      const assertion = (executionRequest.context as Record<string, unknown> | undefined)?.[ASSERTION_CONTEXT_FIELD];
      if (typeof assertion !== "string" || executionRequest.operationType === "subscription") return;
      const extensions = (executionRequest.extensions ??= {});
      extensions.headers = { ...(extensions.headers as Record<string, string> | undefined), [IDENTITY_HEADER]: assertion };
    },
  };
}
