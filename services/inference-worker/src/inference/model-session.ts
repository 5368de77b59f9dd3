/**
 * The inference-session port. Domain code (models, pre/post-processing) depends on this only;
 * model-runtime.ts adapts onnxruntime-node to it, and tests can substitute a fake.
 */
export type Tensor =
  | { readonly type: "float32"; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: "int32"; readonly data: Int32Array; readonly dims: readonly number[] }
  | { readonly type: "uint8"; readonly data: Uint8Array; readonly dims: readonly number[] };

export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Readonly<Record<string, Tensor>>): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

export interface ModelSessionOptions {
  /** Threads for one inference. With 2 cores, 2 halves latency; 1 leaves a core to a concurrent job. */
  readonly intraOpNumThreads: number;
  /**
   * Intra-op threads spin-wait for the next work item (onnxruntime's default): lower latency when they have their
   * cores to themselves; off, they sleep at once and leave the cores to decoding, post-processing and other processes.
   */
  readonly allowSpinning?: boolean;
}

export type ModelSessionFactory = (modelPath: string, options: ModelSessionOptions) => Promise<ModelSession>;
