import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fakeCredentials, hfFixtureIds, startHubFakes, type HubFakes } from "@prelabel/hub-fakes";
import { SecretBox } from "@prelabel/secret-box";
import sharp from "sharp";
import { ADD_FRAMES, CREATE_TASK, START, TASK_ANNOTATIONS } from "./support/operations.js";
import { waitForJob } from "./support/jobs.js";
import { cloudSystemEnv, startSystem, type System } from "./support/system.js";

const MODEL_FIELDS = /* GraphQL */ `id name source kind labels { name type } hub { provider modelRef task credentialHint }`;
const ADD_HF = /* GraphQL */ `mutation AddHf($input: AddHuggingFaceModelInput!) { addHuggingFaceModel(input: $input) { ${MODEL_FIELDS} } }`;
const ADD_RF = /* GraphQL */ `mutation AddRf($input: AddRoboflowModelInput!) { addRoboflowModel(input: $input) { ${MODEL_FIELDS} } }`;

/**
 * A cloud tenant adds one Hugging Face and one Roboflow model through the gateway, runs each on a task and
 * reads the results. The hubs are the loopback fakes of @prelabel/hub-fakes, which answer in fractions of
 * the image they receive, so the expected shapes below are those fractions of the 200×100 frame.
 */
describe("hub models through the gateway (cloud mode)", () => {
  let fakes: HubFakes;
  let sys: System;

  before(async () => {
    fakes = await startHubFakes();
    sys = await startSystem({ workers: 1, env: cloudSystemEnv(fakes.endpoints, SecretBox.generateKey("e2e")) });
  });
  after(async () => {
    await sys?.stop();
    await fakes?.close();
  });

  async function runJob(input: Record<string, unknown>) {
    const { startAutoAnnotation: job } = await sys.client.must(START, { input });
    const final = await waitForJob(sys.client, job.id, { timeoutMs: 60_000, logDir: sys.logDir });
    assert.equal(final.status, "COMPLETED", JSON.stringify(final.failures));
    assert.deepEqual(final.failures, []);
    const { task } = await sys.client.must(TASK_ANNOTATIONS, { id: input.taskId });
    return task.annotations.edges
      .map((e: any) => e.node)
      .filter((a: any) => a.jobId === job.id)
      .sort((a: any, b: any) => b.score - a.score)
      .map((a: any) => ({
        label: a.label.name,
        type: a.type,
        source: a.source,
        score: Math.round(a.score * 1e6) / 1e6,
        points: a.points.map((v: number) => Math.round(v * 100) / 100),
      }));
  }

  it("adds a Hugging Face detector and a Roboflow segmentation model, runs both on a task and reads the shapes", async () => {
    const hf = await sys.client.request(ADD_HF, {
      input: { repoId: hfFixtureIds.detector, token: fakeCredentials.hfToken, name: "DETR (hub)" },
    });
    assert.equal(hf.errors, undefined, JSON.stringify(hf.errors));
    const hfModel = hf.data!.addHuggingFaceModel;
    assert.equal(hfModel.hub.provider, "HUGGING_FACE");
    assert.equal(hfModel.hub.task, "object-detection");
    assert.equal(hfModel.hub.credentialHint, `…${fakeCredentials.hfToken.slice(-4)}`);
    assert.deepEqual(hfModel.labels.map((l: any) => l.name).sort(), ["bicycle", "car", "person"], "N/A padding dropped");

    const rf = await sys.client.request(ADD_RF, {
      input: { url: "https://app.roboflow.com/acme/potholes/2", apiKey: fakeCredentials.roboflowKey },
    });
    assert.equal(rf.errors, undefined, JSON.stringify(rf.errors));
    const rfModel = rf.data!.addRoboflowModel;
    assert.equal(rfModel.hub.provider, "ROBOFLOW");
    assert.equal(rfModel.hub.task, "instance-segmentation");
    assert.deepEqual(
      rfModel.labels.map((l: any) => l.name),
      ["pothole"],
    );

    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: {
        name: "road",
        labels: [
          { name: "Person", type: "RECTANGLE", attributes: [] },
          { name: "Vehicle", type: "RECTANGLE", attributes: [] },
          { name: "Pothole", type: "POLYGON", attributes: [] },
        ],
      },
    });
    const png = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#6080a0" } })
      .png()
      .toBuffer();
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", [{ name: "road.png", bytes: png, type: "image/png" }]);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));

    // DETR fixture: person (0.1, 0.2)–(0.4, 0.9) at 0.98, car (0.5, 0.5)–(0.95, 0.8) at 0.71; bicycle 0.35 is under 0.5.
    const detections = await runJob({
      taskId: task.id,
      modelId: hfModel.id,
      threshold: 0.5,
      mapping: [
        { modelLabel: "person", taskLabel: "Person" },
        { modelLabel: "car", taskLabel: "Vehicle" },
      ],
    });
    assert.deepEqual(detections, [
      { label: "Person", type: "RECTANGLE", source: "AUTO", score: 0.98, points: [20, 20, 80, 90] },
      { label: "Vehicle", type: "RECTANGLE", source: "AUTO", score: 0.71, points: [100, 50, 190, 80] },
    ]);

    // Potholes fixture: one polygon (0.3, 0.4)–(0.7, 0.6) at 0.88.
    const segments = await runJob({
      taskId: task.id,
      modelId: rfModel.id,
      threshold: 0.5,
      convertMasksToPolygons: true,
      mapping: [{ modelLabel: "pothole", taskLabel: "Pothole" }],
    });
    assert.deepEqual(segments, [
      { label: "Pothole", type: "POLYGON", source: "AUTO", score: 0.88, points: [60, 40, 140, 40, 140, 60, 60, 60] },
    ]);

    // Each hub saw exactly one inference call for its one frame, with its tenant's credential.
    const hfCalls = fakes.hfInference.requestsTo("infer");
    assert.equal(hfCalls.length, 1);
    assert.equal(hfCalls[0].headers.authorization, `Bearer ${fakeCredentials.hfToken}`);
    const rfCalls = fakes.roboflowInfer.requestsTo("infer");
    assert.equal(rfCalls.length, 1);
    assert.equal(rfCalls[0].query.get("api_key"), fakeCredentials.roboflowKey);
  });

  it("never writes a token or API key to any service's log", () => {
    const logs = readdirSync(sys.logDir).filter((f) => f.endsWith(".log"));
    assert.ok(logs.length >= 5, `every process logged (${logs.join(",")})`);
    for (const file of logs) {
      const text = readFileSync(join(sys.logDir, file), "utf8");
      for (const secret of [fakeCredentials.hfToken, fakeCredentials.roboflowKey]) {
        assert.ok(!text.includes(secret), `${file} holds ${secret.slice(0, 6)}…`);
      }
    }
  });
});
