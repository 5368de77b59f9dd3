import { callerTenant } from "@prelabel/service-kit";
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AnnotationExportService } from "../../application/annotation-export.service.js";
import type { AnnotationImportService } from "../../application/annotation-import.service.js";
import type { AnnotationEditService } from "../../application/annotation-edit.service.js";
import type { FrameImageService } from "../../application/frame-image.service.js";
import type { TaskCreationService } from "../../application/task-creation.service.js";
import type { TaskDeletionService } from "../../application/task-deletion.service.js";
import type { TaskImportService } from "../../application/task-import.service.js";
import type { TaskQueryService } from "../../application/task-query.service.js";
import type { ReviewService } from "../../application/review.service.js";
import type { VideoImportService } from "../../application/video-import.service.js";
import { toAnnotationRoot } from "../annotation/annotation.mapper.js";
import { AnnotationConnection } from "../annotation/annotation.type.js";
import { loadersFor, type TaskContext } from "../common/context.js";
import { PageArgs } from "../common/page.args.js";
import { discardUnread, uploadedFrameSources } from "../frame/frame-upload.mapper.js";
import { FrameConnection, FrameType, type FrameRoot } from "../frame/frame.type.js";
import { LabelType } from "../label/label.type.js";
import { AddFramesArgs, AnnotationPageArgs, CreateTaskInput, ImportFramesArgs } from "./task.input.js";
import { toLabelDraft, toTaskRoot } from "./task.mapper.js";
import { TaskConnection, TaskType, type TaskRoot } from "./task.type.js";
import { toTrackRoot } from "../track/track.mapper.js";
import { TrackConnection, TrackPageArgs } from "../track/track.type.js";

/** The use cases the task resolvers call (application/). */
export interface TaskUseCases {
  queries: TaskQueryService;
  creation: TaskCreationService;
  imports: TaskImportService;
  deletion: TaskDeletionService;
  videos: VideoImportService;
  frameImages: FrameImageService;
  /** importAnnotations. */
  annotationImports: AnnotationImportService;
  /** saveAnnotations. */
  edits: AnnotationEditService;
  /** Frame.image renders one operation may ask for. */
  frameImagesPerOperation: number;
  /** Bytes all of one addFrames request's files may take together (MAX_UPLOAD_REQUEST_BYTES; default no limit). */
  frameUploadRequestBytes?: number;
  exports: AnnotationExportService;
  /** Task.reviewQueue and resolveReview. */
  reviews: ReviewService;
}

@Resolver(() => TaskType)
export class TaskResolver {
  constructor(private readonly useCases: TaskUseCases) {}

  @Query(() => TaskType, { nullable: true, description: "Null when no task has this id." })
  async task(@Arg("id", () => ID) id: string, @Ctx() context: TaskContext): Promise<TaskRoot | null> {
    // Another tenant's task is null, as an unknown id.
    const task = await this.useCases.queries.find(callerTenant(context), id);
    return task ? toTaskRoot(task) : null;
  }

  @Query(() => TaskConnection, { description: "Newest first." })
  async tasks(@Args(() => PageArgs) page: PageArgs, @Ctx() context: TaskContext): Promise<TaskConnection> {
    const tenantId = callerTenant(context);
    const tasks = await this.useCases.queries.tasksPage(tenantId, page);
    return TaskConnection.of(tasks, toTaskRoot, page.after, () => this.useCases.queries.countTasks(tenantId));
  }

  @FieldResolver(() => [LabelType])
  labels(@Root() task: TaskRoot, @Ctx() context: TaskContext): Promise<LabelType[]> {
    return loadersFor(context, this.useCases.queries).labelTree.load(task.id);
  }

  @FieldResolver(() => FrameConnection)
  async frames(@Root() task: TaskRoot, @Args(() => PageArgs) page: PageArgs, @Ctx() context: TaskContext): Promise<FrameConnection> {
    const frames = await this.useCases.queries.framesPage(callerTenant(context), task.id, page);
    return FrameConnection.of(
      frames,
      (frame) => frame,
      page.after,
      () => Promise.resolve(task.size),
    );
  }

  @FieldResolver(() => FrameType, { nullable: true, description: "One frame by index; null when there is none at that index." })
  frame(@Root() task: TaskRoot, @Arg("index", () => Int) index: number, @Ctx() context: TaskContext): Promise<FrameRoot | null> {
    return this.useCases.queries.frame(callerTenant(context), task.id, index);
  }

  @FieldResolver(() => AnnotationConnection, {
    description: "Top-level annotations by frame, then insertion order; skeleton points are in `elements`.",
  })
  async annotations(
    @Root() task: TaskRoot,
    @Args(() => AnnotationPageArgs) { frame, ...page }: AnnotationPageArgs,
    @Ctx() context: TaskContext,
  ): Promise<AnnotationConnection> {
    const tenantId = callerTenant(context);
    const onFrame = frame ?? null;
    const annotations = await this.useCases.queries.annotationsPage(tenantId, task.id, onFrame, page);
    return AnnotationConnection.of(annotations, toAnnotationRoot, page.after, () =>
      this.useCases.queries.countAnnotations(tenantId, task.id, onFrame),
    );
  }

  @FieldResolver(() => TrackConnection, {
    description:
      "Tracks (objects followed across frames, written by auto-annotation jobs with tracking) by first frame, then insertion order; with `frame`, only those visible at that frame.",
  })
  async tracks(
    @Root() task: TaskRoot,
    @Args(() => TrackPageArgs) { frame, ...page }: TrackPageArgs,
    @Ctx() context: TaskContext,
  ): Promise<TrackConnection> {
    const tenantId = callerTenant(context);
    const atFrame = frame ?? null;
    const tracks = await this.useCases.queries.tracksPage(tenantId, task.id, atFrame, page);
    return TrackConnection.of(tracks, toTrackRoot, page.after, () => this.useCases.queries.countTracks(tenantId, task.id, atFrame));
  }

  @Mutation(() => TaskType)
  async createTask(@Arg("input", () => CreateTaskInput) input: CreateTaskInput, @Ctx() context: TaskContext): Promise<TaskRoot> {
    return toTaskRoot(await this.useCases.creation.create(callerTenant(context), input.name, input.labels.map(toLabelDraft)));
  }

  @Mutation(() => TaskType, { description: "Appends the files as frames (multipart upload), in the order given." })
  async addFrames(@Args(() => AddFramesArgs) { taskId, files }: AddFramesArgs, @Ctx() context: TaskContext): Promise<TaskRoot> {
    try {
      return toTaskRoot(
        await this.useCases.imports.addFrames(
          callerTenant(context),
          taskId,
          uploadedFrameSources(files, this.useCases.frameUploadRequestBytes),
        ),
      );
    } finally {
      discardUnread(files);
    }
  }

  @Mutation(() => TaskType, { description: "Appends the image files of a server directory below IMPORT_ROOT as frames, sorted by name." })
  async importFrames(
    @Args(() => ImportFramesArgs) { taskId, serverPath }: ImportFramesArgs,
    @Ctx() context: TaskContext,
  ): Promise<TaskRoot> {
    return toTaskRoot(await this.useCases.imports.importFrames(callerTenant(context), taskId, serverPath));
  }

  @Mutation(() => Boolean, {
    description:
      "Deletes the task with its labels, frames and annotations. Its auto-annotation jobs stay readable; their `task` becomes null.",
  })
  async deleteTask(@Arg("id", () => ID) id: string, @Ctx() context: TaskContext): Promise<boolean> {
    await this.useCases.deletion.delete(callerTenant(context), id);
    return true;
  }
}
