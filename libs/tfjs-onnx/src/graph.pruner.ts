import { dataInputs, producerOf } from "./conversion.context.js";
import type { TfNode } from "./tfjs-model.types.js";
import { TfjsOnnxError, TfjsOnnxErrorCode, UnsupportedOpError } from "./tfjs-onnx.errors.js";

/**
 * The nodes the outputs depend on, in a topological order (inputs first). Walks data inputs only (`^control` edges
 * carry no values), stops at `stopAt` (cut inputs), and is deterministic: outputs in the given order, inputs in
 * node order. A cycle is TF control flow, which ONNX cannot express here.
 */
export function pruneToOutputs(nodes: ReadonlyMap<string, TfNode>, outputNodes: readonly string[], stopAt: ReadonlySet<string>): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, "open" | "done">();
  for (const root of outputNodes) {
    const stack: { name: string; next: number }[] = [{ name: root, next: 0 }];
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const node = nodes.get(frame.name);
      if (!node) throw new TfjsOnnxError(TfjsOnnxErrorCode.UnknownNode, `no node named ${frame.name} in the graph`);
      if (frame.next === 0) {
        if (state.get(frame.name) === "done") {
          stack.pop();
          continue;
        }
        state.set(frame.name, "open");
      }
      const inputs = stopAt.has(frame.name) ? [] : dataInputs(node);
      if (frame.next < inputs.length) {
        const child = producerOf(inputs[frame.next++]).node;
        const childState = state.get(child);
        if (childState === "open") {
          throw new UnsupportedOpError(
            node.op,
            node.name,
            `it is part of a loop through ${child} (TF control flow); cut the graph around it`,
          );
        }
        if (childState !== "done") stack.push({ name: child, next: 0 });
        continue;
      }
      state.set(frame.name, "done");
      order.push(node);
      stack.pop();
    }
  }
  return order;
}

/** Nodes whose outputs nothing consumes (candidate graph outputs), in graph order; constants and no-ops excluded. */
export function unconsumedNodes(nodes: readonly TfNode[]): string[] {
  const consumed = new Set(nodes.flatMap((n) => (n.input ?? []).map((i) => producerOf(i).node)));
  return nodes.filter((n) => !consumed.has(n.name) && !["Const", "NoOp", "Placeholder"].includes(n.op)).map((n) => n.name);
}
