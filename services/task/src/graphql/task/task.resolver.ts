import { randomUUID } from "node:crypto";
import type { FileUpload } from "graphql-upload-minimal";
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { validateLabelSchema, validateTaskName, type LabelSchemaLimits } from "../../domain/label-schema.js";
import { decodeCursor, encodeCursor, pageSize } from "../../domain/pagination.js";
import { TaskErrors } from "../../domain/task.errors.js";
import type { AnnotationRepository } from "../../persistence/annotation.repository.js";
import type { TaskEntity } from "../../persistence/entities/task.entity.js";
import type { FrameObjectRepository } from "../../persistence/frame-object.repository.js";
import type { TaskRepository } from "../../persistence/task.repository.js";
import type { TaskDeletedAnnouncer } from "../../messaging/publishers/task-events.publisher.js";
import type { FrameObjectCollector } from "../../storage/frame-object.collector.js";
import { ingestFiles, isTooLarge, listImportDirectory, readStream, safeFileName, type FileSource } from "../../storage/frame-ingest.js";
import type { FrameStore } from "../../storage/frame-store.js";
import { toAnnotationRoot } from "../annotation/annotation.mapper.js";
import { AnnotationConnection } from "../annotation/annotation.type.js";
import { callerTenant } from "@prelabel/service-kit";
import { loadersFor, type TaskContext } from "../common/context.js";
import { pageInfo } from "../common/page-info.type.js";
import { FrameConnection } from "../frame/frame.type.js";
import { LabelType } from "../label/label.type.js";
import { PageArgs } from "../common/page.args.js";
import { AddFramesArgs, AnnotationPageArgs, CreateTaskInput, ImportFramesArgs } from "./task.input.js";
import { TaskConnection, TaskType, type TaskRoot } from "./task.type.js";

export interface TaskResolverDeps {
  tasks: TaskRepository;
  annotations: AnnotationRepository;
  frameStore: FrameStore;
  frameObjects: FrameObjectRepository;
  collector: FrameObjectCollector;
  /** Directory importFrames may read below; unset disables importFrames. */
  importRoot?: string;
  maxUploadBytes: number;
  maxFramePixels: number;
  labelSchemaLimits: LabelSchemaLimits;
  announceTaskDeleted: TaskDeletedAnnouncer;
}

export function toTaskRoot(row: TaskEntity): TaskRoot {
  return { id: row.id, name: row.name, size: row.size, createdAt: row.createdAt };
}

@Resolver(() => TaskType)
export class TaskResolver {
  constructor(private readonly deps: TaskResolverDeps) {}

  @Query(() => TaskType, { nullable: true, description: "Null when no task has this id." })
  async task(@Arg("id", () => ID) id: string, @Ctx() context: TaskContext): Promise<TaskRoot | null> {
    // Another tenant's task is null, as an unknown id.
    const row = await this.deps.tasks.findById(callerTenant(context), id);
    return row ? toTaskRoot(row) : null;
  }

  @Query(() => TaskConnection, { description: "Newest first." })
  async tasks(@Args(() => PageArgs) { first, after }: PageArgs, @Ctx() context: TaskContext): Promise<TaskConnection> {
    const tenantId = callerTenant(context);
    const size = pageSize(first);
    const position = after != null ? decodeCursor("task", after) : null;
    const page = await this.deps.tasks.page(tenantId, size, position);
    const edges = page.rows.map((row) => ({ node: toTaskRoot(row), cursor: encodeCursor("task", { createdAt: row.createdAt.getTime(), id: row.id }) }));
    return new TaskConnection(edges, pageInfo(edges.map((e) => e.cursor), page.hasNextPage, after), () => this.deps.tasks.count(tenantId));
  }

  @FieldResolver(() => [LabelType])
  labels(@Root() task: TaskRoot, @Ctx() context: TaskContext): Promise<LabelType[]> {
    return loadersFor(context, this.deps).labelTree.load(task.id);
  }

  @FieldResolver(() => FrameConnection)
  async frames(@Root() task: TaskRoot, @Args(() => PageArgs) { first, after }: PageArgs, @Ctx() context: TaskContext): Promise<FrameConnection> {
    const size = pageSize(first);
    const position = after != null ? decodeCursor("frame", after) : null;
    const page = await this.deps.tasks.framesPage(callerTenant(context), task.id, size, position);
    const edges = page.rows.map((f) => ({
      node: { index: f.index, name: f.name, width: f.width, height: f.height, sizeBytes: f.sizeBytes },
      cursor: encodeCursor("frame", { index: f.index }),
    }));
    return { edges, pageInfo: pageInfo(edges.map((e) => e.cursor), page.hasNextPage, after), totalCount: task.size };
  }

  @FieldResolver(() => AnnotationConnection, { description: "Top-level annotations by frame, then insertion order; skeleton points are in `elements`." })
  async annotations(
    @Root() task: TaskRoot,
    @Args(() => AnnotationPageArgs) { frame, first, after }: AnnotationPageArgs,
    @Ctx() context: TaskContext,
  ): Promise<AnnotationConnection> {
    const tenantId = callerTenant(context);
    const size = pageSize(first);
    const position = after != null ? decodeCursor("annotation", after) : null;
    const onFrame = frame ?? null;
    const page = await this.deps.annotations.page(tenantId, task.id, onFrame, size, position);
    const edges = page.rows.map((a) => ({ node: toAnnotationRoot(a), cursor: encodeCursor("annotation", { frame: a.frame, seq: a.seq }) }));
    return new AnnotationConnection(edges, pageInfo(edges.map((e) => e.cursor), page.hasNextPage, after), () =>
      this.deps.annotations.count(tenantId, task.id, onFrame),
    );
  }

