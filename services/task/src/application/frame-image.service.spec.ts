import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "@prelabel/service-kit";
import { FrameImageBudget, type FrameImage, type FrameImageCache, type FrameImageKey } from "../domain/frame-image.js";
import type { Frame } from "../domain/task.js";
import { FrameImageService } from "./frame-image.service.js";

const frame = (index: number): Frame => ({
  taskId: "t",
  index,
  name: `f${index}`,
  objectName: `o${index}`,
  width: 1,
  height: 1,
  sizeBytes: 1,
});
const image = (width: number): FrameImage => ({ dataUrl: "data:image/png;base64,", width, height: width, mimeType: "image/png" });
const codeOf = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

describe("FrameImageService", () => {
  it("runs at most maxConcurrent renders at once and finishes them all", async () => {
    let running = 0;
    let peak = 0;
    const service = new FrameImageService({
      frameStore: { get: () => Promise.resolve(new Uint8Array([1])) },
      render: async (_bytes, size) => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return image(size);
      },
      limits: { maxPerOperation: 10, maxConcurrent: 2 },
      onUnreadableObject: () => assert.fail("every object is there"),
    });
    const budget = new FrameImageBudget(10);
    const results = await Promise.all([16, 17, 18, 19, 20, 21].map((size, i) => service.image(frame(i), size, budget)));
    assert.deepEqual(
      results.map((r) => r?.width),
      [16, 17, 18, 19, 20, 21],
    );
    assert.equal(peak, 2);
  });

  it("checks maxSize before spending the budget, and refuses past the budget", async () => {
    const service = new FrameImageService({
      frameStore: { get: () => Promise.resolve(new Uint8Array([1])) },
      render: (_bytes, size) => Promise.resolve(image(size)),
      limits: { maxPerOperation: 1, maxConcurrent: 1 },
      onUnreadableObject: () => undefined,
    });
    const budget = new FrameImageBudget(1);
    await assert.rejects(service.image(frame(0), 2049, budget), codeOf("BAD_USER_INPUT"));
    assert.equal((await service.image(frame(0), 16, budget))?.width, 16);
    await assert.rejects(service.image(frame(1), 16, budget), codeOf("TOO_MANY_FRAME_IMAGES"));
  });

  it("reports a missing or unreadable object and answers null", async () => {
    const reported: string[] = [];
    const service = new FrameImageService({
      frameStore: { get: (name) => (name === "o0" ? Promise.resolve(null) : Promise.reject(new Error("bucket down"))) },
      render: () => assert.fail("nothing to render"),
      limits: { maxPerOperation: 5, maxConcurrent: 1 },
      onUnreadableObject: (err, f) => reported.push(`${f.objectName}: ${(err as Error).message}`),
    });
    const budget = new FrameImageBudget(5);
    assert.equal(await service.image(frame(0), 64, budget), null);
    assert.equal(await service.image(frame(1), 64, budget), null);
    assert.deepEqual(reported, ["o0: frame object o0 is missing", "o1: bucket down"]);
  });

  it("answers a kept image without a render or a render slot, keeps only sizes up to 512, and still spends the budget", async () => {
    const kept = new Map<string, FrameImage>();
    const keyOf = (k: FrameImageKey) => `${k.index}@${k.maxSize}`;
    const cache: FrameImageCache = {
      find: (k) => Promise.resolve(kept.get(keyOf(k)) ?? null),
      save: (k, img) => Promise.resolve(void kept.set(keyOf(k), img)),
      missing: (_t, indexes, maxSize) => Promise.resolve(indexes.filter((index) => !kept.has(`${index}@${maxSize}`))),
    };
    let renders = 0;
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((r) => (release = r));
    const service = new FrameImageService({
      frameStore: { get: () => Promise.resolve(new Uint8Array([1])) },
      render: async (_bytes, size) => {
        renders++;
        if (size === 2048) await blocked;
        return image(size);
      },
      limits: { maxPerOperation: 10, maxConcurrent: 1 },
      onUnreadableObject: () => assert.fail("every object is there"),
      cache,
    });
    const budget = new FrameImageBudget(3);
    assert.equal((await service.image(frame(0), 160, budget))?.width, 160);
    assert.deepEqual([...kept.keys()], ["0@160"]);
    // The only render slot is taken by a large render: the kept image is answered anyway.
    const large = service.image(frame(1), 2048, budget);
    assert.equal((await service.image(frame(0), 160, budget))?.width, 160);
    assert.equal(renders, 2);
    release();
    assert.equal((await large)?.width, 2048);
    assert.ok(!kept.has("1@2048"), "a large render is not kept");
    await assert.rejects(service.image(frame(0), 160, budget), codeOf("TOO_MANY_FRAME_IMAGES"));
  });

  it("renders the thumbnails of added frames ahead, once each, skipping kept ones; failures only reported", async () => {
    const kept = new Map<string, FrameImage>([["1@160", image(160)]]);
    const rendered: number[] = [];
    const failures: number[] = [];
    const service = new FrameImageService({
      frameStore: { get: (name) => (name === "o2" ? Promise.reject(new Error("bucket down")) : Promise.resolve(new Uint8Array([1]))) },
      render: (_bytes, size) => Promise.resolve(image(size)),
      limits: { maxPerOperation: 10, maxConcurrent: 2 },
      onUnreadableObject: () => assert.fail("a background render reports as background"),
      onBackgroundError: (_err, f) => failures.push(f.index),
      cache: {
        find: (k) => Promise.resolve(kept.get(`${k.index}@${k.maxSize}`) ?? null),
        save: (k, img) => {
          rendered.push(k.index);
          return Promise.resolve(void kept.set(`${k.index}@${k.maxSize}`, img));
        },
        missing: (_t, indexes, maxSize) => Promise.resolve(indexes.filter((index) => !kept.has(`${index}@${maxSize}`))),
      },
    });
    service.renderThumbnails([0, 1, 2, 3].map(frame));
    for (let i = 0; i < 200 && (kept.size < 3 || !failures.length); i++) await new Promise((r) => setTimeout(r, 5));
    await service.close();
    assert.deepEqual([...kept.keys()].sort(), ["0@160", "1@160", "3@160"]);
    assert.ok(!rendered.includes(1), "the kept one is not rendered again");
    assert.ok(failures.includes(2), "the unreadable one is reported");
  });

  it("holds the eager thumbnails back while frames are being added", async () => {
    const kept = new Set<string>();
    let renders = 0;
    const service = new FrameImageService({
      frameStore: { get: () => Promise.resolve(new Uint8Array([1])) },
      render: (_bytes, size) => Promise.resolve(void renders++).then(() => image(size)),
      limits: { maxPerOperation: 10, maxConcurrent: 2 },
      onUnreadableObject: () => undefined,
      cache: {
        find: () => Promise.resolve(null),
        save: (k) => Promise.resolve(void kept.add(`${k.index}`)),
        missing: (_t, indexes) => Promise.resolve(indexes.filter((index) => !kept.has(`${index}`))),
      },
    });
    let finishAppend: () => void = () => undefined;
    const appended = service.whileAdding(async () => {
      service.renderThumbnails([frame(0), frame(1)]);
      await new Promise<void>((r) => (finishAppend = r));
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(renders, 0, "nothing rendered while the append runs");
    finishAppend();
    await appended;
    for (let i = 0; i < 200 && kept.size < 2; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(renders, 2);
    await service.close();
  });
});
