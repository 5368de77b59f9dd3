import { randomUUID } from "node:crypto";
import { objectNameOf } from "../domain/frame-object.js";
import type { FileSource, ImageProbe } from "../domain/frame-source.js";
import type { Frame, NewFrame, Task } from "../domain/task.js";
import { TaskErrors } from "../domain/task.errors.js";
import type { FrameObjectRepository } from "../persistence/frame-object.repository.js";
import type { FrameStore } from "../persistence/frame.store.js";
import type { TaskRepository } from "../persistence/task.repository.js";
import type { FrameObjectCollector } from "./frame-object-collector.service.js";

export interface TaskImportDeps {
  tasks: Pick<TaskRepository, "findById" | "appendFrames">;
  frameObjects: Pick<FrameObjectRepository, "claim" | "releaseClaims">;
  frameStore: Pick<FrameStore, "put" | "has">;
  collector: Pick<FrameObjectCollector, "collect">;
  /** The image files of a server directory below IMPORT_ROOT, by name (INVALID_PATH when it is not one). */
  listImportDirectory: (serverPath: string) => Promise<FileSource[]>;
  probeImage: ImageProbe;
  /** Bytes one frame may take (PAYLOAD_TOO_LARGE past it). */
  maxFrameBytes: number;
  /** Pixels past which a frame is stored without a size (never decoded). */
  maxFramePixels: number;
  /**
   * Told of the frames once their rows are committed (FrameImageService's eager thumbnails); must return at once and
   * never throw: the response does not wait for what it starts.
   */
  onFramesAdded?: (frames: Frame[]) => void;
  /** A video task (frames cannot be added to it: VIDEO_TASK), checked before any file is read and again at commit. */
  isVideoTask?: (tenantId: string, taskId: string) => Promise<boolean>;
  /** Wraps each append (FrameImageService.whileAdding: the eager thumbnails wait while frames are being added). */
  whileAdding?: <T>(append: () => Promise<T>) => Promise<T>;
}

/**
 * Appends frames to a task, from uploaded files or from a server directory, in the order given. Each file is read,
 * probed and stored one at a time, so memory holds a single frame; the rows go in together, or none do.
 */
export class TaskImportService {
  constructor(private readonly deps: TaskImportDeps) {}

  async addFrames(tenantId: string, taskId: string, files: readonly FileSource[]): Promise<Task> {
    await this.requireTask(tenantId, taskId);
    if (!files.length) throw TaskErrors.noFiles();
    return this.appending(() => this.append(tenantId, taskId, files));
  }

  async importFrames(tenantId: string, taskId: string, serverPath: string): Promise<Task> {
    await this.requireTask(tenantId, taskId);
    return this.appending(async () => this.append(tenantId, taskId, await this.deps.listImportDirectory(serverPath)));
  }

  private appending<T>(append: () => Promise<T>): Promise<T> {
    return this.deps.whileAdding ? this.deps.whileAdding(append) : append();
  }

  /** Another tenant's task is NOT_FOUND, as an unknown id (never FORBIDDEN). */
  private async requireTask(tenantId: string, taskId: string): Promise<void> {
    if (!(await this.deps.tasks.findById(tenantId, taskId))) throw TaskErrors.taskNotFound(taskId);
    if (await this.deps.isVideoTask?.(tenantId, taskId)) throw TaskErrors.videoTask(taskId);
  }

  /**
   * Each object is claimed, then its bytes stored; the rows follow in one transaction that swaps
   * the claims for them. On failure the claims go and bytes nobody else uses are collected.
   */
  private async append(tenantId: string, taskId: string, files: readonly FileSource[]): Promise<Task> {
    const { frameObjects, frameStore } = this.deps;
    const ingestId = randomUUID();
    try {
      const frames = await this.store(files, (name) => frameObjects.claim(ingestId, name));
      const task = await this.deps.tasks.appendFrames(tenantId, taskId, frames, {
        ingestId,
        missingObjects: async (names) => {
          const missing: string[] = [];
          for (const name of names) if (!(await frameStore.has(name))) missing.push(name);
          return missing;
        },
      });
      if (!task) throw TaskErrors.taskNotFound(taskId);
      // The new rows are the task's last `frames.length` indexes (appended under the task's lock).
      const first = task.size - frames.length;
      this.deps.onFramesAdded?.(frames.map((f, i) => ({ ...f, taskId, index: first + i })));
      return task;
    } catch (err) {
      const claimed = await frameObjects.releaseClaims(ingestId).catch(() => []);
      await this.deps.collector.collect(claimed);
      throw err;
    }
  }

  /**
   * Stores each file's bytes (content addressed) and describes it as a frame. `claim` runs before each put: once it
   * returns, the collector leaves that object alone until the claim is swapped for a row.
   */
  private async store(files: readonly FileSource[], claim: (objectName: string) => Promise<void>): Promise<NewFrame[]> {
    const { maxFrameBytes, maxFramePixels } = this.deps;
    const frames: NewFrame[] = [];
    for (const source of files) {
      const { name, bytes } = await source(maxFrameBytes);
      if (bytes.byteLength > maxFrameBytes) throw TaskErrors.payloadTooLarge(name, maxFrameBytes);
      const size = await this.deps.probeImage(bytes, maxFramePixels);
      await claim(objectNameOf(bytes));
      // After the claim: if a collector removed these bytes just before it, put finds them missing and stores them again.
      const objectName = await this.deps.frameStore.put(bytes);
      frames.push({ name, objectName, width: size?.width ?? null, height: size?.height ?? null, sizeBytes: bytes.byteLength });
    }
    return frames;
  }
}
