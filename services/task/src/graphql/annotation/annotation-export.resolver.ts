import { callerTenant } from "@prelabel/service-kit";
import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { AnnotationExportService } from "../../application/annotation-export.service.js";
import type { TaskContext } from "../common/context.js";
import { AnnotationExportType, ExportAnnotationsArgs } from "./annotation-export.type.js";

@Resolver()
export class AnnotationExportResolver {
  constructor(private readonly exports: AnnotationExportService) {}

  @Mutation(() => AnnotationExportType, {
    description:
      "A short-lived download link for the task's annotations in a format (a zip with frames or for YOLO). NOT_FOUND for another tenant's task.",
  })
  exportAnnotations(
    @Args(() => ExportAnnotationsArgs) args: ExportAnnotationsArgs,
    @Ctx() context: TaskContext,
  ): Promise<AnnotationExportType> {
    const filter = { source: args.filter?.source ?? null, minScore: args.filter?.minScore ?? null, jobId: args.filter?.jobId ?? null };
    return this.exports.createLink(callerTenant(context), args.taskId, args.format, filter, args.includeFrames);
  }
}
