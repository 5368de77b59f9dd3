import { OnnxInputType, OnnxOutputLayout, OnnxTensorLayout, type OnnxDetectorSpec } from "./model.js";
import { OUTPUT_ROLES } from "./onnx-detector-spec.js";

/**
 * What an ONNX file declares about its inputs and outputs, as onnxruntime reports it
 * (`session.inputMetadata` / `outputMetadata`). A dimension is a fixed size, or a symbolic name
 * ("" or a negative number when unnamed): those are dynamic. An empty shape means none is stated.
 */
export type OnnxDim = number | string;

export interface OnnxValueInfo {
  name: string;
  isTensor: boolean;
  /** onnxruntime's tensor type name ("float32", "uint8", "int64", …); null for non-tensors. */
  elementType: string | null;
  shape: readonly OnnxDim[];
}

export interface OnnxSignature {
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export type SignatureMatch = { ok: true; inputName: string; outputNames: string[] } | { ok: false; problems: string[] };

/** One expected dimension: `value` set = must equal it (when the file fixes the size), unset = any. */
interface DimRule {
  label: string;
  value?: number;
}
const fixed = (value: number, label = String(value)): DimRule => ({ label, value });
const any = (label: string): DimRule => ({ label });
const BATCH = fixed(1);

/** Name rules for layouts with several outputs (case-insensitive; names of auxiliary TF outputs are skipped). */
const ROLE_NAME_PATTERNS: Readonly<Record<string, RegExp>> = {
  boxes: /box/i,
  scores: /score/i,
  classes: /class/i,
  count: /num|count/i,
  logits: /logit/i,
};
const AUXILIARY_OUTPUT = /raw|multiclass|anchor/i;

const isDynamic = (d: OnnxDim) => typeof d === "string" || d < 0;
const formatShape = (shape: readonly OnnxDim[]) => `[${shape.map((d) => (typeof d === "string" ? d || "?" : d < 0 ? "?" : d)).join(", ")}]`;
const formatRules = (rules: readonly DimRule[]) => `[${rules.map((r) => r.label).join(", ")}]`;

/**
 * Checks an ONNX file's declared signature against a detector spec: exactly one image input of the declared
 * type, layout and size, and the outputs the layout reads with the declared number of classes where the file
 * states it. Returns the input and output names to use, or every problem, each naming what was expected and
 * what the file has. Dynamic dimensions always fit.
 */
export function matchOnnxSignature(spec: OnnxDetectorSpec, signature: OnnxSignature): SignatureMatch {
  const problems: string[] = [];
  const inputName = checkInput(spec, signature.inputs, problems);
  const outputs = resolveOutputs(spec, signature.outputs, problems);
  if (outputs) checkOutputs(spec, outputs, problems);
  if (problems.length || inputName === null || !outputs) return { ok: false, problems };
  return { ok: true, inputName, outputNames: outputs.map((o) => o.name) };
}

function checkInput(spec: OnnxDetectorSpec, inputs: readonly OnnxValueInfo[], problems: string[]): string | null {
  if (inputs.length !== 1) {
    problems.push(
      `expected exactly one input (the image), the file has ${inputs.length}${inputs.length ? `: ${inputs.map((i) => `"${i.name}"`).join(", ")}` : ""}`,
    );
    return null;
  }
  const input = inputs[0];
  const expectedType = spec.inputType === OnnxInputType.UINT8 ? "uint8" : "float32";
  if (!input.isTensor) {
    problems.push(`input "${input.name}" is not a tensor; expected a ${expectedType} image tensor`);
    return null;
  }
  if (input.elementType !== expectedType) {
    problems.push(`input "${input.name}" is ${input.elementType}, expected ${expectedType} (inputType ${spec.inputType})`);
  }
  const h = fixed(spec.inputHeight);
  const w = fixed(spec.inputWidth);
  const rules = spec.tensorLayout === OnnxTensorLayout.NHWC ? [BATCH, h, w, fixed(3)] : [BATCH, fixed(3), h, w];
  const why = `${spec.tensorLayout}, inputHeight ${spec.inputHeight}, inputWidth ${spec.inputWidth}`;
  if (input.shape.length === 0) {
    problems.push(`input "${input.name}" states no shape, expected ${formatRules(rules)} (${why})`);
  } else if (!fits(input.shape, rules)) {
    problems.push(`input "${input.name}" has shape ${formatShape(input.shape)}, expected ${formatRules(rules)} (${why})`);
  }
  return input.name;
}

/** The outputs the layout reads, in role order; null (with problems) when they cannot be told apart. */
function resolveOutputs(spec: OnnxDetectorSpec, outputs: readonly OnnxValueInfo[], problems: string[]): OnnxValueInfo[] | null {
  const roles = OUTPUT_ROLES[spec.outputLayout];
  const available = () => (outputs.length ? outputs.map((o) => `"${o.name}"`).join(", ") : "none");
  if (spec.outputNames.length) {
    const found = spec.outputNames.map((name, i) => {
      const output = outputs.find((o) => o.name === name);
      if (!output)
        problems.push(
          `outputNames[${i}] (${spec.outputLayout} ${roles[i]}) "${name}" is not an output of the file (it has ${available()})`,
        );
      return output;
    });
    return found.every((o): o is OnnxValueInfo => !!o) ? found : null;
  }
  if (roles.length === 1) {
    // YOLO exports may add auxiliary outputs (e.g. raw feature maps); the detections come first.
    if (!outputs.length) {
      problems.push(`expected an output with the ${spec.outputLayout} detections, the file has none`);
      return null;
    }
    return [outputs[0]];
  }
  const candidates = outputs.filter((o) => !AUXILIARY_OUTPUT.test(o.name));
  const byName = roles.map((role) => candidates.filter((o) => ROLE_NAME_PATTERNS[role].test(o.name)));
  if (byName.every((c) => c.length === 1) && new Set(byName.map((c) => c[0].name)).size === roles.length) {
    return byName.map((c) => c[0]);
  }
  if (spec.outputLayout === OnnxOutputLayout.DETR && outputs.length === 2) {
    // DETR exports name their outputs freely; two rank-3 outputs are told apart by the boxes' last dimension 4.
    const boxes = outputs.filter((o) => o.shape.length === 3 && o.shape[2] === 4);
    if (boxes.length === 1) return [outputs.find((o) => o !== boxes[0])!, boxes[0]];
  }
  roles.forEach((role, i) => {
    const pattern = ROLE_NAME_PATTERNS[role].source;
    const found = byName[i];
    if (found.length === 0) {
      problems.push(
        `no output for ${spec.outputLayout} ${role}: expected one whose name contains "${pattern.replace(/\|/g, '" or "')}" (the file has ${available()}); or name it in outputNames`,
      );
    } else if (found.length > 1) {
      problems.push(
        `several outputs could be ${spec.outputLayout} ${role} (${found.map((o) => `"${o.name}"`).join(", ")}); name the right one in outputNames`,
      );
    }
  });
  const chosen = byName.filter((c) => c.length === 1).map((c) => c[0].name);
  if (problems.length === 0 && new Set(chosen).size !== chosen.length) {
    problems.push(`one output matches several ${spec.outputLayout} roles (${roles.join(", ")}); name them in outputNames`);
  }
  return null;
}

function checkOutputs(spec: OnnxDetectorSpec, outputs: readonly OnnxValueInfo[], problems: string[]): void {
  const classes = spec.classNames.length;
  const roles = OUTPUT_ROLES[spec.outputLayout];
  const expect = (i: number, rules: DimRule[], why: string) => {
    const output = outputs[i];
    const role = `${spec.outputLayout} ${roles[i]} output "${output.name}"`;
    if (!output.isTensor) return void problems.push(`${role} is not a tensor; expected float32 ${formatRules(rules)}`);
    if (output.elementType !== "float32") problems.push(`${role} is ${output.elementType}, expected float32`);
    // No stated shape: nothing to check here; the worker checks the tensors it gets.
    if (output.shape.length && !fits(output.shape, rules)) {
      problems.push(`${role} has shape ${formatShape(output.shape)}, expected ${formatRules(rules)}${why ? ` (${why})` : ""}`);
    }
  };
  switch (spec.outputLayout) {
    case OnnxOutputLayout.YOLO_V5:
      return expect(0, [BATCH, any("boxes"), fixed(5 + classes)], `cx, cy, w, h, objectness + ${classes} classNames`);
    case OnnxOutputLayout.YOLO_V8:
      return expect(0, [BATCH, fixed(4 + classes), any("anchors")], `cx, cy, w, h + ${classes} classNames`);
    case OnnxOutputLayout.YOLO_END2END:
      return expect(0, [BATCH, any("k"), fixed(6)], "x1, y1, x2, y2, score, class");
    case OnnxOutputLayout.SSD: {
      expect(0, [BATCH, any("k"), fixed(4)], "ymin, xmin, ymax, xmax");
      expect(1, [BATCH, any("k")], "");
      expect(2, [BATCH, any("k")], "");
      expect(3, [BATCH], "");
      const ks = new Set(outputs.slice(0, 3).flatMap((o) => (o.shape.length >= 2 && !isDynamic(o.shape[1]) ? [o.shape[1]] : [])));
      if (ks.size > 1) problems.push(`SSD boxes, scores and classes disagree on the number of detections k: ${[...ks].join(" vs ")}`);
      return;
    }
    case OnnxOutputLayout.DETR: {
      const c = spec.detrNoObjectClass ? classes + 1 : classes;
      expect(0, [BATCH, any("queries"), fixed(c)], `${classes} classNames${spec.detrNoObjectClass ? " + no-object" : ""}`);
      expect(1, [BATCH, any("queries"), fixed(4)], "cx, cy, w, h");
      const [l, b] = [outputs[0].shape[1], outputs[1].shape[1]];
      if (l !== undefined && b !== undefined && !isDynamic(l) && !isDynamic(b) && l !== b) {
        problems.push(`DETR logits and boxes disagree on the number of queries: ${l} vs ${b}`);
      }
      return;
    }
  }
}

function fits(shape: readonly OnnxDim[], rules: readonly DimRule[]): boolean {
  if (shape.length !== rules.length) return false;
  return rules.every((rule, i) => rule.value === undefined || isDynamic(shape[i]) || shape[i] === rule.value);
}
