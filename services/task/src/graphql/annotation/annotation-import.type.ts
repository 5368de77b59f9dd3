import type { FileUpload } from "graphql-upload-minimal";
import { GraphQLUpload } from "graphql-upload-minimal";
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { LabelMatchedBy } from "../../domain/interchange/import-matching.js";
import { AnnotationFormat, ImportSkipReason, ImportSkipReasonEnum } from "../common/enums.js";

const LabelMatchedByEnum = { MAPPING: "MAPPING", EXACT: "EXACT", NORMALISED: "NORMALISED", SYNONYM: "SYNONYM", BROADER: "BROADER" } as const;
registerEnumType(LabelMatchedByEnum, {
  name: "ImportLabelMatchedBy",
  description: "How a file label found its task label: the mapping argument, or the suggestion tier (as a run's mapping suggests).",
});

@InputType("ImportLabelMappingInput", { description: "A label of the file onto a task label; a skeleton's points onto its sublabels." })
export class ImportLabelMappingInput {
  @Field({ description: "The label as the file names it (COCO category, CVAT label, YOLO class name)." })
  fileLabel: string;

  @Field({ description: "The task label's id or name (exact, then ignoring case, spaces, _ and -)." })
  taskLabel: string;

  @Field(() => [ImportLabelMappingInput], { nullable: true, description: "Skeleton points: file point name onto the skeleton's sublabel." })
  sublabels?: ImportLabelMappingInput[] | null;
}

@ArgsType()
export class ImportAnnotationsArgs {
  @Field(() => ID)
  taskId: string;

  @Field(() => GraphQLUpload, { description: "GraphQL multipart request; at most ANNOTATION_IMPORT_MAX_BYTES." })
  file: Promise<FileUpload>;

  @Field(() => AnnotationFormat)
  format: AnnotationFormat;

  @Field(() => [ImportLabelMappingInput], {
    nullable: true,
    description: "File labels onto task labels; omitted, each file label gets the suggested task label (exact, normalised, synonym, broader name).",
  })
  mapping?: ImportLabelMappingInput[] | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "Skip (and report) shapes that cannot be imported instead of importing nothing.",
  })
  partial?: boolean | null;
}

@ObjectType("AnnotationImportSkip")
export class AnnotationImportSkipType {
  @Field(() => ImportSkipReasonEnum)
  reason: ImportSkipReason;

  @Field(() => Int)
  count: number;

  @Field(() => [String], { description: "The first few, each naming the frame, the label and why." })
  examples: string[];
}

@ObjectType("AnnotationImportName")
export class AnnotationImportNameType {
  @Field()
  name: string;

  @Field(() => Int, { description: "Shapes of the file on that frame, or of that label." })
  shapes: number;
}

@ObjectType("AnnotationImportLabel")
export class AnnotationImportLabelType {
  @Field()
  fileLabel: string;

  @Field(() => ID)
  taskLabelId: string;

  @Field()
  taskLabel: string;

  @Field(() => LabelMatchedByEnum)
  matchedBy: LabelMatchedBy;

  @Field(() => Int)
  shapes: number;
}

@ObjectType("AnnotationImportReport", { description: "What importAnnotations stored, what it skipped and why, and which names matched what." })
export class AnnotationImportReportType {
  @Field(() => AnnotationFormat)
  format: AnnotationFormat;

  @Field()
  partial: boolean;

  @Field({ description: "Whether the shapes were stored." })
  applied: boolean;

  @Field(() => Int, { description: "Top-level shapes stored (source MANUAL)." })
  imported: number;

  @Field(() => Int, { description: "Skeleton points stored with them." })
  importedElements: number;

  @Field(() => Int, { description: "Stored shapes whose coordinates were clipped to their frame." })
  clipped: number;

  @Field(() => Int, { description: "Top-level shapes of the file not stored." })
  skipped: number;

  @Field(() => [AnnotationImportSkipType])
  skippedReasons: AnnotationImportSkipType[];

  @Field(() => Int)
  framesInFile: number;

  @Field(() => Int)
  framesMatched: number;

  @Field(() => [AnnotationImportNameType], { description: "File frames matching no task frame (or several): the first 100, most shapes first." })
  unmatchedFrames: AnnotationImportNameType[];

  @Field(() => Int)
  unmatchedFrameCount: number;

  @Field(() => [AnnotationImportLabelType], { description: "File labels and the task labels they landed on." })
  labels: AnnotationImportLabelType[];

  @Field(() => [AnnotationImportNameType], { description: "File labels that matched no task label." })
  unmatchedLabels: AnnotationImportNameType[];
}
