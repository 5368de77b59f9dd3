import { callerTenant } from "@prelabel/service-kit";
import { Args, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { TaskVideo } from "../../domain/task-video.js";
import { BatchLoader } from "../common/batch-loader.js";
import type { TaskContext } from "../common/context.js";
import type { TaskUseCases } from "../task/task.resolver.js";
import { toTaskRoot } from "../task/task.mapper.js";
import { TaskType, type TaskRoot } from "../task/task.type.js";
import { discardUnreadVideo, uploadedVideoSource } from "./video-upload.mapper.js";
import { AddVideoArgs, ImportVideoArgs, VideoInfoType, type VideoImportOptionsInput } from "./video.type.js";

const loaders = new WeakMap<object, BatchLoader<string, TaskVideo | null>>();

/** Video tasks: addVideo, importVideo and Task.video. */
@Resolver(() => TaskType)
export class VideoResolver {
  constructor(private readonly useCases: Pick<TaskUseCases, "videos" | "queries">) {}

  @FieldResolver(() => VideoInfoType, { nullable: true, description: "The source video of a video task; null for an image task." })
  video(@Root() task: TaskRoot, @Ctx() context: TaskContext): Promise<TaskVideo | null> {
    return this.loaderFor(context).load(task.id);
  }

  @Mutation(() => TaskType, {
    description:
      "Makes a task without frames a video task (multipart upload): the selected frames are decoded in order and become its frames 0..n-1 (JPEG).",
  })
  async addVideo(@Args(() => AddVideoArgs) { taskId, file, options }: AddVideoArgs, @Ctx() context: TaskContext): Promise<TaskRoot> {
    try {
      return toTaskRoot(await this.useCases.videos.addVideo(callerTenant(context), taskId, uploadedVideoSource(file), selection(options)));
    } finally {
      discardUnreadVideo(file);
    }
  }

  @Mutation(() => TaskType, { description: "As addVideo, from a video file below the server's IMPORT_ROOT." })
  async importVideo(
    @Args(() => ImportVideoArgs) { taskId, serverPath, options }: ImportVideoArgs,
    @Ctx() context: TaskContext,
  ): Promise<TaskRoot> {
    return toTaskRoot(await this.useCases.videos.importVideo(callerTenant(context), taskId, serverPath, selection(options)));
  }

  /** One loader per operation, scoped to the caller's tenant. */
  private loaderFor(context: TaskContext): BatchLoader<string, TaskVideo | null> {
    const tenantId = callerTenant(context);
    let loader = loaders.get(context!);
    if (!loader) {
      loader = new BatchLoader<string, TaskVideo | null>(
        (ids) => this.useCases.queries.videos(tenantId, ids),
        () => null,
      );
      loaders.set(context!, loader);
    }
    return loader;
  }
}

function selection(options: VideoImportOptionsInput | null | undefined) {
  return { frameStep: options?.frameStep ?? 1, startFrame: options?.startFrame ?? 0, stopFrame: options?.stopFrame ?? null };
}
