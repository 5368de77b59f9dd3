/** A relative box: [x1, y1, x2, y2] as fractions of the input image's width and height. */
export type RelBox = readonly [number, number, number, number];

/** What the fake HF inference answers for a model, in fractions of whatever image it is sent. */
export interface HfModelOutputs {
  readonly detections?: ReadonlyArray<{ readonly label: string; readonly score: number; readonly box: RelBox }>;
  /** Segments: a rectangular mask per entry; `score` absent as with semantic models. */
  readonly segments?: ReadonlyArray<{ readonly label: string; readonly score?: number; readonly box: RelBox }>;
  readonly classes?: ReadonlyArray<{ readonly label: string; readonly score: number }>;
  /** Zero-shot: objects the model "sees"; only those named in candidate_labels are answered. */
  readonly zeroShotObjects?: ReadonlyArray<{ readonly label: string; readonly score: number; readonly box: RelBox }>;
}

export interface HfRepoFixture {
  readonly id: string;
  readonly sha: string;
  readonly pipelineTag?: string;
  readonly libraryName?: string;
  readonly private?: boolean;
  readonly gated?: false | "auto" | "manual";
  readonly disabled?: boolean;
  readonly tags?: readonly string[];
  /** config.json; also the source of the curated `config` in model info. Absent: no config.json. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Other files by path; LFS files are served through a same-host redirect as the real Hub does via its CDN. */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  readonly lfsFiles?: readonly string[];
  /** The hf-inference provider mapping: live, staging, or none. */
  readonly hfInference?: "live" | "staging" | false;
  /** The mapping's task when it is not the pipeline tag (a repo without one). */
  readonly hfInferenceTask?: string;
  readonly outputs?: HfModelOutputs;
}

const sha = (seed: string) => seed.repeat(40).slice(0, 40);

export const hfFixtureIds = {
  detector: "facebook/detr-resnet-50",
  segmenter: "facebook/detr-resnet-50-panoptic",
  classifier: "google/vit-base-patch16-224",
  zeroShot: "google/owlv2-base-patch16-ensemble",
  gated: "acme/gated-detector",
  private: "acme/private-classifier",
  onnxDetr: "Xenova/detr-resnet-50",
  onnxYolo: "acme/yolov8n-onnx",
  unsupported: "openai/whisper-tiny",
  noLabels: "acme/no-config-detector",
  untagged: "acme/untagged-classifier",
} as const;

