import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NuclioError, NuclioErrorCode, type NuclioDashboard, type NuclioFunction } from "@prelabel/nuclio";
import type { Model } from "../domain/model.js";
import type { NuclioFunctionStore } from "../domain/nuclio.ports.js";
import { planNuclioSync } from "../domain/nuclio-sync.js";
import { NuclioSyncScheduler, NuclioSyncService, type NuclioSyncOutcome } from "./nuclio-sync.service.js";

const fn = (name: string, overrides: Partial<NuclioFunction> = {}): NuclioFunction => ({
  name,
  displayName: name,
  kind: "detector",
  framework: "onnx",
  version: 1,
  description: "",
  labels: [{ id: 0, name: "car", type: "rectangle", attributes: [], sublabels: [], svg: null }],
  namespace: "nuclio",
  project: "cvat",
  state: "ready",
  httpPort: 32768,
  eventTimeoutMs: null,
  maxWorkers: null,
  problems: [],
  ...overrides,
});

/** The store as PostgreSQL behaves for the sync: discovered rows by id, tombstones kept. */
class MemoryStore implements NuclioFunctionStore {
  readonly rows = new Map<string, Model>();
  failNext = false;
  async applyDiscovered(listed: Model[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("connection terminated");
    }
    const plan = planNuclioSync([...this.rows.values()], listed);
    for (const m of [...plan.added, ...plan.changed, ...plan.revived]) this.rows.set(m.id, { ...m, deletedAt: null });
    for (const id of plan.removed) this.rows.set(id, { ...this.rows.get(id)!, deletedAt: new Date() });
    return plan;
  }
  async countHandRegistered() {
    return 0;
  }
  live(): string[] {
    return [...this.rows.values()]
      .filter((m) => !m.deletedAt)
      .map((m) => m.id)
      .sort();
  }
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const settings = {
  dashboardUrl: "http://nuclio:8070",
  project: "cvat",
  namespace: "nuclio",
  invokeMethod: "dashboard" as const,
  functionHost: "nuclio",
};

function setup() {
  let listing: NuclioFunction[] | Error = [];
  const dashboard: NuclioDashboard = {
    listFunctions: async () => {
      if (listing instanceof Error) throw listing;
      return listing;
    },
  };
  const store = new MemoryStore();
  const outcomes: NuclioSyncOutcome[] = [];
  const gauges: [number, number][] = [];
  let clock = 0;
  const service = new NuclioSyncService({
    dashboard,
    store,
    settings,
    logger: silent,
    metrics: { synced: (o) => outcomes.push(o), functions: (s, u) => gauges.push([s, u]) },
    now: () => new Date(++clock * 1000),
  });
  return { service, store, outcomes, gauges, set: (l: NuclioFunction[] | Error) => (listing = l) };
}

describe("NuclioSyncService", () => {
  it("adds, updates, tombstones and revives discovered functions", async () => {
    const { service, store, set } = setup();
    set([fn("a"), fn("b")]);
    assert.equal((await service.sync()).outcome, "success");
    assert.deepEqual(store.live(), ["nuclio-a", "nuclio-b"]);
    set([fn("a", { state: "error" })]);
    const second = await service.sync();
    assert.deepEqual(second.plan?.removed, ["nuclio-b"]);
    assert.deepEqual(
      second.plan?.changed.map((m) => m.id),
      ["nuclio-a"],
    );
    assert.deepEqual(store.live(), ["nuclio-a"]);
    set([fn("a", { state: "error" }), fn("b")]);
    assert.deepEqual(
      (await service.sync()).plan?.revived.map((m) => m.id),
      ["nuclio-b"],
    );
    assert.deepEqual(store.live(), ["nuclio-a", "nuclio-b"]);
  });

  it("a dashboard that cannot be listed changes nothing and is reported", async () => {
    const { service, store, outcomes, set } = setup();
    set([fn("a"), fn("b", { kind: "interactor", problems: ["interactor functions are not supported"] })]);
    await service.sync();
    const before = service.status();
    assert.equal(before.functionCount, 2);
    assert.equal(before.unsupportedCount, 1);
    set(new NuclioError(NuclioErrorCode.DashboardUnavailable, "the dashboard at http://nuclio:8070 answered 502"));
    assert.equal((await service.sync()).outcome, "dashboard_unavailable");
    assert.deepEqual(store.live(), ["nuclio-a", "nuclio-b"]);
    const after = service.status();
    assert.equal(after.lastError, "the dashboard at http://nuclio:8070 answered 502");
    assert.equal(after.lastOutcome, "dashboard_unavailable");
    assert.deepEqual(after.lastSuccessAt, before.lastSuccessAt);
    assert.ok(after.lastSyncAt! > before.lastSyncAt!);
    assert.equal(after.functionCount, 2, "the last successful listing's count stays");
    // Any other failure says nothing of its own (no internals leak), and still changes nothing.
    set(new TypeError("fetch failed: ECONNREFUSED 10.0.0.3"));
    await service.sync();
    assert.equal(service.status().lastError, "the dashboard could not be listed");
    assert.deepEqual(outcomes, ["success", "dashboard_unavailable", "dashboard_unavailable"]);
  });

  it("a store failure is reported without its SQL and the next sync catches up", async () => {
    const { service, store, set } = setup();
    set([fn("a")]);
    store.failNext = true;
    assert.equal((await service.sync()).outcome, "store_failed");
    assert.equal(service.status().lastError, "the discovered functions could not be stored");
    assert.deepEqual(store.live(), []);
    assert.equal((await service.sync()).outcome, "success");
    assert.equal(service.status().lastError, null);
    assert.deepEqual(store.live(), ["nuclio-a"]);
  });

  it("runs concurrent calls one after the other", async () => {
    const { service, set, gauges } = setup();
    set([fn("a")]);
    const results = await Promise.all([service.sync(), service.sync(), service.sync()]);
    assert.deepEqual(
      results.map((r) => r.plan?.added.length),
      [1, 0, 0],
    );
    assert.deepEqual(gauges.at(-1), [1, 0]);
  });
});

describe("NuclioSyncScheduler", () => {
  it("syncs at start and on its interval until stopped", async () => {
    const { service, outcomes, set } = setup();
    set([fn("a")]);
    const scheduler = new NuclioSyncScheduler(service, 5);
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await scheduler.stop();
    const count = outcomes.length;
    assert.ok(count >= 3, `synced ${count} times`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(outcomes.length, count, "no sync after stop");
  });

  it("interval 0: at start only", async () => {
    const { service, outcomes, set } = setup();
    set([fn("a")]);
    const scheduler = new NuclioSyncScheduler(service, 0);
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await scheduler.stop();
    assert.equal(outcomes.length, 1);
  });
});
