import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { RemoteServiceError } from "@prelabel/messaging";
import { Consumers, create, DescribeTaskRequestSchema, Endpoints, ShapeType } from "@prelabel/proto";
import { Harness, type TaskFixture } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { id status framesTotal frameRange { start stop } } }`;
const SUGGEST = `query Suggest($taskId: ID!, $modelId: ID!) { suggestLabelMapping(taskId: $taskId, modelId: $modelId) { modelLabel taskLabel } }`;

/**
 * Tasks too big for one describe-task reply (NATS's 1 MB max_payload): the fake task service
 * answers an unpaged describe of them with PAYLOAD_TOO_LARGE, as the real one does, so these
 * only pass if the client pages the frames and leaves them out when it needs labels alone.
 */
describe("describe-task paging (fake task service, real NATS + PostgreSQL)", () => {
  let h: Harness;
  let modelId: string;
  const bigTask = (size: number): TaskFixture =>
    h.addTask({ size, labels: [{ id: "l-text", name: "Text Line", type: ShapeType.POLYGON }] });
  const requestsFor = (taskId: string) => h.describeTaskRequests.filter((r) => r.taskId === taskId);
  const work = () => h.pending(Consumers.inferFrames);

  before(async () => {
    h = await Harness.start();
    modelId = h.addModel({ labels: [{ name: "text", type: ShapeType.MASK }] }).id;
  });
  after(async () => {
    await h?.close();
  });

  it("suggests a mapping for a 20,000-frame task without asking for a single frame", async () => {
    const task = bigTask(20_000);
    // The old way fails: every frame in one reply is over the 1 MB limit.
    await assert.rejects(
      h.peer.request(Endpoints.describeTask, create(DescribeTaskRequestSchema, { taskId: task.id })),
      (e: unknown) => e instanceof RemoteServiceError && e.code === "PAYLOAD_TOO_LARGE",
    );
    h.describeTaskRequests.length = 0;

    assert.deepEqual((await h.ok(SUGGEST, { taskId: task.id, modelId })).suggestLabelMapping, [
      { modelLabel: "text", taskLabel: "Text Line" },
    ]);
    assert.deepEqual(
      requestsFor(task.id).map((r) => [r.omitFrames, r.frameLimit]),
      [[true, undefined]],
    );
  });

  it("lists a frame range page by page, following the task service's clamp, within the range's bounds", async () => {
    h.describePageMax = 1_000; // below the 2,000 the client asks for
    try {
      const task = bigTask(4_500);
      const job = (await h.ok(START, { input: { taskId: task.id, modelId, frameRange: { start: 1_234, stop: 3_456 } } }))
        .startAutoAnnotation;
      assert.deepEqual([job.status, job.framesTotal, job.frameRange], ["RUNNING", 2_223, { start: 1_234, stop: 3_456 }]);
      assert.deepEqual(
        requestsFor(task.id).map((r) => [r.omitFrames, r.frameStart, r.frameStop, r.frameLimit]),
        [
          [true, undefined, undefined, undefined], // labels and size, to validate
          [false, 1_234, 3_456, 2_000],
          [false, 2_234, 3_456, 2_000],
          [false, 3_234, 3_456, 2_000],
        ],
      );
      const frames = await h.takeInferFrames(job.id, 2_223, 30_000);
      assert.deepEqual(
        frames.map((f) => f.message.frame).sort((a, b) => a - b),
        Array.from({ length: 2_223 }, (_, i) => 1_234 + i),
      );
      assert.ok(frames.every((f) => f.message.frameObject === `sha256-${task.id}-${f.message.frame}`));
    } finally {
      h.describePageMax = 2_000;
    }
  });

  it("starts a job over every frame of a 20,000-frame task: one InferFrame per frame", async () => {
    const task = bigTask(20_000);
    const before = await work();
    const job = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    assert.deepEqual([job.status, job.framesTotal, job.frameRange], ["RUNNING", 20_000, null]);
    const requests = requestsFor(task.id);
    assert.deepEqual(requests[0].omitFrames, true);
    assert.deepEqual(
      requests.slice(1).map((r) => [r.frameStart, r.frameStop, r.frameLimit]),
      Array.from({ length: 10 }, (_, i) => [i * 2_000, 19_999, 2_000]),
    );
    // Nats-Msg-Id is `<jobId>.<frame>` and de-duplicated: 20,000 new messages are 20,000 distinct frames.
    assert.equal((await work()) - before, 20_000);
  });
});
