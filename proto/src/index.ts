export * from "./contracts.js";
export * from "./gen/annotation/v1/frame_pb.js";
export * from "./gen/annotation/v1/job_pb.js";
export * from "./gen/model/v1/model_pb.js";
export * from "./gen/task/v1/annotations_pb.js";
export * from "./gen/task/v1/labels_pb.js";
export * from "./gen/task/v1/task_pb.js";
export { create, fromBinary, toBinary, toJson, fromJson } from "@bufbuild/protobuf";
export type { MessageShape, MessageInitShape, DescMessage } from "@bufbuild/protobuf";
