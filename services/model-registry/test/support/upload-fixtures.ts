import { createHash } from "node:crypto";
import type { ReadStream } from "node:fs";
import { Readable } from "node:stream";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import type { ExecutionResult } from "graphql";
import { Upload, type FileUpload } from "graphql-upload-minimal";

/** A YOLOv8-layout detector: image input [N, 3, 64, 64], constant output [1, 6, 10]. */
export function tinyYoloV8Onnx(): Uint8Array {
  const g = new GraphBuilder("yolo");
  g.addInput("images", DataType.FLOAT, ["N", 3, 64, 64]);
  const value = g.addFloat32("detections", [1, 6, 10], new Array(60).fill(0));
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 6, 10]);
  return encodeOnnxModel(g.toModel());
}

/** Lowercase hex, as the registry names artifacts and stored objects. */
export const sha256Of = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** A multipart file as graphql-upload hands it to the schema (tests execute the schema directly). */
export function uploadOf(bytes: Uint8Array, filename = "best.onnx"): Upload {
  const upload = new Upload();
  // The typings omit resolve(); processRequest calls it with the parsed file.
  (upload as Upload & { resolve(file: FileUpload): void }).resolve({
    filename,
    fieldName: "file",
    mimetype: "application/octet-stream",
    encoding: "7bit",
    createReadStream: () => Readable.from([Buffer.from(bytes)]) as unknown as ReadStream,
  });
  return upload;
}

/** The AppError code behind a directly executed operation's first error. */
export const appErrorCodeOf = (res: ExecutionResult) => (res.errors?.[0]?.originalError as { code?: string } | undefined)?.code;
