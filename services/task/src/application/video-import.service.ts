import { randomUUID } from "node:crypto";
import {
  FrameSelectionError,
  planFrames,
  VideoDecodeError,
  VideoProbeError,
  type DecodedFrame,
  type FramePlan,
  type FrameSelection,
  type VideoProbe,
} from "@prelabel/video";
import { objectNameOf } from "../domain/frame-object.js";
import type { Frame, NewFrame, Task } from "../domain/task.js";
import { TaskErrors } from "../domain/task.errors.js";
import { videoFrameName, type TaskVideo, type VideoFile, type VideoSource } from "../domain/task-video.js";
import type { FrameObjectRepository } from "../persistence/frame-object.repository.js";
import type { FrameStore } from "../persistence/frame.store.js";
import type { TaskRepository } from "../persistence/task.repository.js";
import type { FrameObjectCollector } from "./frame-object-collector.service.js";

/** What a video may be (VIDEO_TOO_LARGE past any). */
export interface VideoLimits {
  /** Bytes of the file (VIDEO_MAX_BYTES). */
  maxBytes: number;
  /** Frames a video task may get: the selected frames, not the source's (VIDEO_MAX_FRAMES). */
  maxFrames: number;
  /** Coded width × height (VIDEO_MAX_PIXELS). */
  maxPixels: number;
  /** Wall time of ffprobe, and then of ffmpeg's decoding (VIDEO_DECODE_TIMEOUT_MS). */
  timeoutMs: number;
}

/** The ffmpeg adapter (libs/video) as the import uses it. */
export interface VideoDecoder {
  probe(file: string, timeoutMs: number): Promise<VideoProbe>;
  decode(file: string, probe: VideoProbe, plan: FramePlan, timeoutMs: number): AsyncIterable<DecodedFrame>;
}

/** How imports went, for the decode metrics. */
export interface VideoImportObserver {
  decoded(outcome: "stored" | "failed", seconds: number, frames: number): void;
}

export interface VideoImportDeps {
  tasks: Pick<TaskRepository, "findById" | "isVideoTask" | "appendVideoFrames">;
  frameObjects: Pick<FrameObjectRepository, "claim" | "releaseClaims">;
  frameStore: Pick<FrameStore, "put" | "has">;
  collector: Pick<FrameObjectCollector, "collect">;
  /** A video file below IMPORT_ROOT (INVALID_PATH when it is not one). */
  importFile: (serverPath: string) => Promise<VideoFile>;
  decoder: VideoDecoder;
  limits: VideoLimits;
  observer?: VideoImportObserver;
  /** As TaskImportDeps: told of the frames once committed; never throws. */
  onFramesAdded?: (frames: Frame[]) => void;
  whileAdding?: <T>(append: () => Promise<T>) => Promise<T>;
}

/**
 * Makes an empty task a video task: the video is probed, its selected frames decoded by ffmpeg one at a time, each
 * stored as a JPEG object in the frames bucket (content addressed and claimed first, as image frames), and the rows
 * go in with the video's row in one transaction. Any failure (a bad file, a limit, ffmpeg dying half-way) releases
 * the claims and collects the objects nobody else uses: the task is left as it was.
 */
export class VideoImportService {
  constructor(private readonly deps: VideoImportDeps) {}

  async addVideo(tenantId: string, taskId: string, source: VideoSource, selection: FrameSelection = {}): Promise<Task> {
    await this.requireEmptyTask(tenantId, taskId);
    return this.appending(async () => this.importFile(tenantId, taskId, await source(this.deps.limits.maxBytes), selection));
  }

  async importVideo(tenantId: string, taskId: string, serverPath: string, selection: FrameSelection = {}): Promise<Task> {
    await this.requireEmptyTask(tenantId, taskId);
    const file = await this.deps.importFile(serverPath);
    if (file.sizeBytes > this.deps.limits.maxBytes) {
      await file.release();
      throw TaskErrors.videoTooLarge(`"${file.name}" exceeds the ${this.deps.limits.maxBytes} byte limit per video`, {
        maxBytes: this.deps.limits.maxBytes,
      });
    }
    return this.appending(() => this.importFile(tenantId, taskId, file, selection));
  }

  private appending<T>(append: () => Promise<T>): Promise<T> {
    return this.deps.whileAdding ? this.deps.whileAdding(append) : append();
  }

  /** NOT_FOUND for an unknown (or another tenant's) task; TASK_NOT_EMPTY for one with frames. Checked again at commit. */
  private async requireEmptyTask(tenantId: string, taskId: string): Promise<void> {
    const task = await this.deps.tasks.findById(tenantId, taskId);
    if (!task) throw TaskErrors.taskNotFound(taskId);
    if (task.size > 0 || (await this.deps.tasks.isVideoTask(tenantId, taskId))) throw TaskErrors.taskNotEmpty(taskId);
  }

