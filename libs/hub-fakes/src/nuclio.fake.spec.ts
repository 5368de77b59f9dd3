import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { nuclioFaults, startNuclioFakes, type NuclioFakes } from "./nuclio.fake.js";
import { nuclioFixture, nuclioFixtureNames, standardNuclioFixtures } from "./nuclio.fixtures.js";
import { solidImage } from "./test-image.factory.js";

type Item = Record<string, unknown> & { label: string; points?: number[]; mask?: number[]; elements?: Record<string, unknown>[] };

describe("Nuclio fakes speak CVAT's dashboard and detector protocol", () => {
  let fakes: NuclioFakes;
  let image: string;
  const cvatHeaders = { "x-nuclio-project-name": "cvat", "x-nuclio-function-namespace": "nuclio" };
  before(async () => {
    fakes = await startNuclioFakes();
    image = (await solidImage(200, 100)).toString("base64");
  });
  after(() => fakes.close());
  beforeEach(() => fakes.reset());

  const invoke = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${fakes.url}/api/function_invocations`, {
      method: "POST",
      headers: { ...cvatHeaders, "x-nuclio-function-name": name, "x-nuclio-path": "/", "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it("GET /api/functions lists every deployed function with status.httpPort, filtered by project; the namespace header is required", async () => {
    const res = await fetch(`${fakes.url}/api/functions`, { headers: cvatHeaders });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<
      string,
      { metadata: { name: string; namespace: string; labels: Record<string, string> }; status: { httpPort: number; state: string } }
    >;
    assert.deepEqual(
      Object.keys(body).sort(),
      standardNuclioFixtures()
        .map((f) => f.name)
        .sort(),
    );
    const yolo = body[nuclioFixtureNames.yolov7];
    assert.equal(yolo.metadata.namespace, "nuclio");
    assert.equal(yolo.metadata.labels["nuclio.io/project-name"], "cvat");
    assert.equal(yolo.status.httpPort, fakes.functions.get(nuclioFixtureNames.yolov7)?.port);
    assert.equal(yolo.status.state, "ready");
    const other = await fetch(`${fakes.url}/api/functions`, { headers: { ...cvatHeaders, "x-nuclio-project-name": "other" } });
    assert.deepEqual(await other.json(), {});
    assert.equal((await fetch(`${fakes.url}/api/functions`, { headers: { "x-nuclio-project-name": "cvat" } })).status, 400);
    assert.equal((await fetch(`${fakes.url}/api/functions/nope`, { headers: cvatHeaders })).status, 404);
    assert.equal((await fetch(`${fakes.url}/api/functions/${nuclioFixtureNames.yolov7}`, { headers: cvatHeaders })).status, 200);
  });

  it("a detector answers CVAT's items scaled to the image, string confidences, filtered by threshold", async () => {
    const res = await invoke(nuclioFixtureNames.yolov7, { image, threshold: 0.5 });
    assert.equal(res.status, 200);
    const items = (await res.json()) as Item[];
    assert.deepEqual(items, [
      { confidence: "0.93", label: "person", points: [20, 20, 70, 90], type: "rectangle" },
      { confidence: "0.81", label: "car", points: [100, 55, 190, 85], type: "rectangle" },
    ]);
    const low = (await (await invoke(nuclioFixtureNames.yolov7, { image, threshold: 0.3 })).json()) as Item[];
    assert.equal(low.length, 3);
    const fn = fakes.functions.get(nuclioFixtureNames.yolov7)!;
    assert.equal(fn.calls, 2);
    const direct = await fetch(`${fn.url}/`, { method: "POST", body: JSON.stringify({ image }) });
    assert.equal(((await direct.json()) as Item[]).length, 2, "threshold 0.5 by default");
  });

  it("the mask function answers a bitmap over the inclusive box plus a polygon; RLE and other quirks on request", async () => {
    const [person] = (await (await invoke(nuclioFixtureNames.maskRcnn, { image, threshold: 0.5 })).json()) as Item[];
    const box = person.mask!.slice(-4);
    assert.deepEqual(box, [20, 10, 79, 89]);
    assert.equal(person.mask!.length - 4, (box[2] - box[0] + 1) * (box[3] - box[1] + 1));
    assert.equal(person.points!.length, 16);
    const quirky = await fakes.dashboard.deploy({
      ...nuclioFixture(nuclioFixtureNames.maskRcnn),
      quirks: { rleMask: true, omitType: true, extraKeys: true, numericConfidence: true },
    });
    const [q] = (await (await fetch(`${quirky.url}/`, { method: "POST", body: JSON.stringify({ image }) })).json()) as Item[];
    assert.equal(q.type, undefined);
    assert.equal(q.confidence, 0.95);
    assert.equal(q.model_version, "2024.1");
    const runs = q.mask!.slice(0, -4);
    assert.equal(
      runs.reduce((a, b) => a + b, 0),
      60 * 80,
    );
    assert.ok(runs.length < 60 * 80);
    await fakes.dashboard.deploy(nuclioFixture(nuclioFixtureNames.maskRcnn));
  });

  it("the pose function answers skeletons with point elements, wrists outside", async () => {
    const [person] = (await (await invoke(nuclioFixtureNames.pose, { image, threshold: 0.5 })).json()) as Item[];
    assert.equal(person.type, "skeleton");
    assert.equal(person.elements!.length, 13);
    assert.deepEqual(person.elements![0], { label: "nose", type: "points", points: [90, 18.5], confidence: "0.9" });
    assert.equal(person.elements!.filter((e) => e.outside === true).length, 2);
  });

  it("faults: 503 then ok, traceback, garbage, NaN, reset; unknown and removed functions are 404", async () => {
    const fn = fakes.dashboard.fn(nuclioFixtureNames.retinanet);
    fn.inject(
      "invoke",
      nuclioFaults.unavailable(1),
      nuclioFaults.traceback(),
      nuclioFaults.garbage(),
      nuclioFaults.nanCoordinates(),
      nuclioFaults.reset(),
    );
    const first = await invoke(nuclioFixtureNames.retinanet, { image });
    assert.deepEqual([first.status, first.headers.get("retry-after")], [503, "1"]);
    const tb = await invoke(nuclioFixtureNames.retinanet, { image });
    assert.equal(tb.status, 500);
    assert.match(await tb.text(), /^Traceback \(most recent call last\)/);
    assert.match(await (await invoke(nuclioFixtureNames.retinanet, { image })).text(), /<html>/);
    assert.match(await (await invoke(nuclioFixtureNames.retinanet, { image })).text(), /NaN/);
    assert.equal((await invoke(nuclioFixtureNames.retinanet, { image })).status, 502, "a reset behind the dashboard");
    assert.equal((await invoke(nuclioFixtureNames.retinanet, { image })).status, 200);
    assert.equal((await invoke("no-such-function", { image })).status, 404);
    await fakes.dashboard.remove(nuclioFixtureNames.yolov3);
    const gone = await invoke(nuclioFixtureNames.yolov3, { image });
    assert.equal(gone.status, 404);
    assert.match(((await gone.json()) as { error: string }).error, /Function not found/);
    await fakes.dashboard.deploy(nuclioFixture(nuclioFixtureNames.yolov3));
  });

  it("latency and peak concurrency", async () => {
    const slow = await startNuclioFakes({ fixtures: [nuclioFixture(nuclioFixtureNames.yolov7)], latencyMs: 50 });
    try {
      const fn = slow.dashboard.fn(nuclioFixtureNames.yolov7);
      const started = Date.now();
      await Promise.all([1, 2, 3].map(() => fetch(`${fn.url}/`, { method: "POST", body: JSON.stringify({ image }) })));
      assert.ok(Date.now() - started >= 50);
      assert.equal(fn.peakInFlight, 3);
    } finally {
      await slow.close();
    }
  });
});
