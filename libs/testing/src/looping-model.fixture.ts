import { attr, DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";

export interface LoopingDetectorOptions {
  /**
   * "constant": the Loop runs `count` times whatever the input (a model that never finishes);
   * "input": it runs count × max(input) times, so a blank (all-zero) input, as the registry's upload check
   * feeds, returns at once while any frame with a lit pixel loops for ever.
   */
  readonly trips: "constant" | "input";
  /** Default 10^12: hours of iterations. */
  readonly count?: number;
  /** Network input side (default 64). */
  readonly side?: number;
  readonly classes?: number;
}

/**
 * A hostile ONNX detector in the YOLO_V8 layout (input "images" float [1, 3, side, side], output "output0"
 * [1, 4 + classes, 1], all zeros) that runs a Loop before answering. The loop carries max(input), so no
 * graph optimisation can fold it away, and its result feeds the output, so it cannot be pruned either.
 */
export function loopingDetectorOnnx(options: LoopingDetectorOptions): Uint8Array {
  const side = options.side ?? 64;
  const classes = options.classes ?? 2;
  const count = options.count ?? 1e12;

  const body = new GraphBuilder("spin");
  body.addInput("iteration", DataType.INT64, []);
  const condIn = body.addInput("cond_in", DataType.BOOL, []);
  const carriedIn = body.addInput("carried_in", DataType.FLOAT, []);
  body.addOutput(body.addOp("Identity", [condIn], undefined, { output: "cond_out" }), DataType.BOOL, []);
  body.addOutput(body.addOp("Abs", [carriedIn], undefined, { output: "carried_out" }), DataType.FLOAT, []);

  const g = new GraphBuilder("looping-detector");
  const images = g.addInput("images", DataType.FLOAT, [1, 3, side, side]);
  const brightest = g.addOp("ReduceMax", [images], { keepdims: attr.int(0) });
  const trips =
    options.trips === "constant"
      ? g.addInt64("trips", [count], [])
      : g.addOp("Cast", [g.addOp("Mul", [brightest, g.addFloat32("count", [], [count])])], { to: attr.int(DataType.INT64) });
  const keepGoing = g.addInitializer("keep_going", DataType.BOOL, [], Uint8Array.of(1));
  const carried = g.addOp("Loop", [trips, keepGoing, brightest], { body: attr.graph(body.build()) });
  const zeros = g.addFloat32("detections", [1, 4 + classes, 1], new Array(4 + classes).fill(0));
  // carried × 0 + zeros: the output depends on the loop's result without changing the detections.
  const detections = g.addOp("Add", [zeros, g.addOp("Mul", [carried, g.addFloat32("zero", [], [0])])], undefined, { output: "output0" });
  g.addOutput(detections, DataType.FLOAT, [1, 4 + classes, 1]);
  return encodeOnnxModel(g.toModel());
}
