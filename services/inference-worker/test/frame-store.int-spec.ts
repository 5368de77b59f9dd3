// FrameStore on the real NATS server: the direct-get reader returns what the object store's own client returns.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { ObjectStore } from "@nats-io/obj";
import { Messaging } from "@prelabel/messaging";
import { Buckets } from "@prelabel/proto";
import { createTestNats, type TestNats } from "@prelabel/testing";
import { FrameStore } from "../src/persistence/frame.store.js";

describe("FrameStore (frames bucket, real NATS)", () => {
  let nats: TestNats;
  let messaging: Messaging;
  let bucket: ObjectStore;
  let store: FrameStore;

  before(async () => {
    nats = await createTestNats();
    messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "frame-store (test)" });
    bucket = await messaging.objectStore(Buckets.frames);
    store = new FrameStore(bucket, { api: messaging.jsm.direct, bucketName: messaging.ns.bucket(Buckets.frames) });
  });
  after(async () => {
    await messaging?.close();
    await nats?.cleanup();
  });

  it("reads one-chunk and many-chunk objects byte for byte, as getBlob does", async () => {
    const small = randomBytes(17_000);
    const large = randomBytes(300_000);
    await bucket.putBlob({ name: "task-1/0.jpg" }, small);
    await bucket.putBlob({ name: "task-1/1.jpg", options: { max_chunk_size: 64 * 1024 } }, large);
    // Other objects' chunks between and after them must not be picked up.
    await bucket.putBlob({ name: "task-1/2.jpg", options: { max_chunk_size: 1024 } }, randomBytes(5_000));
    assert.deepEqual(Buffer.from((await store.read("task-1/0.jpg"))!), small);
    assert.deepEqual(Buffer.from((await store.read("task-1/1.jpg"))!), large);
    assert.deepEqual(Buffer.from((await store.read("task-1/1.jpg"))!), Buffer.from((await bucket.getBlob("task-1/1.jpg"))!));
  });

  it("reads the latest version of a name that was written again", async () => {
    await bucket.putBlob({ name: "task-1/3.jpg", options: { max_chunk_size: 1024 } }, randomBytes(4_000));
    const latest = randomBytes(3_000);
    await bucket.putBlob({ name: "task-1/3.jpg", options: { max_chunk_size: 1024 } }, latest);
    assert.deepEqual(Buffer.from((await store.read("task-1/3.jpg"))!), latest);
  });

  it("answers null for a missing or deleted object and empty bytes for an empty one", async () => {
    assert.equal(await store.read("task-1/missing.jpg"), null);
    await bucket.putBlob({ name: "task-1/gone.jpg" }, randomBytes(10));
    await bucket.delete("task-1/gone.jpg");
    assert.equal(await store.read("task-1/gone.jpg"), null);
    await bucket.putBlob({ name: "task-1/empty.jpg" }, new Uint8Array(0));
    assert.equal((await store.read("task-1/empty.jpg"))?.length, 0);
  });

  it("refuses an object whose bytes do not match its digest", async () => {
    const name = "task-1/corrupt.jpg";
    await bucket.putBlob({ name }, randomBytes(2_000));
    const info = (await bucket.info(name))!;
    // Another object's chunk published under this object's chunk subject: its bytes no longer hash to the digest.
    await messaging.js.publish(`$O.${messaging.ns.bucket(Buckets.frames)}.C.${info.nuid}`, randomBytes(2_000));
    const reader = new FrameStore(bucket, {
      api: {
        getMessage: (stream, query) =>
          messaging.jsm.direct.getMessage(
            stream,
            "seq" in query && query.seq ? query : { last_by_subj: `$O.${messaging.ns.bucket(Buckets.frames)}.C.${info.nuid}` },
          ),
      },
      bucketName: messaging.ns.bucket(Buckets.frames),
    });
    await assert.rejects(reader.read(name), /digests do not match/);
  });
});
