import type { ModelSession, Tensor } from "./model-session.js";

/** A ModelSession double for specs: records every feed and answers with `answer(feeds, call)`. */
export function fakeModelSession(
  io: { inputs: string[]; outputs: string[] },
  answer: (feeds: Readonly<Record<string, Tensor>>, call: number) => Record<string, Tensor>,
) {
  const feeds: Array<Readonly<Record<string, Tensor>>> = [];
  let released = 0;
  const session: ModelSession = {
    inputNames: io.inputs,
    outputNames: io.outputs,
    async run(input) {
      feeds.push(input);
      return answer(input, feeds.length - 1);
    },
    async release() {
      released++;
    },
  };
  return { session, feeds, released: () => released };
}

export function float32(dims: number[], fill: (data: Float32Array) => void = () => {}): Tensor {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  fill(data);
  return { type: "float32", data, dims };
}

/** A uniform RGB frame. */
export function solidFrame(width: number, height: number, value: number) {
  return { width, height, data: new Uint8Array(width * height * 3).fill(value) };
}
