import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { ObjectStore } from "@nats-io/obj";
import { Buckets } from "@prelabel/proto";
import { FrameObjectRepository } from "../src/persistence/frame-object.repository.js";
import { FrameBytesMissingError, TaskRepository } from "../src/persistence/task.repository.js";
import { FrameObjectCollector } from "../src/application/frame-object-collector.service.js";
import { objectNameOf } from "../src/domain/frame-object.js";
import { FrameStore } from "../src/persistence/frame.store.js";
import { createSchemaHarness, dataOf, eventually, makeImage, makeTempDir, type SchemaHarness } from "./support/harness.js";
import { DEFAULT_TENANT } from "./support/callers.js";

const CREATE = `mutation ($name: String!) { createTask(input: { name: $name, labels: [{ name: "car", type: RECTANGLE }] }) { id } }`;
const IMPORT = `mutation ($taskId: ID!, $path: String!) { importFrames(taskId: $taskId, serverPath: $path) { id size } }`;
const DELETE = `mutation ($id: ID!) { deleteTask(id: $id) }`;

let h: SchemaHarness;
let importDir: Awaited<ReturnType<typeof makeTempDir>>;
let bucket: ObjectStore;
let claimsTtlMs: number;

/** A directory below the import root holding these images, as `<n>.png`. */
async function folder(images: Buffer[]): Promise<string> {
  const name = `set-${randomUUID()}`;
  await mkdir(join(importDir.path, name));
  await Promise.all(images.map((bytes, i) => writeFile(join(importDir.path, name, `${String(i).padStart(3, "0")}.png`), bytes)));
  return name;
}

async function newTask(): Promise<string> {
  return dataOf(await h.exec<{ createTask: { id: string } }>(CREATE, { name: `t-${randomUUID()}` })).createTask.id;
}

async function importInto(taskId: string, path: string): Promise<void> {
  dataOf(await h.exec(IMPORT, { taskId, path }));
}

/** Distinct real images (the colour makes the bytes, hence the object, differ). */
async function images(n: number): Promise<Buffer[]> {
  return Promise.all(Array.from({ length: n }, () => makeImage(8, 8, "png", `#${randomBytes(3).toString("hex")}`)));
}

const exists = (name: string) => h.frameStore.has(name);

before(async () => {
  importDir = await makeTempDir("task-frame-objects-");
  h = await createSchemaHarness({ importRoot: importDir.path });
  bucket = await h.messaging.objectStore(Buckets.frames);
  claimsTtlMs = 60_000;
});

after(async () => {
  await h?.cleanup();
  await importDir?.remove();
});

describe("deleteTask and frame bytes", () => {
  it("removes the task's frame bytes", async () => {
    const [a, b] = await images(2);
    const task = await newTask();
    await importInto(task, await folder([a, b]));
    assert.ok((await exists(objectNameOf(a))) && (await exists(objectNameOf(b))), "imported bytes are stored");

    assert.equal(dataOf(await h.exec<{ deleteTask: boolean }>(DELETE, { id: task })).deleteTask, true);
    assert.equal(await exists(objectNameOf(a)), false);
    assert.equal(await exists(objectNameOf(b)), false);
  });

  it("keeps shared bytes until the last task referencing them is deleted", async () => {
    const [shared, onlyFirst, onlySecond] = await images(3);
    const first = await newTask();
    const second = await newTask();
    await importInto(first, await folder([shared, onlyFirst]));
    await importInto(second, await folder([onlySecond, shared, shared]));

    await h.exec(DELETE, { id: first });
    assert.equal(await exists(objectNameOf(onlyFirst)), false);
    assert.equal(await exists(objectNameOf(shared)), true, "the second task still uses it");
    assert.equal(await exists(objectNameOf(onlySecond)), true);
    const bytes = await h.frameStore.get(objectNameOf(shared));
    assert.ok(bytes && Buffer.from(bytes).equals(shared), "and its bytes are intact");

    await h.exec(DELETE, { id: second });
    assert.equal(await exists(objectNameOf(shared)), false);
    assert.equal(await exists(objectNameOf(onlySecond)), false);
  });
});

