import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { faults, nuclioFixtureNames, standardNuclioFixtures, startNuclioFakes, type NuclioFakes } from "@prelabel/hub-fakes";
import { NuclioAddressPolicy } from "../nuclio-address.policy.js";
import { NuclioErrorCode, type NuclioError } from "../nuclio.types.js";
import { HttpNuclioDashboard } from "./nuclio-dashboard.client.js";

const loopback = new NuclioAddressPolicy({ privateHosts: ["127.0.0.1"] });
const code = (c: string) => (err: NuclioError) => err.code === c;

describe("HttpNuclioDashboard against the dashboard fake", () => {
  let fakes: NuclioFakes;
  let dashboard: HttpNuclioDashboard;
  before(async () => {
    fakes = await startNuclioFakes();
    dashboard = new HttpNuclioDashboard({ url: fakes.url, policy: loopback, timeoutMs: 2_000 });
  });
  after(async () => {
    dashboard.close();
    await fakes.close();
  });
  beforeEach(() => fakes.reset());

  it("lists every function with CVAT's headers, bad and unsupported ones with their problems", async () => {
    const fns = await dashboard.listFunctions();
    assert.deepEqual(
      fns.map((f) => f.name),
      standardNuclioFixtures()
        .map((f) => f.name)
        .sort(),
    );
    const [request] = fakes.dashboard.requestsTo("functions");
    assert.equal(request.headers["x-nuclio-project-name"], "cvat");
    assert.equal(request.headers["x-nuclio-function-namespace"], "nuclio");
    const yolo = fns.find((f) => f.name === nuclioFixtureNames.yolov7)!;
    assert.deepEqual(
      [yolo.kind, yolo.state, yolo.httpPort, yolo.project, yolo.namespace, yolo.labels.length, yolo.problems],
      ["detector", "ready", fakes.dashboard.fn(nuclioFixtureNames.yolov7).port, "cvat", "nuclio", 80, []],
    );
    assert.equal(fns.find((f) => f.name === nuclioFixtureNames.sam)?.problems.length, 1);
    assert.equal(fns.find((f) => f.name === nuclioFixtureNames.broken)?.problems.length, 1);
  });

  it("another project or namespace lists nothing", async () => {
    assert.deepEqual(await new HttpNuclioDashboard({ url: fakes.url, policy: loopback, project: "other" }).listFunctions(), []);
    assert.deepEqual(await new HttpNuclioDashboard({ url: `${fakes.url}/`, policy: loopback, namespace: "default" }).listFunctions(), []);
    assert.equal(fakes.dashboard.requestsTo("functions")[1].path, "/api/functions");
  });

  it("HTTP errors, non-JSON, non-map answers, resets and silence are NUCLIO_DASHBOARD_UNAVAILABLE", async () => {
    fakes.dashboard.inject(
      "functions",
      faults.status(500, { error: "boom" }),
      faults.malformedJson(),
      faults.wrongShape([]),
      faults.reset(),
      faults.hang(),
    );
    await assert.rejects(dashboard.listFunctions(), (err: NuclioError) => {
      assert.equal(err.code, NuclioErrorCode.DashboardUnavailable);
      assert.equal(err.details.status, 500);
      return true;
    });
    await assert.rejects(dashboard.listFunctions(), /not JSON/);
    await assert.rejects(dashboard.listFunctions(), code(NuclioErrorCode.DashboardUnavailable));
    await assert.rejects(dashboard.listFunctions(), code(NuclioErrorCode.DashboardUnavailable));
    const quick = new HttpNuclioDashboard({ url: fakes.url, policy: loopback, timeoutMs: 150 });
    await assert.rejects(quick.listFunctions(), /did not answer in time/);
    quick.close();
  });

  it("a URL the policy refuses is NUCLIO_URL_REFUSED, and nothing is sent", async () => {
    const strict = new HttpNuclioDashboard({ url: fakes.url, policy: new NuclioAddressPolicy({ privateHosts: [] }) });
    await assert.rejects(strict.listFunctions(), code(NuclioErrorCode.UrlRefused));
    assert.equal(fakes.dashboard.requests.length, 0);
  });

  it("a caller's cancellation rejects with its reason", async () => {
    fakes.dashboard.inject("functions", faults.hang());
    const controller = new AbortController();
    const listing = dashboard.listFunctions(controller.signal);
    setTimeout(() => controller.abort(new Error("shutting down")), 50);
    await assert.rejects(listing, /shutting down/);
  });
});
