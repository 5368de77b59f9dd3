/** What the registry asks its trial-run process (onnx-trial.process.ts) to run. */
export interface TrialRequest {
  readonly path: string;
  readonly inputName: string;
  readonly inputType: "FLOAT32" | "UINT8";
  readonly dims: readonly number[];
}

/** "loaded" once the session is open (the budget starts), then "done" or "failed". */
export type TrialReply = { readonly phase: "loaded" } | { readonly phase: "done" } | { readonly phase: "failed"; readonly message: string };
