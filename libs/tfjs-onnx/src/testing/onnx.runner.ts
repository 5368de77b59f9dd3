import * as ort from "onnxruntime-node";

export interface NamedTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

export interface OnnxRunOptions {
  readonly threads?: number;
  readonly level?: "disabled" | "basic" | "extended" | "all";
}

function toOrt(t: NamedTensor): ort.Tensor {
  const type =
    t.data instanceof Float32Array
      ? "float32"
      : t.data instanceof Int32Array
        ? "int32"
        : t.data instanceof BigInt64Array
          ? "int64"
          : "bool";
  return new ort.Tensor(type, t.data, [...t.dims]);
}

export async function createSession(bytes: Uint8Array, options: OnnxRunOptions = {}): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { graphOptimizationLevel: options.level ?? "all", intraOpNumThreads: options.threads ?? 1 });
}

export async function runSession(
  session: ort.InferenceSession,
  feeds: Readonly<Record<string, NamedTensor>>,
): Promise<Record<string, NamedTensor>> {
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(t);
  const out = await session.run(ortFeeds);
  const result: Record<string, NamedTensor> = {};
  for (const [name, t] of Object.entries(out)) result[name] = { dims: [...t.dims], data: t.data as NamedTensor["data"] };
  return result;
}

/** One-shot: load, run once, release. */
export async function runOnnx(
  bytes: Uint8Array,
  feeds: Readonly<Record<string, NamedTensor>>,
  options: OnnxRunOptions = {},
): Promise<Record<string, NamedTensor>> {
  const session = await createSession(bytes, options);
  try {
    return await runSession(session, feeds);
  } finally {
    await session.release();
  }
}
