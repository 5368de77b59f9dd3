import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { nuclioFaults, nuclioFixture, nuclioFixtureNames, startNuclioFakes, type NuclioFakes } from "@prelabel/hub-fakes";
import sharp from "sharp";
import { ADD_FRAMES, CANCEL, CREATE_TASK, JOB, START } from "./support/operations.js";
import { allAnnotations, waitForJob } from "./support/jobs.js";
import { startSystem, type System } from "./support/system.js";

const NUCLIO_MODELS = /* GraphQL */ `
  query NuclioModels {
    models(source: NUCLIO) {
      id
      name
      source
      kind
      supported
      unsupportedReason
      defaultThreshold
      returnsMasks
      labels {
        name
        type
        attributes {
          name
          inputType
          values
        }
        sublabels {
          name
          type
        }
      }
      nuclio {
        functionName
        framework
        version
        invokeMethod
        discovered
        state
      }
    }
  }
`;
const DASHBOARD = /* GraphQL */ `
  {
    nuclioDashboard {
      url
      project
      namespace
      invokeMethod
      lastSuccessAt
      lastError
      functionCount
      unsupportedCount
    }
  }
`;
const ADD_FUNCTION = /* GraphQL */ `
  mutation AddFunction($input: AddNuclioFunctionInput!) {
    addNuclioFunction(input: $input) {
      id
      name
      source
      supported
      nuclio {
        functionName
        invokeMethod
        discovered
      }
      labels {
        name
      }
    }
  }
`;
const JOB_COUNTS = /* GraphQL */ `
  query JobCounts($id: ID!) {
    autoAnnotationJob(id: $id) {
      id
      unmappedDetections
      droppedAttributeValues
    }
  }
`;

/** A W×H frame; the fake functions answer in fractions of the image they receive. */
async function frame(name: string, width = 200, height = 100) {
  const bytes = await sharp({ create: { width, height, channels: 3, background: "#6080a0" } })
    .png()
    .toBuffer();
  return { name, bytes, type: "image/png" };
}

/** The fixture's function.yaml under another function name (a second deployment of the same function). */
function renamedYaml(fixtureName: string, newName: string): string {
  const { yaml } = nuclioFixture(fixtureName);
  return yaml.replace(`name: ${fixtureName}\n`, `name: ${newName}\n`);
}

/**
 * A self-hosted Prelabel pointed at a Nuclio dashboard (the loopback fake of @prelabel/hub-fakes, with functions built
 * from CVAT's published function.yaml label specs) offers and runs its detector functions through the same GraphQL API
 * as every other model. The fake functions answer in fractions of the image, so the expected shapes are those
 * fractions of the 200×100 frame.
 */
