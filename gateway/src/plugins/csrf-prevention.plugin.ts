import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { ErrorCode } from "@prelabel/service-kit";
import { GraphQLError } from "graphql";

/**
 * A browser form can POST multipart without a CORS preflight; such requests (and GETs without a
 * content type) must carry one of these headers, which forces a preflight. Since the gateway marks its
 * own upstream requests with GATEWAY_HEADER, this is where cross-site requests are stopped.
 */
export const CSRF_HEADERS = ["apollo-require-preflight", "x-apollo-operation-name", "x-graphql-yoga-csrf"];

/** Content types a browser may POST cross-site without a CORS preflight (the "simple" ones). */
const SIMPLE_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/**
 * Yoga's CSRF prevention (same rule: a request without a content type, or with a simple one, must carry one of
 * `requestHeaders`, which forces a preflight), answering with a typed 403 so clients can tell it apart.
 */
export function useCsrfPrevention(requestHeaders: readonly string[]): GatewayPlugin {
  return {
    onRequestParse({ request }) {
      const contentType = request.headers.get("content-type")?.toLowerCase();
      if (contentType && !SIMPLE_CONTENT_TYPES.some((simple) => contentType.startsWith(simple))) return;
      if (requestHeaders.some((name) => request.headers.has(name))) return;
      throw new GraphQLError(
        `Refused as a possible cross-site request forgery (CSRF): send one of these headers: ${requestHeaders.join(", ")}`,
        {
          extensions: { code: ErrorCode.CsrfPreflightRequired, http: { status: 403 } },
        },
      );
    },
  };
}
