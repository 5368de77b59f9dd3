import type { OnnxValueInfo } from "../domain/onnx-signature.js";

/** What the registry asks its model-check process (onnx-check.process.ts) to do with one uploaded file. */
export type CheckRequest =
  /** Open the file and report its declared inputs and outputs. */
  | { readonly op: "inspect"; readonly path: string }
  /** Open the file and run it once on an all-zero input of this shape. */
  | {
      readonly op: "trial";
      readonly path: string;
      readonly inputName: string;
      readonly inputType: "FLOAT32" | "UINT8";
      readonly dims: readonly number[];
    };

/** "loaded" once the session is open (a trial's budget starts), then the answer or "failed". */
export type CheckReply =
  | { readonly phase: "loaded" }
  | { readonly phase: "inspected"; readonly inputs: OnnxValueInfo[]; readonly outputs: OnnxValueInfo[] }
  | { readonly phase: "done" }
  | { readonly phase: "failed"; readonly message: string };
