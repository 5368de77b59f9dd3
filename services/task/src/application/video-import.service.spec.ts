import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { VideoDecodeError, VideoProbeError, type DecodedFrame, type VideoProbe } from "@prelabel/video";
import { TaskErrorCode } from "../domain/task-error-codes.js";
import type { Task } from "../domain/task.js";
import { videoError, VideoImportService, type VideoImportDeps } from "./video-import.service.js";

const task = (size = 0): Task => ({ id: "t", tenantId: "tenant", name: "t", size, createdAt: new Date(0), annotationsVersion: 0 });
const probe: VideoProbe = {
  container: "mp4",
  codec: "h264",
  streamIndex: 0,
  width: 4,
  height: 2,
  fps: 25,
  durationSeconds: 0.4,
  frameCount: 10,
  rotation: 90,
};
const frame = (n: number): DecodedFrame => ({ sourceFrame: n, timestampSeconds: n / 25, jpeg: Buffer.from([n]), width: 2, height: 4 });
const codeOf = (code: string) => (err: unknown) => err instanceof AppError && err.code === code;

function setup(overrides: Partial<VideoImportDeps> = {}, decoded: (DecodedFrame | Error)[] = [frame(0), frame(1)]) {
  const log: string[] = [];
  let released = false;
  const deps: VideoImportDeps = {
    tasks: {
      findById: () => Promise.resolve(task() as never),
      isVideoTask: () => Promise.resolve(false),
      appendVideoFrames: (_t, _id, video, frames) => {
        log.push(`append ${frames.length} ${video.width}x${video.height} ${frames.map((f) => f.name).join(",")}`);
        return Promise.resolve({ ...task(frames.length) } as never);
      },
    },
    frameObjects: {
      claim: (_ingest, name) => Promise.resolve(void log.push(`claim ${name}`)),
      releaseClaims: () => {
        released = true;
        return Promise.resolve(["claimed"]);
      },
    },
    frameStore: { put: () => Promise.resolve("x"), has: () => Promise.resolve(true) },
    collector: {
      collect: (names) => {
        log.push(`collect ${[...names].join(",")}`);
        return Promise.resolve([]);
      },
    },
    importFile: (path) =>
      Promise.resolve({ name: path, path, sizeBytes: 10, release: () => Promise.resolve(void log.push("release file")) }),
    decoder: {
      probe: () => Promise.resolve(probe),
      async *decode() {
        for (const item of decoded) {
          if (item instanceof Error) throw item;
          yield item;
        }
      },
    },
    limits: { maxBytes: 100, maxFrames: 10, maxPixels: 8, timeoutMs: 1000 },
    ...overrides,
  };
  return { service: new VideoImportService(deps), log, released: () => released };
}

describe("VideoImportService", () => {
  it("stores the decoded frames as the task's frames, named by source frame, with the displayed size", async () => {
    const { service, log } = setup();
    const result = await service.importVideo("tenant", "t", "a.mp4", { frameStep: 5 });
    assert.equal(result.size, 2);
    assert.equal(log.filter((l) => l.startsWith("claim")).length, 2);
    assert.ok(log.includes("append 2 2x4 frame_000000.jpg,frame_000001.jpg"), log.join("\n"));
    assert.equal(log.at(-1), "release file");
  });

  it("refuses a task with frames, or a video task, before reading the file", async () => {
    const withFrames = setup({
      tasks: {
        findById: () => Promise.resolve(task(3) as never),
        isVideoTask: () => Promise.resolve(false),
        appendVideoFrames: () => Promise.reject(new Error()),
      },
    });
    await assert.rejects(withFrames.service.importVideo("tenant", "t", "a.mp4"), codeOf(TaskErrorCode.TaskNotEmpty));
    assert.deepEqual(withFrames.log, []);
  });

  it("maps limits and selections to their codes, releasing the file", async () => {
    const big = setup({ limits: { maxBytes: 100, maxFrames: 10, maxPixels: 7, timeoutMs: 1000 } });
    await assert.rejects(big.service.importVideo("tenant", "t", "a.mp4"), codeOf(TaskErrorCode.VideoTooLarge));
    assert.deepEqual(big.log, ["release file"]);
    const many = setup({ limits: { maxBytes: 100, maxFrames: 9, maxPixels: 8, timeoutMs: 1000 } });
    await assert.rejects(many.service.importVideo("tenant", "t", "a.mp4"), codeOf(TaskErrorCode.VideoTooLarge));
    await assert.doesNotReject(many.service.importVideo("tenant", "t", "a.mp4", { frameStep: 2 }));
    const bytes = setup({ importFile: (p) => Promise.resolve({ name: p, path: p, sizeBytes: 101, release: () => Promise.resolve() }) });
    await assert.rejects(bytes.service.importVideo("tenant", "t", "a.mp4"), codeOf(TaskErrorCode.VideoTooLarge));
    await assert.rejects(setup().service.importVideo("tenant", "t", "a.mp4", { startFrame: 10 }), codeOf(ErrorCode.BadUserInput));
  });

  it("on a failure half-way releases the claims and collects their objects; nothing is appended", async () => {
    const { service, log, released } = setup({}, [frame(0), new VideoDecodeError("truncated", "ended early")]);
    await assert.rejects(service.importVideo("tenant", "t", "a.mp4"), codeOf(TaskErrorCode.InvalidVideo));
    assert.equal(released(), true);
    assert.ok(log.includes("collect claimed"));
    assert.equal(log.filter((l) => l.startsWith("append")).length, 0);
    assert.equal(log.at(-1), "release file");
  });
});

describe("videoError", () => {
  it("maps libs/video's failures to the API's codes", () => {
    const file = { name: "a.mp4", path: "/srv/import/a.mp4" };
    const code = (err: unknown) => (videoError(file, err) as AppError).code;
    assert.equal(code(new VideoProbeError("not-a-video", "x")), TaskErrorCode.InvalidVideo);
    assert.equal(code(new VideoProbeError("no-video-stream", "x")), TaskErrorCode.InvalidVideo);
    assert.equal(code(new VideoProbeError("corrupt", "x")), TaskErrorCode.InvalidVideo);
    assert.equal(code(new VideoProbeError("unsupported-codec", "x")), TaskErrorCode.UnsupportedCodec);
    assert.equal(code(new VideoProbeError("timeout", "x")), TaskErrorCode.VideoTooLarge);
    assert.equal(code(new VideoDecodeError("truncated", "x")), TaskErrorCode.InvalidVideo);
    assert.equal(code(new VideoDecodeError("timeout", "x")), TaskErrorCode.VideoTooLarge);
    const other = new Error("boom");
    assert.equal(videoError(file, other), other);
    const named = videoError(file, new VideoProbeError("not-a-video", "x", "/srv/import/a.mp4: Invalid data")) as AppError;
    assert.equal(named.message, '"a.mp4": x: a.mp4: Invalid data');
  });
});
