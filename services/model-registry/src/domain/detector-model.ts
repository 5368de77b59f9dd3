import {
  ModelKind,
  ONNX_DETECTOR_RUNTIME,
  type HubModelSpec,
  type Model,
  type ModelArtifact,
  type ModelSource,
  type OnnxDetectorSpec,
} from "./model.js";
import { describePreprocessing, findOnnxDetectorSpecProblems, labelsOfDetector } from "./onnx-detector-spec.js";

/** A detector as declared, before the file is opened: `outputNames` may be empty (resolved from the file). */
export type DeclaredDetector = Omit<OnnxDetectorSpec, "inputName">;

/** Who a detector row is for and where it came from; everything else follows from the checked spec. */
export interface DetectorRowInfo {
  name: string;
  description: string;
  defaultThreshold: number;
  source: ModelSource;
  /** Provenance of an imported hub file (runtime stays onnx-detector). */
  hub?: HubModelSpec | null;
  tenantId?: string;
}

/** The row of a checked ONNX detector, uploaded or imported: runtime onnx-detector, one "model" artifact. */
export function detectorModelDraft(detector: OnnxDetectorSpec, artifact: ModelArtifact, info: DetectorRowInfo): Omit<Model, "id"> {
  return {
    name: info.name.trim(),
    description: info.description,
    source: info.source,
    kind: ModelKind.DETECTOR,
    labels: labelsOfDetector(detector),
    defaultThreshold: info.defaultThreshold,
    returnsMasks: false,
    inputSize: { width: detector.inputWidth, height: detector.inputHeight },
    preprocessing: describePreprocessing(detector),
    runtime: ONNX_DETECTOR_RUNTIME,
    artifacts: [artifact],
    onnxDetector: detector,
    ...(info.hub ? { hub: info.hub, credential: null } : {}),
    ...(info.tenantId ? { tenantId: info.tenantId } : {}),
  };
}

/** Every rule a declared detector breaks (the input name comes from the file later). */
export function declaredDetectorProblems(detector: DeclaredDetector): string[] {
  return findOnnxDetectorSpecProblems({ ...detector, inputName: "" }, "declared");
}
