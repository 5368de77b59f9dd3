import { isNuclioError, type NuclioDashboard } from "@prelabel/nuclio";
import { discoveredModel, type NuclioDiscoverySettings } from "../domain/nuclio-function.js";
import type { NuclioFunctionStore } from "../domain/nuclio.ports.js";
import type { NuclioSyncPlan } from "../domain/nuclio-sync.js";

/** `success`, or why nothing changed: the dashboard could not be listed, or the rows could not be written. */
export type NuclioSyncOutcome = "success" | "dashboard_unavailable" | "store_failed";

/** What an SRE asks of this replica's sync (Query.nuclioDashboard). */
export interface NuclioSyncStatus {
  readonly url: string;
  readonly project: string;
  readonly namespace: string;
  readonly invokeMethod: NuclioDiscoverySettings["invokeMethod"];
  readonly lastSyncAt: Date | null;
  readonly lastSuccessAt: Date | null;
  readonly lastOutcome: NuclioSyncOutcome | null;
  /** Safe to show: the dashboard client's message, never SQL or a stack. */
  readonly lastError: string | null;
  /** Functions the last successful listing held (unsupported ones included). */
  readonly functionCount: number | null;
  readonly unsupportedCount: number | null;
}

export interface NuclioSyncResult {
  readonly outcome: NuclioSyncOutcome;
  /** Set on success. */
  readonly plan?: NuclioSyncPlan;
}

/** The sync's series (src/model-registry.metrics.ts). */
export interface NuclioSyncMetrics {
  synced(outcome: NuclioSyncOutcome): void;
  functions(supported: number, unsupported: number): void;
}

interface SyncLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface NuclioSyncDeps {
  dashboard: NuclioDashboard;
  store: NuclioFunctionStore;
  settings: NuclioDiscoverySettings;
  logger: SyncLogger;
  metrics?: NuclioSyncMetrics;
  now?: () => Date;
}

/**
 * Discovery, as CVAT's lambda manager lists functions: the dashboard's functions become the default tenant's shared
 * rows (`nuclio-<name>`); added → inserted, changed → updated, gone → tombstoned (describe-model answers NOT_FOUND,
 * jobs still name them), back → live again. A listing that fails changes nothing. Syncs of one process run one
 * after another; replicas are serialised by the store's lock and write the same rows.
 */
export class NuclioSyncService {
  private chain: Promise<unknown> = Promise.resolve();
  private state: Omit<NuclioSyncStatus, "url" | "project" | "namespace" | "invokeMethod"> = {
    lastSyncAt: null,
    lastSuccessAt: null,
    lastOutcome: null,
    lastError: null,
    functionCount: null,
    unsupportedCount: null,
  };

  constructor(private readonly deps: NuclioSyncDeps) {}

  status(): NuclioSyncStatus {
    const { dashboardUrl, project, namespace, invokeMethod } = this.deps.settings;
    return { url: dashboardUrl, project, namespace, invokeMethod, ...this.state };
  }

  /** Runs a sync after any in flight (each call sees the dashboard as it is when its turn comes). Never throws. */
  sync(signal?: AbortSignal): Promise<NuclioSyncResult> {
    const run = this.chain.then(() => this.runOnce(signal));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async runOnce(signal?: AbortSignal): Promise<NuclioSyncResult> {
    const { dashboard, store, settings, logger, metrics } = this.deps;
    const now = this.deps.now ?? (() => new Date());
    let listed;
    try {
      listed = await dashboard.listFunctions(signal);
    } catch (err) {
      const message = isNuclioError(err) ? err.message : "the dashboard could not be listed";
      logger.warn({ err, dashboard: settings.dashboardUrl }, "Nuclio dashboard not listed; discovered functions kept as they were");
      return this.record("dashboard_unavailable", now(), message);
    }
    const models = listed.map((fn) => discoveredModel(fn, settings));
    let plan: NuclioSyncPlan;
    try {
      plan = await store.applyDiscovered(models);
    } catch (err) {
      logger.error({ err }, "storing the discovered Nuclio functions failed; nothing changed");
      return this.record("store_failed", now(), "the discovered functions could not be stored");
    }
    const unsupported = models.filter((m) => m.unsupportedReason).length;
    metrics?.functions(models.length - unsupported, unsupported);
    const changes = {
      added: plan.added.map((m) => m.id),
      changed: plan.changed.map((m) => m.id),
      revived: plan.revived.map((m) => m.id),
      removed: plan.removed,
    };
    if (changes.added.length + changes.changed.length + changes.revived.length + changes.removed.length > 0) {
      logger.info({ ...changes, unchanged: plan.unchanged }, "Nuclio functions synced");
    }
    const at = now();
    this.state = { ...this.state, lastSuccessAt: at, functionCount: models.length, unsupportedCount: unsupported };
    return { ...this.record("success", at, null), plan };
  }

  private record(outcome: NuclioSyncOutcome, at: Date, error: string | null): NuclioSyncResult {
    this.state = { ...this.state, lastSyncAt: at, lastOutcome: outcome, lastError: error };
    this.deps.metrics?.synced(outcome);
    return { outcome };
  }
}

/**
 * Runs the sync at start and then every `intervalMs` (0: at start only), each run after the previous one ended;
 * stop() cancels the timer and aborts a listing in flight.
 */
export class NuclioSyncScheduler {
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly service: NuclioSyncService,
    private readonly intervalMs: number,
  ) {}

  /** The first sync runs in the background: a slow dashboard never holds the registry's start. */
  start(): void {
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }

  private tick(): void {
    if (this.stopped) return;
    this.running = this.service.sync(this.abort.signal).finally(() => {
      if (this.stopped || this.intervalMs <= 0) return;
      this.timer = setTimeout(() => this.tick(), this.intervalMs);
      this.timer.unref();
    });
  }
}
