import { ArgsType, Field, Float, ID, InputType, ObjectType } from "type-graphql";
import { AnnotationFormat, AnnotationSource } from "../common/enums.js";

@InputType("AnnotationExportFilter", { description: "Which shapes an export takes; a field left out takes all." })
export class AnnotationExportFilter {
  @Field(() => AnnotationSource, { nullable: true })
  source?: AnnotationSource | null;

  @Field(() => Float, { nullable: true, description: "Leaves out shapes scored below it (0 to 1); shapes without a score are kept." })
  minScore?: number | null;

  @Field(() => ID, { nullable: true, description: "Only the shapes this job committed." })
  jobId?: string | null;
}

@ArgsType()
export class ExportAnnotationsArgs {
  @Field(() => ID)
  taskId: string;

  @Field(() => AnnotationFormat)
  format: AnnotationFormat;

  @Field(() => AnnotationExportFilter, { nullable: true })
  filter?: AnnotationExportFilter | null;

  @Field(() => Boolean, { defaultValue: false, description: "Adds the frames (images/<name>) to a zip." })
  includeFrames: boolean;
}

@ObjectType("AnnotationExport", { description: "A download link for an export: GET it (no credential needed) before it expires." })
export class AnnotationExportType {
  @Field({ description: "The gateway's /exports/<token>: relative unless the service knows its public URL (EXPORT_PUBLIC_URL)." })
  url: string;

  @Field(() => Date)
  expiresAt: Date;

  @Field()
  fileName: string;

  @Field()
  contentType: string;
}
