import type { FileUpload } from "graphql-upload-minimal";
import { GraphQLUpload } from "graphql-upload-minimal";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { LabelInput } from "../label/label.input.js";

@InputType("CreateTaskInput")
export class CreateTaskInput {
  @Field()
  name: string;

  @Field(() => [LabelInput])
  labels: LabelInput[];
}

@ArgsType()
export class AnnotationPageArgs {
  @Field(() => Int, { nullable: true, description: "Only this frame's annotations." })
  frame?: number | null;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class AddFramesArgs {
  @Field(() => ID)
  taskId: string;

  @Field(() => [GraphQLUpload], { description: "GraphQL multipart request; each file at most MAX_UPLOAD_BYTES." })
  files: Promise<FileUpload>[];
}

@ArgsType()
export class ImportFramesArgs {
  @Field(() => ID)
  taskId: string;

  @Field({ description: "A directory below the server's IMPORT_ROOT." })
  serverPath: string;
}
