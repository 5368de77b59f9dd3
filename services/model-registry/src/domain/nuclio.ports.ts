import type { Model } from "./model.js";
import type { NuclioSyncPlan } from "./nuclio-sync.js";

/** Where Nuclio functions are kept (the model table); the domain never sees TypeORM. */
export interface NuclioFunctionStore {
  /**
   * Makes the discovered rows match `listed` (a dashboard listing that succeeded) in one transaction, serialised
   * across replicas: inserts, updates, revives and tombstones per `planNuclioSync`. Rows that are not discovered
   * functions are never touched, whatever their id.
   */
  applyDiscovered(listed: Model[]): Promise<NuclioSyncPlan>;
  /** Live functions `tenantId` registered by hand (the per-tenant cap). */
  countHandRegistered(tenantId: string): Promise<number>;
}

/** The SSRF fence for function URLs (libs/nuclio's NuclioAddressPolicy); throws NUCLIO_URL_REFUSED. */
export interface FunctionUrlPolicy {
  check(url: string): Promise<unknown>;
}
