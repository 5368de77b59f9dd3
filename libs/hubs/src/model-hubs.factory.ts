import type { RoboflowClientOptions } from "./clients/roboflow.client.js";
import { normalizeHubEndpoints, type HubEndpoints } from "./hub-endpoints.config.js";
import type { HubLogger } from "./hub.types.js";
import { HuggingFaceHub } from "./huggingface/huggingface.hub.js";
import { HubHttpTransport, type HubHttpTransportOptions } from "./net/hub-http.transport.js";
import { SsrfGuard, type HostResolver } from "./net/ssrf.guard.js";
import type { Clock } from "./retry/clock.js";
import { HubCallExecutor, type HubCallExecutorOptions, type HubCallLimits } from "./retry/hub-call.executor.js";
import { RoboflowHub } from "./roboflow/roboflow.hub.js";

export interface ModelHubsOptions {
  readonly limits?: HubCallLimits;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: HubLogger;
  readonly onRetry?: HubCallExecutorOptions["onRetry"];
  /** DNS for the SSRF guard (tests inject one). */
  readonly resolver?: HostResolver;
  readonly transport?: HubHttpTransportOptions;
  readonly roboflow?: RoboflowClientOptions;
}

export interface ModelHubs {
  readonly huggingface: HuggingFaceHub;
  readonly roboflow: RoboflowHub;
  readonly guard: SsrfGuard;
  readonly transport: HubHttpTransport;
}

/** Both hubs over one guarded transport; each hub has its own per-tenant limits. */
export function createModelHubs(endpoints: HubEndpoints, options: ModelHubsOptions = {}): ModelHubs {
  const e = normalizeHubEndpoints(endpoints);
  const guard = SsrfGuard.forEndpoints(e, options.resolver);
  const transport = new HubHttpTransport(guard, options.transport);
  const executor = (hub: "huggingface" | "roboflow") =>
    new HubCallExecutor({
      hub,
      limits: options.limits,
      clock: options.clock,
      random: options.random,
      logger: options.logger,
      onRetry: options.onRetry,
    });
  return {
    huggingface: new HuggingFaceHub(e, transport, executor("huggingface")),
    roboflow: new RoboflowHub(e, transport, executor("roboflow"), options.roboflow),
    guard,
    transport,
  };
}
