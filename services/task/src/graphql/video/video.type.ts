import type { FileUpload } from "graphql-upload-minimal";
import { GraphQLUpload } from "graphql-upload-minimal";
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType("VideoInfo", {
  description: "The video a video task's frames were decoded from; task frame i is source frame startFrame + i × frameStep.",
})
export class VideoInfoType {
  @Field({ description: "The file name it was uploaded or imported as." })
  fileName: string;

  @Field({ description: "mp4, mov, webm, matroska, avi, …" })
  container: string;

  @Field({ description: "ffprobe's codec name: h264, hevc, vp8, vp9, mjpeg, …" })
  codec: string;

  @Field(() => Int, { description: "Displayed width: the frames' (rotation applied)." })
  width: number;

  @Field(() => Int, { description: "Displayed height: the frames' (rotation applied)." })
  height: number;

  @Field(() => Float)
  fps: number;

  @Field(() => Float)
  durationSeconds: number;

  @Field(() => Int, { description: "Clockwise degrees the source is turned for display (0, 90, 180, 270); the frames are stored turned." })
  rotation: number;

  @Field(() => Int, { description: "Frames in the source video." })
  sourceFrameCount: number;

  @Field(() => Int)
  startFrame: number;

  @Field(() => Int)
  stopFrame: number;

  @Field(() => Int)
  frameStep: number;
}

@InputType("VideoImportOptions", { description: "Which source frames become the task's frames (source frame numbers from 0, inclusive)." })
export class VideoImportOptionsInput {
  @Field(() => Int, { nullable: true, defaultValue: 1, description: "Every n-th frame from startFrame." })
  frameStep?: number | null;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  startFrame?: number | null;

  @Field(() => Int, { nullable: true, description: "Last source frame that may be taken; default the video's last." })
  stopFrame?: number | null;
}

@ArgsType()
export class AddVideoArgs {
  @Field(() => ID)
  taskId: string;

  @Field(() => GraphQLUpload, { description: "GraphQL multipart request; the video at most VIDEO_MAX_BYTES." })
  file: Promise<FileUpload>;

  @Field(() => VideoImportOptionsInput, { nullable: true })
  options?: VideoImportOptionsInput | null;
}

@ArgsType()
export class ImportVideoArgs {
  @Field(() => ID)
  taskId: string;

  @Field({ description: "A video file below the server's IMPORT_ROOT." })
  serverPath: string;

  @Field(() => VideoImportOptionsInput, { nullable: true })
  options?: VideoImportOptionsInput | null;
}