describe("Nuclio functions through the gateway (self-hosted)", () => {
  let fakes: NuclioFakes;
  let sys: System;
  let models: any[];
  const idOf = (functionName: string) => {
    const model = models.find((m) => m.nuclio.functionName === functionName);
    assert.ok(model, `no model for function ${functionName}`);
    return model.id as string;
  };

  async function listNuclioModels(): Promise<any[]> {
    return (await sys.client.must(NUCLIO_MODELS)).models;
  }

  async function waitForFunctions(until: (list: any[]) => boolean, what: string): Promise<any[]> {
    for (const deadline = Date.now() + 30_000; ; await sleep(200)) {
      const list = await listNuclioModels();
      if (until(list)) return list;
      assert.ok(Date.now() < deadline, `the registry did not ${what}: ${JSON.stringify(list.map((m) => m.nuclio.functionName))}`);
    }
  }

  async function createTask(name: string, labels: unknown[], frames: number) {
    const { createTask: task } = await sys.client.must(CREATE_TASK, { input: { name, labels } });
    const files = await Promise.all(Array.from({ length: frames }, (_, i) => frame(`${name}-${i}.png`)));
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", files);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    return task as { id: string };
  }

  async function start(input: Record<string, unknown>): Promise<string> {
    const { startAutoAnnotation: job } = await sys.client.must(START, { input });
    return job.id as string;
  }

  async function jobShapes(taskId: string, jobId: string) {
    return (await allAnnotations(sys.client, taskId)).filter((a: any) => a.jobId === jobId);
  }

  const vehicleTask = [
    { name: "vehicle", type: "RECTANGLE", attributes: [] },
    { name: "Person", type: "RECTANGLE", attributes: [] },
  ];
  // CVAT's mapping words: model car → task vehicle; person matched case-insensitively by the suggestion elsewhere.
  const cocoMapping = [
    { modelLabel: "car", taskLabel: "vehicle" },
    { modelLabel: "person", taskLabel: "Person" },
  ];

  before(async () => {
    fakes = await startNuclioFakes();
    sys = await startSystem({
      workers: 1,
      env: {
        NUCLIO_DASHBOARD_URL: fakes.url,
        NUCLIO_SYNC_INTERVAL_MS: "500",
        // Short enough that a hanging function fails its frame within the test's patience.
        NUCLIO_TIMEOUT_MS: "1500",
        NUCLIO_DESCRIPTOR_TTL_MS: "500",
      },
    });
    models = await waitForFunctions((list) => list.length >= fakes.functions.size, "discover every function");
  });
  after(async () => {
    await sys?.stop();
    await fakes?.close();
  });

  it("discovery lists the dashboard's functions with their labels; other kinds and broken specs are listed as unsupported", async () => {
    const byName = new Map(models.map((m) => [m.nuclio.functionName, m]));
    assert.deepEqual([...byName.keys()].sort(), [...fakes.functions.keys()].sort());
    for (const name of [nuclioFixtureNames.yolov3, nuclioFixtureNames.yolov7, nuclioFixtureNames.retinanet]) {
      const m = byName.get(name);
      assert.equal(m.source, "NUCLIO");
      assert.equal(m.kind, "DETECTOR");
      assert.equal(m.supported, true, `${name}: ${m.unsupportedReason}`);
      assert.equal(m.unsupportedReason, null);
      assert.equal(m.labels.length, 80, `${name} declares the 80 COCO labels`);
      assert.ok(m.labels.some((l: any) => l.name === "car"));
      assert.deepEqual(
        { discovered: m.nuclio.discovered, invokeMethod: m.nuclio.invokeMethod },
        { discovered: true, invokeMethod: "DASHBOARD" },
      );
    }
    const face = byName.get(nuclioFixtureNames.faceDetection);
    assert.deepEqual(
      face.labels[0].attributes.map((a: any) => [a.name, a.inputType]),
      [
        ["age", "NUMBER"],
        ["gender", "SELECT"],
        ["emotion", "SELECT"],
      ],
    );
    assert.equal(byName.get(nuclioFixtureNames.maskRcnn).returnsMasks, true);
    const pose = byName.get(nuclioFixtureNames.pose);
    assert.equal(pose.labels[0].type, "SKELETON");
    assert.ok(pose.labels[0].sublabels.length >= 10);
    for (const [name, kind] of [
      [nuclioFixtureNames.sam, "INTERACTOR"],
      [nuclioFixtureNames.transt, "TRACKER"],
      [nuclioFixtureNames.reid, "REID"],
    ]) {
      const m = byName.get(name);
      assert.equal(m.kind, kind, name);
      assert.equal(m.supported, false, name);
      assert.match(m.unsupportedReason, /not supported/, name);
    }
    const broken = byName.get(nuclioFixtureNames.broken);
    assert.equal(broken.supported, false);
    assert.match(broken.unsupportedReason, /spec/i);

    const { nuclioDashboard: status } = await sys.client.must(DASHBOARD);
    assert.equal(status.url, fakes.url);
    assert.equal(status.project, "cvat");
    assert.equal(status.lastError, null);
    assert.equal(status.functionCount, fakes.functions.size);
    assert.equal(status.unsupportedCount, 4);

    // An unsupported function cannot be started: a typed refusal naming why, before anything is queued.
    const task = await createTask("refused", vehicleTask, 1);
    const refused = await sys.client.request(START, { input: { taskId: task.id, modelId: idOf(nuclioFixtureNames.sam) } });
    assert.equal(refused.errors?.[0]?.extensions?.code, "MODEL_NOT_SUPPORTED", JSON.stringify(refused.errors));
  });

  it("runs CVAT's YOLO v3, YOLO v7 and RetinaNet functions: car → vehicle, scores kept, unmapped labels dropped and counted", async () => {
    const task = await createTask("street", vehicleTask, 1);
    for (const name of [nuclioFixtureNames.yolov3, nuclioFixtureNames.yolov7, nuclioFixtureNames.retinanet]) {
      // Threshold 0.3 lets the fixture's dog (0.42) through: no task label takes it, so it is dropped and counted.
      const jobId = await start({ taskId: task.id, modelId: idOf(name), threshold: 0.3, mapping: cocoMapping });
      const final = await waitForJob(sys.client, jobId, { timeoutMs: 60_000, logDir: sys.logDir });
      assert.equal(final.status, "COMPLETED", `${name}: ${JSON.stringify(final.failures)}`);
      assert.deepEqual(final.failures, []);
      const shapes = (await jobShapes(task.id, jobId))
        .map((a: any) => ({ label: a.label.name, type: a.type, source: a.source, score: a.score, points: a.points }))
        .sort((a, b) => b.score - a.score);
      // CVAT's handlers send confidence as a string ("0.93"): kept as the score.
      assert.deepEqual(shapes, [
        { label: "Person", type: "RECTANGLE", source: "AUTO", score: 0.93, points: [20, 20, 70, 90] },
        { label: "vehicle", type: "RECTANGLE", source: "AUTO", score: 0.81, points: [100, 55, 190, 85] },
      ]);
      const { autoAnnotationJob: counts } = await sys.client.must(JOB_COUNTS, { id: jobId });
      assert.equal(counts.unmappedDetections, 1, `${name}: the dog is counted`);
    }
    // Through the dashboard, with CVAT's headers.
    const calls = fakes.dashboard.requestsTo("invocations");
    assert.ok(calls.length >= 3);
    const last = calls.at(-1)!;
    assert.equal(last.headers["x-nuclio-function-name"], nuclioFixtureNames.retinanet);
    assert.equal(last.headers["x-nuclio-project-name"], "cvat");
    assert.equal(last.headers["x-nuclio-function-namespace"], "nuclio");
    const body = JSON.parse(last.body.toString("utf8"));
    assert.equal(body.threshold, 0.3);
    assert.equal(typeof body.image, "string");
  });

  it("survives a function's faults: every frame's results land exactly once; bad answers fail only their frame, typed", async () => {
    const frames = 8;
    const task = await createTask("faults", vehicleTask, frames);
    const yolo = fakes.functions.get(nuclioFixtureNames.yolov7)!;
    // Recoverable: a busy function (503), a dropped connection, a slow answer, a 503 with Retry-After.
    yolo.inject("invoke", nuclioFaults.unavailable(), nuclioFaults.reset(), nuclioFaults.slow(400), nuclioFaults.unavailable(1));
    const jobId = await start({ taskId: task.id, modelId: idOf(nuclioFixtureNames.yolov7), threshold: 0.5, mapping: cocoMapping });
    const final = await waitForJob(sys.client, jobId, { timeoutMs: 90_000, logDir: sys.logDir });
    assert.equal(final.status, "COMPLETED", JSON.stringify(final.failures));
    assert.deepEqual(final.failures, []);
    const shapes = await jobShapes(task.id, jobId);
    for (let f = 0; f < frames; f++) {
      assert.deepEqual(
        shapes
          .filter((a: any) => a.frame === f)
          .map((a: any) => a.label.name)
          .sort(),
        ["Person", "vehicle"],
        `frame ${f}: its shapes exactly once`,
      );
    }

    // Not recoverable, and not retried: an HTML page as JSON, Python's NaN, a traceback.
    yolo.inject("invoke", nuclioFaults.garbage(), nuclioFaults.nanCoordinates(), nuclioFaults.traceback());
    const second = await start({ taskId: task.id, modelId: idOf(nuclioFixtureNames.yolov7), threshold: 0.5, mapping: cocoMapping });
    const done = await waitForJob(sys.client, second, { timeoutMs: 120_000, logDir: sys.logDir });
    assert.equal(done.framesDone + done.framesFailed, frames);
    const codes = done.failures.map((f: any) => f.code).sort();
    assert.deepEqual(codes, ["FUNCTION_BAD_RESPONSE", "FUNCTION_BAD_RESPONSE", "FUNCTION_ERROR"]);
    const traceback = done.failures.find((f: any) => f.code === "FUNCTION_ERROR");
    assert.match(traceback.reason, /UnidentifiedImageError/, "the function's own error, last line, is the reason");
    const secondShapes = await jobShapes(task.id, second);
    const failedFrames = new Set(done.failures.map((f: any) => f.frame));
    for (let f = 0; f < frames; f++) {
      const n = secondShapes.filter((a: any) => a.frame === f).length;
      assert.equal(n, failedFrames.has(f) ? 0 : 2, `frame ${f}`);
    }

    // A function that never answers, on every attempt of a one-frame job: FUNCTION_TIMEOUT after its retries.
    yolo.inject("invoke", ...Array.from({ length: 4 }, () => nuclioFaults.hang()));
    const hung = await start({
      taskId: task.id,
      modelId: idOf(nuclioFixtureNames.yolov7),
      threshold: 0.5,
      mapping: cocoMapping,
      frameRange: { start: 0, stop: 0 },
    });
    const timedOut = await waitForJob(sys.client, hung, { timeoutMs: 60_000, logDir: sys.logDir });
    assert.deepEqual(
      timedOut.failures.map((f: any) => [f.frame, f.code]),
      [[0, "FUNCTION_TIMEOUT"]],
    );
  });

  it("a mask function: MASK shapes (CVAT's RLE) with masks as polygons off, its polygons with it on", async () => {
    const task = await createTask("masks", [{ name: "person", type: "MASK", attributes: [] }], 1);
    const modelId = idOf(nuclioFixtureNames.maskRcnn);
    const mapping = [{ modelLabel: "person", taskLabel: "person" }];
    const asMasks = await start({ taskId: task.id, modelId, threshold: 0.5, mapping, convertMasksToPolygons: false });
    assert.equal((await waitForJob(sys.client, asMasks, { timeoutMs: 60_000 })).status, "COMPLETED");
    const [mask] = await jobShapes(task.id, asMasks);
    assert.equal(mask.type, "MASK");
    assert.equal(mask.score, 0.95);
    // The fixture's ellipse fills the box (0.1, 0.1)–(0.4, 0.9) of 200×100: pixels 20..79 × 10..89.
    assert.deepEqual([mask.mask.left, mask.mask.top, mask.mask.right, mask.mask.bottom], [20, 10, 79, 89]);
    const area = mask.mask.counts.reduce((sum: number, run: number, i: number) => sum + (i % 2 ? run : 0), 0);
    assert.ok(area > 0.7 * 60 * 80 && area < 0.85 * 60 * 80, `an ellipse covers π/4 of its box (${area} px)`);

    const asPolygons = await start({ taskId: task.id, modelId, threshold: 0.5, mapping, convertMasksToPolygons: true });
    assert.equal((await waitForJob(sys.client, asPolygons, { timeoutMs: 60_000 })).status, "COMPLETED");
    const [polygon] = await jobShapes(task.id, asPolygons);
    assert.equal(polygon.type, "POLYGON");
    assert.equal(polygon.points.length, 16, "the function's own 8-point outline");
  });

  it("a skeleton function: one SKELETON per person, elements mapped by name, invisible points outside", async () => {
    const pose = models.find((m) => m.nuclio.functionName === nuclioFixtureNames.pose);
    const sublabels = pose.labels[0].sublabels.map((s: any) => ({ name: s.name, type: "POINTS" }));
    const task = await createTask("poses", [{ name: "person", type: "SKELETON", sublabels }], 1);
    const jobId = await start({ taskId: task.id, modelId: pose.id, threshold: 0.5 });
    const final = await waitForJob(sys.client, jobId, { timeoutMs: 60_000 });
    assert.equal(final.status, "COMPLETED", JSON.stringify(final.failures));
    const [skeleton, ...rest] = await jobShapes(task.id, jobId);
    assert.equal(rest.length, 0);
    assert.equal(skeleton.type, "SKELETON");
    assert.equal(skeleton.score, 0.88);
    assert.deepEqual(skeleton.elements.map((e: any) => e.label.name).sort(), sublabels.map((s: any) => s.name).sort());
    const outside = skeleton.elements.filter((e: any) => e.outside).map((e: any) => e.label.name);
    assert.deepEqual(outside.sort(), ["left_wrist", "right_wrist"]);
  });

  it("a function removed from the dashboard mid-job: its remaining frames fail FUNCTION_REMOVED, the job ends, the model goes", async () => {
    const name = "slow-yolov7-removed";
    await fakes.dashboard.deploy(
      { ...nuclioFixture(nuclioFixtureNames.yolov7), name, yaml: renamedYaml(nuclioFixtureNames.yolov7, name) },
      {
        latencyMs: 300,
      },
    );
    models = await waitForFunctions((list) => list.some((m) => m.nuclio.functionName === name), `list ${name}`);
    const frames = 20;
    const task = await createTask("removed", vehicleTask, frames);
    const jobId = await start({ taskId: task.id, modelId: idOf(name), threshold: 0.5, mapping: cocoMapping });
    await waitForJob(sys.client, jobId, { until: (j) => j.framesDone >= 2, timeoutMs: 60_000 });
    await fakes.dashboard.remove(name);
    const final = await waitForJob(sys.client, jobId, { timeoutMs: 90_000, logDir: sys.logDir });
    assert.equal(final.framesDone + final.framesFailed, frames, "every frame has an outcome");
    assert.ok(final.framesDone >= 2 && final.framesFailed >= 1, JSON.stringify(final));
    assert.deepEqual([...new Set(final.failures.map((f: any) => f.code))], ["FUNCTION_REMOVED"]);
    const shapes = await jobShapes(task.id, jobId);
    assert.equal(shapes.length, 2 * final.framesDone, "the frames done before the removal keep their results, once");
    await waitForFunctions((list) => !list.some((m) => m.nuclio.functionName === name), `drop ${name}`);
    // Other functions are untouched.
    const other = await start({
      taskId: task.id,
      modelId: idOf(nuclioFixtureNames.yolov3),
      threshold: 0.5,
      mapping: cocoMapping,
      frameRange: { start: 0, stop: 0 },
    });
    assert.equal((await waitForJob(sys.client, other, { timeoutMs: 60_000 })).status, "COMPLETED");
  });

  it("cancel stops calling the function and leaves no results", async () => {
    const name = "slow-yolov7-cancelled";
    await fakes.dashboard.deploy(
      { ...nuclioFixture(nuclioFixtureNames.yolov7), name, yaml: renamedYaml(nuclioFixtureNames.yolov7, name) },
      {
        latencyMs: 300,
      },
    );
    models = await waitForFunctions((list) => list.some((m) => m.nuclio.functionName === name), `list ${name}`);
    const fn = fakes.dashboard.fn(name);
    const task = await createTask("cancelled", vehicleTask, 30);
    const jobId = await start({ taskId: task.id, modelId: idOf(name), threshold: 0.5, mapping: cocoMapping });
    await waitForJob(sys.client, jobId, { until: (j) => j.framesDone >= 1, timeoutMs: 60_000 });
    await sys.client.must(CANCEL, { jobId });
    const final = await waitForJob(sys.client, jobId, { timeoutMs: 60_000 });
    assert.equal(final.status, "CANCELLED");
    assert.deepEqual(await jobShapes(task.id, jobId), [], "a cancelled job leaves nothing");
    // Calls in flight at the cancel may finish; after that the function is not called again for this job.
    await sleep(1_000);
    const settled = fn.calls;
    await sleep(1_500);
    assert.equal(fn.calls, settled, "the function is still being called after the cancel");
    assert.ok(settled < 30, `${settled} calls for 30 frames`);
  });

  it("addNuclioFunction registers a function reached directly (no dashboard) from its function.yaml, and runs it", async () => {
    const fixture = nuclioFixture(nuclioFixtureNames.retinanet);
    const fn = fakes.functions.get(nuclioFixtureNames.retinanet)!;
    const res = await sys.client.uploadFile(ADD_FUNCTION, { input: { url: fn.url, name: "RetinaNet (by hand)" } }, "input.functionYaml", {
      name: "function.yaml",
      bytes: Buffer.from(fixture.yaml),
      type: "application/x-yaml",
    });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const model = res.data!.addNuclioFunction;
    assert.deepEqual(model.nuclio, { functionName: nuclioFixtureNames.retinanet, invokeMethod: "DIRECT", discovered: false });
    assert.equal(model.supported, true);

    const task = await createTask("direct", vehicleTask, 2);
    const before = { direct: fn.calls, viaDashboard: fakes.dashboard.requestsTo("invocations").length };
    const jobId = await start({ taskId: task.id, modelId: model.id, threshold: 0.5, mapping: cocoMapping });
    const final = await waitForJob(sys.client, jobId, { timeoutMs: 60_000 });
    assert.equal(final.status, "COMPLETED", JSON.stringify(final.failures));
    assert.equal((await jobShapes(task.id, jobId)).length, 4);
    assert.equal(fn.calls - before.direct, 2, "two frames, two direct calls");
    assert.equal(fakes.dashboard.requestsTo("invocations").length, before.viaDashboard, "nothing went through the dashboard");
    const { data } = await sys.client.request(JOB, { id: jobId });
    assert.equal(data!.autoAnnotationJob.model.name, "RetinaNet (by hand)");
  });
});
