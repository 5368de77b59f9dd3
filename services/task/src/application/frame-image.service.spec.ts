import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "@prelabel/service-kit";
import { FrameImageBudget, type FrameImage } from "../domain/frame-image.js";
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
});
