import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { objectNameOf } from "../domain/frame-object.js";
import type { FileSource } from "../domain/frame-source.js";
import type { NewFrame, Task } from "../domain/task.js";
import { TaskImportService, type TaskImportDeps } from "./task-import.service.js";

const TASK: Task = { id: "task-1", tenantId: "t1", name: "streets", size: 0, annotationsVersion: 0, createdAt: new Date(0) };
const file =
  (name: string, text: string): FileSource =>
  async () => ({ name, bytes: new TextEncoder().encode(text) });
const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

/** In-memory ports; `append` decides what the rows' transaction does. */
function setup(overrides: Partial<TaskImportDeps> = {}, append?: (frames: readonly NewFrame[]) => Promise<Task | null>) {
  const log: string[] = [];
  const stored = new Set<string>();
  const claims = new Set<string>();
  const deps: TaskImportDeps = {
    tasks: {
      findById: async (tenantId, id) => (tenantId === TASK.tenantId && id === TASK.id ? TASK : null),
      appendFrames: async (_tenantId, _taskId, frames) => {
        log.push(`append ${frames.map((f) => f.name).join(",")}`);
        return append ? append(frames) : { ...TASK, size: frames.length };
      },
    },
    frameObjects: {
      claim: async (_ingestId, name) => void claims.add(name),
      releaseClaims: async () => {
        const released = [...claims];
        claims.clear();
        return released;
      },
    },
    frameStore: {
      put: async (bytes) => {
        stored.add(objectNameOf(bytes));
        return objectNameOf(bytes);
      },
      has: async (name) => stored.has(name),
    },
    collector: { collect: async (names) => (log.push(`collect ${[...names].length}`), []) },
    listImportDirectory: async (path) => (path === "set" ? [file("a.png", "a"), file("b.png", "b")] : []),
    probeImage: async (bytes) => (bytes.byteLength === 1 ? { width: 8, height: 6 } : null),
    maxFrameBytes: 10,
    maxFramePixels: 1e6,
    ...overrides,
  };
  return { service: new TaskImportService(deps), log, stored };
}

describe("TaskImportService", () => {
  it("stores each file by content, probes its size and appends the frames in the order given", async () => {
    const { service, log, stored } = setup();
    const task = await service.addFrames("t1", "task-1", [file("x.png", "x"), file("junk.bin", "not-image")]);
    assert.equal(task.size, 2);
    assert.deepEqual(log, ["append x.png,junk.bin"]);
    assert.deepEqual([...stored], [objectNameOf(new TextEncoder().encode("x")), objectNameOf(new TextEncoder().encode("not-image"))]);
  });

  it("imports a server directory through the directory port", async () => {
    const { service, log } = setup();
    assert.equal((await service.importFrames("t1", "task-1", "set")).size, 2);
    assert.deepEqual(log, ["append a.png,b.png"]);
  });

  it("answers NOT_FOUND for another tenant's task before reading any file", async () => {
    let read = false;
    const { service } = setup();
    const spy: FileSource = async () => ((read = true), { name: "x", bytes: new Uint8Array(1) });
    await assert.rejects(service.addFrames("t2", "task-1", [spy]), isCode(ErrorCode.NotFound));
    assert.equal(read, false);
  });

  it("refuses an empty upload with BAD_USER_INPUT", async () => {
    await assert.rejects(setup().service.addFrames("t1", "task-1", []), isCode(ErrorCode.BadUserInput));
  });

  it("fails a frame over the byte limit with PAYLOAD_TOO_LARGE, releasing the claims and collecting their bytes", async () => {
    const { service, log } = setup();
    const files = [file("ok.png", "o"), file("big.png", "x".repeat(11))];
    await assert.rejects(service.addFrames("t1", "task-1", files), isCode(ErrorCode.PayloadTooLarge));
    assert.deepEqual(log, ["collect 1"], "the first file's claim is released, nothing appended");
  });

  it("collects what it stored when the rows' transaction fails", async () => {
    const { service, log } = setup({}, () => Promise.reject(new Error("bytes missing")));
    await assert.rejects(service.addFrames("t1", "task-1", [file("a.png", "a"), file("b.png", "b")]), /bytes missing/);
    assert.deepEqual(log, ["append a.png,b.png", "collect 2"]);
  });
});