  private async importFile(tenantId: string, taskId: string, file: VideoFile, selection: FrameSelection): Promise<Task> {
    try {
      const probe = await this.probe(file);
      const plan = this.plan(probe, selection);
      return await this.store(tenantId, taskId, file, probe, plan);
    } finally {
      await file.release();
    }
  }

  private async probe(file: VideoFile): Promise<VideoProbe> {
    const { maxPixels, timeoutMs } = this.deps.limits;
    let probe: VideoProbe;
    try {
      probe = await this.deps.decoder.probe(file.path, timeoutMs);
    } catch (err) {
      throw videoError(file, err);
    }
    if (probe.width * probe.height > maxPixels) {
      throw TaskErrors.videoTooLarge(
        `"${file.name}" is ${probe.width}×${probe.height}: more than the ${maxPixels} pixels a video frame may have`,
        {
          maxPixels,
        },
      );
    }
    return probe;
  }

  private plan(probe: VideoProbe, selection: FrameSelection): FramePlan {
    let plan: FramePlan;
    try {
      plan = planFrames(probe.frameCount, selection);
    } catch (err) {
      if (err instanceof FrameSelectionError) throw TaskErrors.badVideoOptions(err.message);
      throw err;
    }
    const { maxFrames } = this.deps.limits;
    if (plan.count > maxFrames) {
      throw TaskErrors.videoTooLarge(
        `The selection takes ${plan.count} frames; a video task may have at most ${maxFrames} (use frameStep or stopFrame)`,
        {
          maxFrames,
        },
      );
    }
    return plan;
  }

  /** Decodes and stores frame by frame (claim, then put), then commits the rows; on any failure, nothing stays. */
  private async store(tenantId: string, taskId: string, file: VideoFile, probe: VideoProbe, plan: FramePlan): Promise<Task> {
    const { frameObjects, frameStore } = this.deps;
    const ingestId = randomUUID();
    const started = performance.now();
    const frames: NewFrame[] = [];
    try {
      let size = { width: probe.width, height: probe.height };
      try {
        for await (const frame of this.deps.decoder.decode(file.path, probe, plan, this.deps.limits.timeoutMs)) {
          const objectName = objectNameOf(frame.jpeg);
          await frameObjects.claim(ingestId, objectName);
          await frameStore.put(frame.jpeg);
          size = { width: frame.width, height: frame.height };
          frames.push({
            name: videoFrameName(frame.sourceFrame),
            objectName,
            width: frame.width,
            height: frame.height,
            sizeBytes: frame.jpeg.byteLength,
            timestampSeconds: frame.timestampSeconds,
          });
        }
      } catch (err) {
        throw videoError(file, err);
      }
      const video: TaskVideo = {
        fileName: file.name,
        container: probe.container,
        codec: probe.codec,
        ...size,
        fps: probe.fps,
        durationSeconds: probe.durationSeconds,
        rotation: probe.rotation,
        sourceFrameCount: probe.frameCount,
        startFrame: plan.startFrame,
        stopFrame: plan.stopFrame,
        frameStep: plan.frameStep,
      };
      const task = await this.deps.tasks.appendVideoFrames(tenantId, taskId, video, frames, {
        ingestId,
        missingObjects: async (names) => {
          const missing: string[] = [];
          for (const name of names) if (!(await frameStore.has(name))) missing.push(name);
          return missing;
        },
      });
      if (!task) throw TaskErrors.taskNotFound(taskId);
      this.deps.observer?.decoded("stored", (performance.now() - started) / 1000, frames.length);
      this.deps.onFramesAdded?.(frames.map((f, index) => ({ ...f, taskId, index })));
      return task;
    } catch (err) {
      this.deps.observer?.decoded("failed", (performance.now() - started) / 1000, frames.length);
      const claimed = await frameObjects.releaseClaims(ingestId).catch(() => []);
      await this.deps.collector.collect(claimed);
      throw err;
    }
  }
}

/** libs/video's failures as the API's codes (the server's path of the file replaced by its name): a bad file INVALID_VIDEO, a codec UNSUPPORTED_CODEC, a time limit VIDEO_TOO_LARGE. */
export function videoError(file: Pick<VideoFile, "name" | "path">, err: unknown): unknown {
  if (err instanceof VideoProbeError || err instanceof VideoDecodeError) {
    // ffmpeg's lines name the file by its path on the server (a temporary file, or below IMPORT_ROOT): not the client's.
    const message = `"${file.name}": ${err.message.split(file.path).join(file.name)}`;
    if (err.kind === "unsupported-codec") return TaskErrors.unsupportedCodec(message);
    if (err.kind === "timeout") return TaskErrors.videoTooLarge(`${message} (VIDEO_DECODE_TIMEOUT_MS)`, {});
    return TaskErrors.invalidVideo(message);
  }
  return err;
}
