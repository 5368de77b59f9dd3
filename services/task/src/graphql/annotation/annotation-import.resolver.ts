import { callerTenant } from "@prelabel/service-kit";
import { Args, Ctx, Mutation, Resolver } from "type-graphql";
import type { AnnotationImportService } from "../../application/annotation-import.service.js";
import type { TaskContext } from "../common/context.js";
import { discardUnread } from "../frame/frame-upload.mapper.js";
import { AnnotationImportReportType, ImportAnnotationsArgs } from "./annotation-import.type.js";

@Resolver()
export class AnnotationImportResolver {
  constructor(private readonly imports: AnnotationImportService) {}

  @Mutation(() => AnnotationImportReportType, {
    description:
      "Imports a COCO instances JSON, CVAT for images 1.1 XML or YOLO zip as MANUAL annotations (docs/annotations.md#import). Frames match by file name, labels by `mapping` or suggestion; nothing is stored when any shape cannot be, unless `partial`.",
  })
  async importAnnotations(
    @Args(() => ImportAnnotationsArgs) { taskId, file, format, mapping, partial }: ImportAnnotationsArgs,
    @Ctx() context: TaskContext,
  ): Promise<AnnotationImportReportType> {
    try {
      return await this.imports.import(
        callerTenant(context),
        taskId,
        {
          name: "annotations",
          open: async () => {
            const upload = await file;
            return upload.createReadStream();
          },
        },
        { format, mapping, partial },
      );
    } finally {
      discardUnread([file]);
    }
  }
}