describe("delete and import of the same bytes at once", () => {
  it("an import whose bytes are stored but whose rows are not in yet keeps its object through a delete", async () => {
    const [bytes] = await images(1);
    const name = objectNameOf(bytes);
    const doomed = await newTask();
    const importer = await newTask();
    await importInto(doomed, await folder([bytes]));

    // The importer has claimed and stored (the put found the object there) but not inserted its rows…
    const objects = new FrameObjectRepository(h.dataSource, claimsTtlMs);
    const ingestId = randomUUID();
    await objects.claim(ingestId, name);
    await h.frameStore.put(bytes);
    // …when the only task referencing the object is deleted.
    await h.exec(DELETE, { id: doomed });
    assert.equal(await exists(name), true, "the claim keeps the bytes");

    const tasks = new TaskRepository(h.dataSource);
    await tasks.appendFrames(
      DEFAULT_TENANT,
      importer,
      [{ name: "x.png", objectName: name, width: 8, height: 8, sizeBytes: bytes.byteLength }],
      {
        ingestId,
        missingObjects: async () => [],
      },
    );
    const claims: unknown[] = await h.dataSource.query(`SELECT 1 FROM "task"."frame_object_claim" WHERE "ingest_id" = $1`, [ingestId]);
    assert.equal(claims.length, 0, "the claim was swapped for the row");
    assert.equal(await exists(name), true);
  });

  it("an import claiming while the collector holds the object's lock waits, then stores the bytes again", async () => {
    const [bytes] = await images(1);
    const name = objectNameOf(bytes);
    const doomed = await newTask();
    const importer = await newTask();
    await importInto(doomed, await folder([bytes]));
    const path = await folder([bytes]);

    // A collector that pauses inside the object's lock, just before removing the bytes.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    class PausingStore extends FrameStore {
      override async delete(objectName: string): Promise<void> {
        entered();
        await gate;
        await super.delete(objectName);
      }
    }
    const collector = new FrameObjectCollector(new FrameObjectRepository(h.dataSource, claimsTtlMs), new PausingStore(bucket));
    const names = await new TaskRepository(h.dataSource).delete(DEFAULT_TENANT, doomed);
    assert.deepEqual(names, [name]);
    const collecting = collector.collect(names);
    await inside;

    const importing = importInto(importer, path);
    // The import is blocked on the object's advisory lock (not just slow).
    await eventually(async () => {
      const waiting: unknown[] = await h.dataSource.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      return waiting.length > 0;
    }, "the import to wait for the object lock");
    release();
    assert.deepEqual(await collecting, [name], "the collector removed the bytes it had decided to remove");
    await importing;

    assert.equal(await exists(name), true, "the importer stored its bytes again");
    const frame: { object_name: string }[] = await h.dataSource.query(`SELECT "object_name" FROM "task"."frame" WHERE "task_id" = $1`, [
      importer,
    ]);
    assert.deepEqual(frame, [{ object_name: name }]);
  });

  it("racing deleteTask and importFrames of the same bytes never lose the importer's object", async () => {
    for (let round = 0; round < 6; round++) {
      const [bytes] = await images(1);
      const doomed = await newTask();
      const importer = await newTask();
      await importInto(doomed, await folder([bytes]));
      const path = await folder([bytes]);
      const [deleted] = await Promise.all([h.exec(DELETE, { id: doomed }), importInto(importer, path)]);
      dataOf(deleted);
      assert.equal(await exists(objectNameOf(bytes)), true, `round ${round}: the importer's object is there`);
    }
  });
});

describe("frame object sweep", () => {
  it("removes orphan objects and nothing else, and is idempotent", async () => {
    const [referenced, orphan, inFlight, crashedImport, rowsDeletedThenCrash] = await images(5);
    const objects = new FrameObjectRepository(h.dataSource, claimsTtlMs);
    const task = await newTask();
    await importInto(task, await folder([referenced]));

    await h.frameStore.put(orphan); // stored, never referenced
    await objects.claim(randomUUID(), objectNameOf(inFlight)); // an import still running
    await h.frameStore.put(inFlight);
    const dead = randomUUID(); // an import that died an hour ago, after storing its bytes
    await objects.claim(dead, objectNameOf(crashedImport));
    await h.frameStore.put(crashedImport);
    await h.dataSource.query(`UPDATE "task"."frame_object_claim" SET "claimed_at" = now() - interval '1 hour' WHERE "ingest_id" = $1`, [
      dead,
    ]);
    // A delete that committed its rows and died before removing the bytes.
    const other = await newTask();
    await importInto(other, await folder([rowsDeletedThenCrash]));
    assert.ok(await new TaskRepository(h.dataSource).delete(DEFAULT_TENANT, other));
    await bucket.putBlob({ name: "not-a-frame" }, new Uint8Array([1, 2, 3])); // not ours to judge

    const collector = new FrameObjectCollector(objects, h.frameStore);
    const report = await collector.sweep();
    assert.deepEqual(report.removed.sort(), [objectNameOf(orphan), objectNameOf(crashedImport), objectNameOf(rowsDeletedThenCrash)].sort());
    assert.equal(report.expiredClaims, 1);
    assert.equal(report.failed, 0);
    assert.equal(await exists(objectNameOf(referenced)), true);
    assert.equal(await exists(objectNameOf(inFlight)), true);
    assert.ok(await bucket.info("not-a-frame"));

    const again = await collector.sweep();
    assert.deepEqual(again.removed, []);
    assert.equal(again.expiredClaims, 0);
  });

  it("an import that lost its claims to the sweep fails without adding frames", async () => {
    const [bytes] = await images(1);
    const name = objectNameOf(bytes);
    const task = await newTask();
    const objects = new FrameObjectRepository(h.dataSource, claimsTtlMs);
    const ingestId = randomUUID();
    await objects.claim(ingestId, name);
    await h.frameStore.put(bytes);
    await h.dataSource.query(`UPDATE "task"."frame_object_claim" SET "claimed_at" = now() - interval '1 hour' WHERE "ingest_id" = $1`, [
      ingestId,
    ]);
    assert.ok((await new FrameObjectCollector(objects, h.frameStore).sweep()).removed.includes(name));

    const tasks = new TaskRepository(h.dataSource);
    await assert.rejects(
      tasks.appendFrames(DEFAULT_TENANT, task, [{ name: "x.png", objectName: name, width: 8, height: 8, sizeBytes: bytes.byteLength }], {
        ingestId,
        missingObjects: async (names) => {
          const missing: string[] = [];
          for (const n of names) if (!(await h.frameStore.has(n))) missing.push(n);
          return missing;
        },
      }),
      FrameBytesMissingError,
    );
    assert.equal((await tasks.findById(DEFAULT_TENANT, task))?.size, 0, "no row without its bytes");
  });

  it("runs as the prelabel-task-gc command", async () => {
    const [orphan] = await images(1);
    await h.frameStore.put(orphan);
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, "..", "src", "cli", "gc.cli.js")], {
      env: { ...process.env, DATABASE_URL: h.db.url, NATS_URL: h.nats.url, NATS_NAMESPACE: h.nats.namespace, LOG_LEVEL: "silent" },
    });
    const report = JSON.parse(stdout.trim().split("\n").pop()!);
    assert.deepEqual(report.removed, [objectNameOf(orphan)]);
    assert.equal(await exists(objectNameOf(orphan)), false);
  });
});
