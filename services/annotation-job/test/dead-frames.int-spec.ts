import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Consumers, Contracts, create, FrameFailureCode, fromBinary, InferFrameSchema, ShapeType } from "@prelabel/proto";
import type { MaxDeliveriesAdvisory } from "../src/messaging/consumers/max-deliveries.watcher.js";
import { eventually, Harness, JOB_FIELDS, sleep } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { id status } }`;
const JOB = `query Job($id: ID!) { autoAnnotationJob(id: $id) { ${JOB_FIELDS} failureCode } }`;
const { stream: WORK, durable: WORKERS } = Consumers.inferFrames;
/** Test timings only: production keeps ack_wait 10 s and max_deliver 5 (infra/nats/topology.json). */
const ACK_WAIT_MS = 300;
const MAX_DELIVER = 2;

describe("frames no worker can finish (max_deliver, real PostgreSQL + NATS)", () => {
  let h: Harness;
  let modelId: string;
  const advisories: MaxDeliveriesAdvisory[] = [];

  const job = async (id: string) => (await h.ok(JOB, { id })).autoAnnotationJob;
  const waitFor = (id: string, check: (j: any) => boolean, what: string) =>
    eventually(
      async () => {
        const j = await job(id);
        return check(j) ? j : undefined;
      },
      10_000,
      `job ${id}: ${what}`,
    );
  const backdate = (id: string) =>
    h.dataSource.query(`UPDATE annotation_job.auto_annotation_job SET updated_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
  const workMessages = async () => (await h.peer.jsm.streams.info(h.peer.ns.stream(WORK))).state.messages;

  async function startJob(): Promise<{ id: string; taskId: string }> {
    const task = h.addTask({ size: 3, labels: [{ id: `car-${randomUUID()}`, name: "car", type: ShapeType.RECTANGLE }] });
    const { id } = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    return { id, taskId: task.id };
  }

  /**
   * Workers pulling from the real durable: each frame in `good` is inferred and acked once, each in `ackOnly`
   * acked without an outcome, and `bad` is taken and never acked, as by a worker that dies with it every time.
   */
  function dyingWorkers(jobId: string, taskId: string, bad: number, good: number[], ackOnly: number[] = []) {
    let stopped = false;
    const deliveries: number[] = [];
    const loop = (async () => {
      const consumer = await h.peer.js.consumers.get(h.peer.ns.stream(WORK), WORKERS);
      while (!stopped) {
        for await (const m of await consumer.fetch({ max_messages: 3, expires: 1_000 })) {
          const f = fromBinary(InferFrameSchema, m.data);
          if (f.jobId !== jobId) m.ack();
          else if (f.frame === bad) deliveries.push(m.info.deliveryCount);
          else {
            if (good.includes(f.frame)) await h.frameInferred(jobId, taskId, f.frame);
            else assert.ok(ackOnly.includes(f.frame), `unexpected frame ${f.frame}`);
            m.ack();
          }
        }
      }
    })();
    return {
      deliveries,
      stop: async () => {
        stopped = true;
        await loop;
      },
    };
  }

  const advisoryFor = (seqs: () => Promise<number[]>) =>
    eventually(
      async () => {
        const known = await seqs();
        return advisories.find((a) => known.includes(a.stream_seq));
      },
      10_000,
      "the max-deliveries advisory",
    );

  before(async () => {
    h = await Harness.start({ jobSweepIntervalMs: 0, jobStaleAfterMs: 60_000 });
    modelId = h.addModel({ defaultThreshold: 0.5, labels: [{ name: "car", type: ShapeType.RECTANGLE }] }).id;
    await h.peer.jsm.consumers.update(h.peer.ns.stream(WORK), WORKERS, { ack_wait: ACK_WAIT_MS * 1_000_000, max_deliver: MAX_DELIVER });
    // Everyone hears core-NATS advisories; the test listens too, to know when the server gave up.
    h.peer.nc.subscribe(h.app.deadFrames.advisorySubject, {
      callback: (err, m) => {
        if (!err) advisories.push(m.json<MaxDeliveriesAdvisory>());
      },
    });
    await h.peer.nc.flush();
  });
  after(async () => {
    await h?.close();
  });

  /** Stream sequences of a job's InferFrames still in the work stream. */
  async function seqsOf(jobId: string): Promise<number[]> {
    const out: number[] = [];
    const stream = h.peer.ns.stream(WORK);
    const subject = h.peer.ns.subject(Contracts.inferFrame.subject);
    for (let seq = 1; ;) {
      const m = await h.peer.jsm.streams.getMessage(stream, { seq, next_by_subj: subject } as unknown as { seq: number });
      if (!m) return out;
      if (fromBinary(InferFrameSchema, m.data).jobId === jobId) out.push(m.seq);
      seq = m.seq + 1;
    }
  }

  /**
   * Runs `dyingWorkers` until `until` settles, meanwhile handing the job's work-stream sequences to `onSeqs` every
   * 50 ms (the dead frame's sequence is gone once it is failed). Returns the bad frame's delivery counts.
   */
  async function whileWorkersDie(
    jobId: string,
    taskId: string,
    frames: { bad: number; good: number[]; ackOnly?: number[] },
    onSeqs: (seqs: number[]) => void,
    until: () => Promise<unknown>,
  ): Promise<number[]> {
    const workers = dyingWorkers(jobId, taskId, frames.bad, frames.good, frames.ackOnly);
    try {
      const poll = setInterval(
        () =>
          void seqsOf(jobId)
            .then(onSeqs)
            .catch(() => undefined),
        50,
      );
      try {
        await until();
      } finally {
        clearInterval(poll);
      }
    } finally {
      await workers.stop();
    }
    return workers.deliveries;
  }

  it("fails a frame every worker died on (FRAME_UNPROCESSABLE) and the job completes with the other frames done", async () => {
    const { id, taskId } = await startJob();
    const known = new Set<number>();
    // Remember the bad frame's sequence while it is still in the stream.
    const deliveries = await whileWorkersDie(
      id,
      taskId,
      { bad: 1, good: [0, 2] },
      (s) => s.forEach((x) => known.add(x)),
      async () => {
        const committing = await waitFor(id, (j) => j.status === "COMMITTING", "COMMITTING");
        assert.equal(committing.framesDone, 2);
        assert.equal(committing.framesFailed, 1);
      },
    );
    assert.deepEqual(deliveries, [1, 2], "the frame was taken max_deliver times, then never again");
    const advisory = await advisoryFor(async () => [...known]);
    assert.equal(advisory.deliveries, MAX_DELIVER);

    const commit = await h.takeTaskCommand(id);
    assert.deepEqual(commit.commit?.succeededFrames, [0, 2]);
    await h.annotationsCommitted(id, taskId);
    const done = await waitFor(id, (j) => j.status === "COMPLETED", "COMPLETED");
    assert.equal(done.failureCode, null);
    assert.equal(done.failures.length, 1);
    assert.equal(done.failures[0].frame, 1);
    assert.equal(done.failures[0].code, FrameFailureCode.FRAME_UNPROCESSABLE);
    assert.match(done.failures[0].reason, /delivered 2 times; every worker that took it crashed or timed out/);
    assert.deepEqual(await seqsOf(id), [], "the dead message is gone from the work stream");
    assert.equal(await workMessages(), 0);
  });

  it("does nothing more for a repeated advisory, or a second copy of a settled frame", async () => {
    const { id, taskId } = await startJob();
    let seq = 0;
    await whileWorkersDie(
      id,
      taskId,
      { bad: 0, good: [1], ackOnly: [2] },
      (s) => (seq = s[0] ?? seq),
      () => waitFor(id, (j) => j.framesFailed === 1 && j.framesDone === 1, "frame 0 failed, frame 1 done"),
    );
    const advisory = await advisoryFor(async () => [seq]);

    // The same advisory again, over the wire and directly: the message is gone, nothing happens.
    h.peer.nc.publish(h.app.deadFrames.advisorySubject, JSON.stringify(advisory));
    await h.peer.nc.flush();
    assert.deepEqual(await h.app.deadFrames.onAdvisory(advisory), { seq: advisory.stream_seq, result: "gone" });

    // A dead copy of the same frame still in the stream (say a replica crashed before deleting it): the
    // outcome is already stored, so it only goes away.
    const frame = create(InferFrameSchema, { jobId: id, taskId, frame: 0, frameObject: "x" });
    const ack = await h.peer.publish(Contracts.inferFrame, frame, { msgId: `copy.${id}` });
    const copy = await h.app.deadFrames.onAdvisory({ ...advisory, stream_seq: ack.seq });
    assert.deepEqual(copy, { seq: ack.seq, jobId: id, frame: 0, result: "duplicate" });
    assert.equal(await h.peer.jsm.streams.getMessage(h.peer.ns.stream(WORK), { seq: ack.seq }), null);

    await sleep(200);
    const j = await job(id);
    assert.equal(j.status, "RUNNING");
    assert.equal(j.framesFailed, 1, "counted once");
    assert.equal(j.framesDone, 1);
    assert.deepEqual(
      j.failures.map((f: any) => [f.frame, f.code]),
      [[0, FrameFailureCode.FRAME_UNPROCESSABLE]],
    );

    await h.frameInferred(id, taskId, 2);
    await waitFor(id, (x) => x.status === "COMMITTING", "COMMITTING");
    assert.deepEqual((await h.takeTaskCommand(id)).commit?.succeededFrames, [1, 2]);
  });

  it("fails it through the sweeper's reconciliation when no replica heard the advisory", async () => {
    await h.app.deadFrames.stop();
    try {
      const { id, taskId } = await startJob();
      let seq = 0;
      await whileWorkersDie(
        id,
        taskId,
        { bad: 2, good: [0, 1] },
        (s) => (seq = s[0] ?? seq),
        async () => {
          await waitFor(id, (j) => j.framesDone === 2, "frames 0 and 1 done");
          await advisoryFor(async () => [seq]);
        },
      );
      await sleep(300);
      let j = await job(id);
      assert.equal(j.status, "RUNNING", "nobody acted on the advisory");
      assert.equal(j.framesFailed, 0);
      assert.deepEqual(await seqsOf(id), [seq], "the dead message is still in the stream");

      assert.deepEqual(await h.app.sweeper.reconcileDeadFrames(), [], "a job that moved recently is not looked at");
      await backdate(id);
      const failed = await h.app.sweeper.reconcileDeadFrames();
      assert.deepEqual(failed, [{ seq, jobId: id, frame: 2, result: "recorded" }]);
      j = await waitFor(id, (x) => x.status === "COMMITTING", "COMMITTING");
      assert.deepEqual(
        j.failures.map((f: any) => [f.frame, f.code]),
        [[2, FrameFailureCode.FRAME_UNPROCESSABLE]],
      );
      assert.match(j.failures[0].reason, /delivered 2 times/);
      assert.deepEqual(await seqsOf(id), []);
      assert.deepEqual((await h.takeTaskCommand(id)).commit?.succeededFrames, [0, 1]);
      await backdate(id);
      assert.deepEqual(await h.app.sweeper.reconcileDeadFrames(), [], "nothing left to fail");
    } finally {
      await h.app.deadFrames.start();
    }
  });

  it("never fails frames a crashed worker left in flight: they go to the next worker", async () => {
    const { id, taskId } = await startJob();
    // A worker takes every frame and dies: nothing is acked, the server will redeliver them.
    const taken = await h.peer.js.consumers.get(h.peer.ns.stream(WORK), WORKERS);
    const held: number[] = [];
    for await (const m of await taken.fetch({ max_messages: 3, expires: 1_000 })) held.push(fromBinary(InferFrameSchema, m.data).frame);
    assert.deepEqual(held.sort(), [0, 1, 2]);
    await sleep(ACK_WAIT_MS * 2);
    await backdate(id);
    assert.deepEqual(await h.app.sweeper.reconcileDeadFrames(), [], "frames awaiting redelivery are not dead");
    assert.equal((await job(id)).framesFailed, 0);

    const redelivered = await h.takeInferFrames(id, 3);
    assert.deepEqual(redelivered.map((f) => f.message.frame).sort(), [0, 1, 2]);
    for (const f of [0, 1, 2]) await h.frameInferred(id, taskId, f);
    const j = await waitFor(id, (x) => x.status === "COMMITTING", "COMMITTING");
    assert.equal(j.framesDone, 3);
    assert.equal(j.framesFailed, 0);
  });
});