  @Mutation(() => TaskType)
  async createTask(@Arg("input", () => CreateTaskInput) input: CreateTaskInput, @Ctx() context: TaskContext): Promise<TaskRoot> {
    const tenantId = callerTenant(context);
    const name = validateTaskName(input.name);
    const labels = validateLabelSchema(
      input.labels.map(function toDraft(l): Parameters<typeof validateLabelSchema>[0][number] {
        return {
          name: l.name,
          type: l.type,
          attributes: (l.attributes ?? []).map((a) => ({ name: a.name, inputType: a.inputType, values: a.values ?? [], defaultValue: a.defaultValue ?? null })),
          sublabels: (l.sublabels ?? []).map(toDraft),
        };
      }),
      this.deps.labelSchemaLimits,
    );
    return toTaskRoot(await this.deps.tasks.create(tenantId, name, labels));
  }

  @Mutation(() => TaskType, { description: "Appends the files as frames (multipart upload), in the order given." })
  async addFrames(@Args(() => AddFramesArgs) { taskId, files }: AddFramesArgs, @Ctx() context: TaskContext): Promise<TaskRoot> {
    try {
      const tenantId = callerTenant(context);
      // Another tenant's task is NOT_FOUND, as an unknown id (never FORBIDDEN).
      if (!(await this.deps.tasks.findById(tenantId, taskId))) throw TaskErrors.taskNotFound(taskId);
      if (!files.length) throw TaskErrors.noFiles();
      const sources: FileSource[] = files.map((upload, i) => async (maxBytes) => {
        let file: FileUpload;
        let stream;
        let name = `frame-${i}`;
        try {
          file = await upload;
          name = safeFileName(file.filename, name);
          stream = file.createReadStream();
        } catch (err) {
          if (isTooLarge(err)) throw TaskErrors.payloadTooLarge(name, maxBytes);
          throw err;
        }
        return { name, bytes: await readStream(stream, name, maxBytes) };
      });
      return await this.append(tenantId, taskId, sources);
    } finally {
      discardUnread(files);
    }
  }

  @Mutation(() => TaskType, { description: "Appends the image files of a server directory below IMPORT_ROOT as frames, sorted by name." })
  async importFrames(@Args(() => ImportFramesArgs) { taskId, serverPath }: ImportFramesArgs, @Ctx() context: TaskContext): Promise<TaskRoot> {
    const tenantId = callerTenant(context);
    if (!(await this.deps.tasks.findById(tenantId, taskId))) throw TaskErrors.taskNotFound(taskId);
    const sources = await listImportDirectory(this.deps.importRoot, serverPath);
    return this.append(tenantId, taskId, sources);
  }

  @Mutation(() => Boolean, {
    description: "Deletes the task with its labels, frames and annotations. Its auto-annotation jobs stay readable; their `task` becomes null.",
  })
  async deleteTask(@Arg("id", () => ID) id: string, @Ctx() context: TaskContext): Promise<boolean> {
    const tenantId = callerTenant(context);
    const objectNames = await this.deps.tasks.delete(tenantId, id, () => this.deps.announceTaskDeleted(tenantId, id));
    if (!objectNames) throw TaskErrors.taskNotFound(id);
    // After the rows are gone: bytes no other task (of any tenant: bytes are shared by content) uses go too
    // (a failure leaves an orphan for the sweep).
    await this.deps.collector.collect(objectNames);
    return true;
  }

  /**
   * Each object is claimed, then its bytes stored; the rows follow in one transaction that swaps
   * the claims for them. On failure the claims go and bytes nobody else uses are collected.
   */
  private async append(tenantId: string, taskId: string, sources: FileSource[]): Promise<TaskRoot> {
    const { frameObjects, frameStore } = this.deps;
    const ingestId = randomUUID();
    try {
      const frames = await ingestFiles(sources, frameStore, { maxBytes: this.deps.maxUploadBytes, maxPixels: this.deps.maxFramePixels }, (name) =>
        frameObjects.claim(ingestId, name),
      );
      const task = await this.deps.tasks.appendFrames(tenantId, taskId, frames, {
        ingestId,
        missingObjects: async (names) => {
          const missing: string[] = [];
          for (const name of names) if (!(await frameStore.has(name))) missing.push(name);
          return missing;
        },
      });
      if (!task) throw TaskErrors.taskNotFound(taskId);
      return toTaskRoot(task);
    } catch (err) {
      const claimed = await frameObjects.releaseClaims(ingestId).catch(() => []);
      await this.deps.collector.collect(claimed);
      throw err;
    }
  }
}

/** Uploads the mutation did not read (after an error) are drained so the request can finish. */
function discardUnread(files: Promise<FileUpload>[]): void {
  for (const upload of files) {
    void Promise.resolve(upload)
      .then((file) => {
        try {
          file.createReadStream().resume();
        } catch {
          // Already read, or failed at the parser: nothing to drain.
        }
      })
      .catch(() => undefined);
  }
}
