import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Consumers, FrameFailureCode, ShapeType } from "@prelabel/proto";
import { eventually, Harness, JOB_FIELDS, type GraphQLResult } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { ${JOB_FIELDS} } }`;
const JOB = `query Job($id: ID!) { autoAnnotationJob(id: $id) { id status framesDone } }`;
const CANCEL = `mutation Cancel($jobId: ID!) { cancelAutoAnnotation(jobId: $jobId) { id status } }`;
const SUGGEST = `query($taskId: ID!, $modelId: ID!) { suggestLabelMapping(taskId: $taskId, modelId: $modelId) { modelLabel taskLabel } }`;
const PROGRESS = `subscription($jobId: ID!) { autoAnnotationProgress(jobId: $jobId) { id status } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on AutoAnnotationJob { id } ... on Task { id autoAnnotationJobs { id } } } }`;

const A = `tenant-a-${randomUUID()}`;
const B = `tenant-b-${randomUUID()}`;
const labels = [{ id: `person-${randomUUID()}`, name: "person", type: ShapeType.RECTANGLE }];
const modelLabels = [{ name: "person", type: ShapeType.RECTANGLE }];
const codeOf = (r: GraphQLResult) => r.errors?.[0]?.extensions?.code;

describe("annotation-job tenancy: every operation and message scoped to the job's tenant (real PostgreSQL + NATS)", () => {
  let h: Harness;
  let catalogModel: string;
  let modelOfA: string;

  before(async () => {
    h = await Harness.start();
    catalogModel = h.addModel({ labels: modelLabels }).id;
    modelOfA = h.addModel({ labels: modelLabels, tenantId: A }).id;
  });
  after(async () => {
    await h?.close();
  });

  it("another tenant's task or model is NOT_FOUND to start and suggest, exactly like an unknown id", async () => {
    const taskOfA = h.addTask({ labels, tenantId: A });
    const taskOfB = h.addTask({ labels, tenantId: B });
    for (const input of [
      { taskId: taskOfA.id, modelId: catalogModel },
      { taskId: taskOfB.id, modelId: modelOfA },
      { taskId: randomUUID(), modelId: catalogModel },
    ]) {
      const r = await h.exec(START, { input }, B);
      assert.equal(codeOf(r), "NOT_FOUND", JSON.stringify(input));
      assert.equal((await h.exec(SUGGEST, input, B)).errors?.[0]?.extensions?.code, "NOT_FOUND");
    }
    // The describe requests carried B's tenant: the services answered for B, not for "whoever owns the id".
    assert.ok(h.describeTaskRequests.filter((r) => r.taskId === taskOfA.id).every((r) => r.tenantId === B));
    // And the catalog is shared: B starts on its own task with the catalog model.
    const own = (await h.ok(START, { input: { taskId: taskOfB.id, modelId: catalogModel } }, B)).startAutoAnnotation;
    assert.equal(own.status, "RUNNING");
    await h.takeInferFrames(own.id, 4);
  });

  it("a job of A is invisible to B: query, cancel, subscription, entities and the task's job list", async () => {
    const task = h.addTask({ labels, tenantId: A });
    const job = (await h.ok(START, { input: { taskId: task.id, modelId: modelOfA } }, A)).startAutoAnnotation;
    const frames = await h.takeInferFrames(job.id, 4);
    assert.ok(
      frames.every((f) => f.message.tenantId === A),
      "every InferFrame names the job's tenant",
    );

    assert.equal((await h.ok(JOB, { id: job.id }, B)).autoAnnotationJob, null);
    assert.equal((await h.ok(JOB, { id: job.id }, A)).autoAnnotationJob.id, job.id);

    const cancel = await h.exec(CANCEL, { jobId: job.id }, B);
    assert.equal(codeOf(cancel), "NOT_FOUND");
    assert.doesNotMatch(cancel.errors?.[0]?.message ?? "", /RUNNING|tenant/i, "the error says nothing about the job");
    assert.equal((await h.ok(JOB, { id: job.id }, A)).autoAnnotationJob.status, "RUNNING", "B's cancel changed nothing");

    const sub = await h.subscribe(PROGRESS, { jobId: job.id }, B);
    assert.ok(!(Symbol.asyncIterator in sub), "B cannot subscribe to A's job");
    assert.equal(codeOf(sub), "NOT_FOUND");

    const entities = await h.ok(
      ENTITIES,
      {
        r: [
          { __typename: "AutoAnnotationJob", id: job.id },
          { __typename: "Task", id: task.id },
        ],
      },
      B,
    );
    assert.deepEqual(entities._entities, [null, { __typename: "Task", id: task.id, autoAnnotationJobs: [] }]);
    const asA = await h.ok(ENTITIES, { r: [{ __typename: "Task", id: task.id }] }, A);
    assert.deepEqual(asA._entities[0].autoAnnotationJobs, [{ id: job.id }]);

    // A second start by B on A's task: NOT_FOUND, not JOB_ALREADY_RUNNING (which would reveal A's job).
    assert.equal(codeOf(await h.exec(START, { input: { taskId: task.id, modelId: catalogModel } }, B)), "NOT_FOUND");
    assert.equal(codeOf(await h.exec(START, { input: { taskId: task.id, modelId: catalogModel } }, A)), "JOB_ALREADY_RUNNING");
  });

  it("outcomes and task events that name another tenant are dropped; the job's own tenant's count", async () => {
    const task = h.addTask({ labels, tenantId: A, size: 2 });
    const job = (await h.ok(START, { input: { taskId: task.id, modelId: modelOfA } }, A)).startAutoAnnotation;
    await h.takeInferFrames(job.id, 2);

    await h.frameInferred(job.id, task.id, 0, { tenantId: B, msgId: `forged-${randomUUID()}` });
    await h.frameFailed(job.id, task.id, 1, FrameFailureCode.CORRUPT_IMAGE, "forged", B);
    await h.frameInferred(job.id, task.id, 1, { msgId: `no-tenant-${randomUUID()}` }); // empty = the default tenant, not A
    await eventually(async () => ((await h.pending(Consumers.frameOutcomes)) === 0 ? true : undefined));
    assert.equal((await h.ok(JOB, { id: job.id }, A)).autoAnnotationJob.framesDone, 0, "none of them counted");

    await h.frameInferred(job.id, task.id, 0, { tenantId: A, msgId: `a0-${randomUUID()}` });
    await h.frameInferred(job.id, task.id, 1, { tenantId: A, msgId: `a1-${randomUUID()}` });
    await eventually(async () => ((await h.ok(JOB, { id: job.id }, A)).autoAnnotationJob.status === "COMMITTING" ? true : undefined));
    const command = await h.takeTaskCommand(job.id);
    assert.equal(command.commit?.tenantId, A, "the commit names the job's tenant");

    await h.annotationsCommitted(job.id, task.id, B, `forged-commit-${randomUUID()}`);
    await eventually(async () => ((await h.pending(Consumers.taskEvents)) === 0 ? true : undefined));
    assert.equal((await h.ok(JOB, { id: job.id }, A)).autoAnnotationJob.status, "COMMITTING", "B's AnnotationsCommitted was ignored");
    await h.annotationsCommitted(job.id, task.id, A);
    await eventually(async () => ((await h.ok(JOB, { id: job.id }, A)).autoAnnotationJob.status === "COMPLETED" ? true : undefined));
  });

  it("cancel by the owner sends a DiscardAnnotations naming its tenant", async () => {
    const task = h.addTask({ labels, tenantId: A, size: 1 });
    const job = (await h.ok(START, { input: { taskId: task.id, modelId: modelOfA } }, A)).startAutoAnnotation;
    await h.takeInferFrames(job.id, 1);
    assert.equal((await h.ok(CANCEL, { jobId: job.id }, A)).cancelAutoAnnotation.status, "CANCELLING");
    const command = await h.takeTaskCommand(job.id);
    assert.equal(command.discard?.tenantId, A);
  });
});

describe("per-tenant limits on starting jobs (real PostgreSQL)", () => {
  let h: Harness;
  let modelId: string;

  before(async () => {
    h = await Harness.start({ tenantMaxConcurrentJobs: 2, tenantMaxFramesPerHour: 10 });
    modelId = h.addModel({ labels: modelLabels }).id;
  });
  after(async () => {
    await h?.close();
  });

  const startOn = (tenantId: string, size: number) =>
    h.exec(START, { input: { taskId: h.addTask({ labels, tenantId, size }).id, modelId } }, tenantId);

  it("concurrent jobs: the third active job is TENANT_JOB_LIMIT, other tenants are unaffected, a finished job frees its slot", async () => {
    const t = `limits-${randomUUID()}`;
    const first = (await startOn(t, 1)).data?.startAutoAnnotation;
    const second = (await startOn(t, 1)).data?.startAutoAnnotation;
    assert.ok(first && second);
    const third = await startOn(t, 1);
    assert.equal(codeOf(third), "TENANT_JOB_LIMIT");
    assert.deepEqual(third.errors?.[0]?.extensions?.details, { limit: 2, active: 2 });
    assert.match(third.errors?.[0]?.message ?? "", /at once \(2\)/);

    assert.ok((await startOn(`other-${randomUUID()}`, 1)).data?.startAutoAnnotation, "another tenant still starts");

    await h.ok(CANCEL, { jobId: first.id }, t);
    await h.annotationsDiscarded(first.id, first.task.id, t);
    await eventually(async () => ((await h.ok(JOB, { id: first.id }, t)).autoAnnotationJob.status === "CANCELLED" ? true : undefined));
    assert.ok((await startOn(t, 1)).data?.startAutoAnnotation, "a slot is free again");
  });

  it("concurrent jobs: racing starts of one tenant never exceed the limit", async () => {
    const t = `race-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 6 }, () => startOn(t, 1)));
    assert.equal(results.filter((r) => r.data?.startAutoAnnotation).length, 2);
    assert.ok(
      results.filter((r) => r.errors).every((r) => codeOf(r) === "TENANT_JOB_LIMIT"),
      JSON.stringify(results.map(codeOf)),
    );
  });

  it("frames per hour: counts what the tenant started in the last hour, cancelled jobs as far as they got", async () => {
    const t = `quota-${randomUUID()}`;
    const first = (await startOn(t, 4)).data?.startAutoAnnotation;
    assert.ok(first);
    const tooBig = await startOn(t, 11);
    assert.equal(codeOf(tooBig), "TENANT_FRAME_QUOTA");
    assert.match(tooBig.errors?.[0]?.message ?? "", /more than your organisation may annotate per hour \(10\)/);
    assert.equal((tooBig.errors?.[0]?.extensions?.details as { retryAfterSeconds: unknown }).retryAfterSeconds, null);

    const over = await startOn(t, 7);
    assert.equal(codeOf(over), "TENANT_FRAME_QUOTA");
    const details = over.errors?.[0]?.extensions?.details as { limit: number; used: number; requested: number; retryAfterSeconds: number };
    assert.deepEqual([details.limit, details.used, details.requested], [10, 4, 7]);
    assert.ok(details.retryAfterSeconds > 3_500 && details.retryAfterSeconds <= 3_600, String(details.retryAfterSeconds));

    // Cancelled after one frame: only that frame still counts, so 9 more fit.
    await h.takeInferFrames(first.id, 4);
    await h.frameInferred(first.id, first.task.id, 0, { tenantId: t });
    await eventually(async () => ((await h.ok(JOB, { id: first.id }, t)).autoAnnotationJob.framesDone === 1 ? true : undefined));
    await h.ok(CANCEL, { jobId: first.id }, t);
    await h.annotationsDiscarded(first.id, first.task.id, t);
    await eventually(async () => ((await h.ok(JOB, { id: first.id }, t)).autoAnnotationJob.status === "CANCELLED" ? true : undefined));
    const nine = await startOn(t, 9);
    assert.ok(nine.data?.startAutoAnnotation, JSON.stringify(nine.errors));
    assert.equal(codeOf(await startOn(t, 1)), "TENANT_FRAME_QUOTA", "1 + 9 = the whole hour's quota");
  });
});