/** The standard Hub: one repo for every case the hub layer must handle. */
export function standardHfFixtures(): HfRepoFixture[] {
  return [
    {
      id: hfFixtureIds.detector,
      sha: sha("a1"),
      pipelineTag: "object-detection",
      libraryName: "transformers",
      tags: ["transformers", "pytorch", "safetensors", "detr", "object-detection"],
      config: {
        architectures: ["DetrForObjectDetection"],
        model_type: "detr",
        id2label: { "0": "N/A", "1": "person", "2": "bicycle", "3": "car" },
      },
      files: { "model.safetensors": "weights", "preprocessor_config.json": "{}" },
      hfInference: "live",
      outputs: {
        detections: [
          { label: "person", score: 0.98, box: [0.1, 0.2, 0.4, 0.9] },
          { label: "car", score: 0.71, box: [0.5, 0.5, 0.95, 0.8] },
          { label: "bicycle", score: 0.35, box: [0.0, 0.6, 0.2, 1.0] },
        ],
      },
    },
    {
      id: hfFixtureIds.segmenter,
      sha: sha("b2"),
      pipelineTag: "image-segmentation",
      libraryName: "transformers",
      tags: ["transformers", "detr", "image-segmentation"],
      config: { architectures: ["DetrForSegmentation"], model_type: "detr", id2label: { "0": "person", "1": "car", "2": "sky" } },
      hfInference: "live",
      outputs: {
        segments: [
          { label: "person", score: 0.97, box: [0.25, 0.25, 0.5, 0.75] },
          { label: "sky", box: [0, 0, 1, 0.2] },
          { label: "car", score: 0.3, box: [0.6, 0.6, 0.9, 0.9] },
        ],
      },
    },
    {
      id: hfFixtureIds.classifier,
      sha: sha("c3"),
      pipelineTag: "image-classification",
      libraryName: "transformers",
      config: {
        architectures: ["ViTForImageClassification"],
        model_type: "vit",
        id2label: { "0": "tench", "281": "tabby cat", "282": "tiger cat", "285": "Egyptian cat" },
      },
      hfInference: "live",
      outputs: {
        classes: [
          { label: "Egyptian cat", score: 0.12 },
          { label: "tabby cat", score: 0.81 },
          { label: "tiger cat", score: 0.05 },
        ],
      },
    },
    {
      id: hfFixtureIds.zeroShot,
      sha: sha("d4"),
      pipelineTag: "zero-shot-object-detection",
      libraryName: "transformers",
      config: { architectures: ["Owlv2ForObjectDetection"], model_type: "owlv2" },
      hfInference: "live",
      outputs: {
        zeroShotObjects: [
          { label: "cat", score: 0.6, box: [0.1, 0.1, 0.5, 0.5] },
          { label: "remote control", score: 0.4, box: [0.6, 0.7, 0.8, 0.8] },
        ],
      },
    },
    {
      id: hfFixtureIds.gated,
      sha: sha("e5"),
      pipelineTag: "object-detection",
      gated: "manual",
      config: { model_type: "detr", id2label: { "0": "helmet", "1": "vest" } },
      hfInference: "live",
      outputs: { detections: [{ label: "helmet", score: 0.9, box: [0.4, 0.1, 0.6, 0.3] }] },
    },
    {
      id: hfFixtureIds.private,
      sha: sha("f6"),
      pipelineTag: "image-classification",
      private: true,
      config: { model_type: "vit", id2label: { "0": "ok", "1": "defect" } },
      hfInference: "live",
      outputs: {
        classes: [
          { label: "defect", score: 0.66 },
          { label: "ok", score: 0.34 },
        ],
      },
    },
    {
      id: hfFixtureIds.onnxDetr,
      sha: sha("07"),
      pipelineTag: "object-detection",
      libraryName: "transformers.js",
      tags: ["transformers.js", "onnx", "detr"],
      config: { model_type: "detr", id2label: { "0": "N/A", "1": "person", "2": "bicycle" } },
      files: { "onnx/model.onnx": Buffer.from("ONNX-DETR-BYTES"), "onnx/model_quantized.onnx": Buffer.from("q") },
      lfsFiles: ["onnx/model.onnx", "onnx/model_quantized.onnx"],
      hfInference: false,
    },
    {
      id: hfFixtureIds.onnxYolo,
      sha: sha("18"),
      pipelineTag: "object-detection",
      libraryName: "ultralytics",
      tags: ["ultralytics", "yolo", "yolov8", "onnx"],
      config: { id2label: { "0": "person", "1": "bicycle", "2": "car" } },
      files: { "onnx/model.onnx": Buffer.from("ONNX-YOLO-BYTES") },
      lfsFiles: ["onnx/model.onnx"],
      hfInference: false,
    },
    {
      id: hfFixtureIds.unsupported,
      sha: sha("29"),
      pipelineTag: "automatic-speech-recognition",
      config: { model_type: "whisper" },
      hfInference: "live",
    },
    {
      id: hfFixtureIds.noLabels,
      sha: sha("3a"),
      pipelineTag: "object-detection",
      hfInference: "live",
    },
    {
      id: hfFixtureIds.untagged,
      sha: sha("4b"),
      config: { model_type: "vit", id2label: { "0": "cat", "1": "dog" } },
      hfInference: "live",
      hfInferenceTask: "image-classification",
      outputs: {
        classes: [
          { label: "dog", score: 0.9 },
          { label: "cat", score: 0.1 },
        ],
      },
    },
  ];
}
