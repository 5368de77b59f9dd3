import { Counter, Gauge, metricOnce, type Registry } from "@prelabel/observability";
import type { NuclioSyncMetrics, NuclioSyncOutcome } from "./application/nuclio-sync.service.js";

export const NUCLIO_SYNCS = "prelabel_registry_nuclio_sync_total";
export const NUCLIO_FUNCTIONS = "prelabel_registry_nuclio_functions";

/** The registry's Nuclio series: syncs by outcome, and the functions the last successful sync listed. */
export function nuclioSyncMetrics(registry: Registry): NuclioSyncMetrics {
  const syncs = metricOnce(
    registry,
    NUCLIO_SYNCS,
    () =>
      new Counter({
        name: NUCLIO_SYNCS,
        help: "Nuclio dashboard syncs by outcome (success, dashboard_unavailable, store_failed); a failed sync changes nothing",
        labelNames: ["outcome"],
        registers: [registry],
      }),
  );
  const functions = metricOnce(
    registry,
    NUCLIO_FUNCTIONS,
    () =>
      new Gauge({
        name: NUCLIO_FUNCTIONS,
        help: "Functions the last successful Nuclio sync listed, by whether a job can run them (supported true/false)",
        labelNames: ["supported"],
        registers: [registry],
      }),
  );
  return {
    synced: (outcome: NuclioSyncOutcome) => syncs.inc({ outcome }),
    functions: (supported: number, unsupported: number) => {
      functions.set({ supported: "true" }, supported);
      functions.set({ supported: "false" }, unsupported);
    },
  };
}
