import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";

/**
 * Small ONNX detectors for tests, written with @prelabel/onnx-writer: an image input and outputs that are
 * constants, or simple functions of the input (the mean of one input channel), so a test knows exactly
 * what onnxruntime returns and therefore which detections must come out.
 */
export class TestGraph {
  readonly g: GraphBuilder;

  constructor(name: string) {
    this.g = new GraphBuilder(name);
  }

  input(name: string, elemType: DataType, shape: (number | string)[]): string {
    return this.g.addInput(name, elemType, shape);
  }

  /** A graph output holding these values. */
  constant(name: string, dims: number[], values: number[]): string {
    const value = this.g.addFloat32(`${name}_value`, dims, values);
    return this.output(this.g.addOp("Identity", [value], undefined, { output: name }), dims);
  }

  output(value: string, dims: readonly (number | string)[]): string {
    return this.g.addOutput(value, DataType.FLOAT, dims);
  }

  /** float32 [1, 1, 1] = the mean of channel `channel` of a rank-4 image input (cast to float, scaled by `scale`). */
  channelMean(input: string, channel: number, layout: "NCHW" | "NHWC", options: { cast?: boolean; scale?: number } = {}): string {
    const g = this.g;
    const source = options.cast ? g.addOp("Cast", [input], { to: { type: "int", value: DataType.FLOAT } }) : input;
    const axis = layout === "NCHW" ? 1 : 3;
    const sliced = g.addOp("Slice", [
      source,
      g.addInt64("starts", [channel]),
      g.addInt64("ends", [channel + 1]),
      g.addInt64("axes", [axis]),
    ]);
    const mean = g.addOp("ReduceMean", [sliced], { keepdims: { type: "int", value: 1 } });
    const scaled = options.scale === undefined ? mean : g.addOp("Mul", [mean, g.addFloat32("scale", [], [options.scale])]);
    return g.addOp("Reshape", [scaled, g.addInt64("shape", [1, 1, 1])]);
  }

  /** Concatenates float tensors along `axis` into a graph output. */
  concat(name: string, parts: string[], axis: number, dims: number[]): string {
    return this.output(this.g.addOp("Concat", parts, { axis: { type: "int", value: axis } }, { output: name }), dims);
  }

  /** An initializer to combine with computed values. */
  values(name: string, dims: number[], values: number[]): string {
    return this.g.addFloat32(name, dims, values);
  }

  reshape(value: string, dims: number[]): string {
    return this.g.addOp("Reshape", [value, this.g.addInt64("shape", dims)]);
  }

  bytes(): Uint8Array {
    return encodeOnnxModel(this.g.toModel());
  }
}

/** Writes ONNX bytes to a temp file; `cleanup` removes the folder. */
export function writeTempModel(bytes: Uint8Array, name = "model.onnx"): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "prelabel-onnx-test-"));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
