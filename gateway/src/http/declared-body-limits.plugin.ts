import type { IncomingMessage, ServerResponse } from "node:http";
import { payloadTooLargeBody, refuseBody, type Logger } from "@prelabel/service-kit";
import { checkBodySize, type BodyLimits } from "../body-limits.js";
import type { GatewayTelemetry } from "../observability/gateway-telemetry.js";
import type { HttpPlugin } from "./http-plugin.js";

export interface DeclaredBodyLimitsOptions {
  limits: BodyLimits;
  telemetry: GatewayTelemetry;
  log: Logger;
}

/**
 * A declared body (Content-Length) over its limit is refused before anything is read: 413 PAYLOAD_TOO_LARGE, the rest
 * drained and dropped. With `Expect: 100-continue` (curl sends it for large bodies) that happens before the client
 * sends the body at all. Bodies without Content-Length are counted while the runtime parses them (useBodyLimits).
 */
export function useDeclaredBodyLimits({ limits, telemetry, log }: DeclaredBodyLimitsOptions): HttpPlugin {
  const refuse = (req: IncomingMessage, res: ServerResponse): boolean => {
    const rejection = checkBodySize(req, limits.maxUploadBytes, limits.maxJsonBytes);
    if (!rejection) return false;
    log.warn({ status: rejection.status }, rejection.message);
    telemetry.countRefusal(rejection.code);
    refuseBody(req, res, rejection.status, payloadTooLargeBody(rejection.message));
    return true;
  };
  return { onRequest: refuse, onCheckContinue: refuse };
}
