import { graphql } from "../../gql/index.js";
import type {
  AutoAnnotationModelQuery,
  AutoAnnotationModelQueryVariables,
  AutoAnnotationModelsQuery,
  AutoAnnotationProgressSubscription,
  AutoAnnotationProgressSubscriptionVariables,
  AutoAnnotationSuggestedMappingQuery,
  AutoAnnotationSuggestedMappingQueryVariables,
  AutoAnnotationTaskLabelsQuery,
  CancelAutoAnnotationMutation,
  CancelAutoAnnotationMutationVariables,
  PreviewAutoAnnotationMutation,
  StartAutoAnnotationBatchMutation,
  StartAutoAnnotationBatchMutationVariables,
  EvaluateModelMutation,
  EvaluateModelMutationVariables,
  EvaluationQuery,
  PreviewAutoAnnotationMutationVariables,
  StartAutoAnnotationMutation,
  StartAutoAnnotationMutationVariables,
} from "../../gql/graphql.js";

/**
 * The auto-annotation feature's port to the gateway: its operations as typed documents generated from the committed
 * supergraph (`graphql()`, src/gql), and the domain types the components take. The components see only the domain
 * types; the generated results must stay assignable to them, which tsc checks where the dialog passes them on.
 */

export type ShapeType = "RECTANGLE" | "POLYGON" | "POLYLINE" | "POINTS" | "MASK" | "SKELETON" | "TAG" | "ANY";
export type ModelSource = "CATALOG" | "UPLOAD" | "NUCLIO" | "HUGGING_FACE" | "ROBOFLOW";
export type ModelKind = "DETECTOR" | "INTERACTOR" | "TRACKER" | "REID" | "CLASSIFIER";
export type AttributeInputType = "SELECT" | "RADIO" | "CHECKBOX" | "NUMBER" | "TEXT";
export type JobStatus = "QUEUED" | "RUNNING" | "COMMITTING" | "COMPLETED" | "FAILED" | "CANCELLING" | "CANCELLED";

export interface AttributeSpec {
  readonly name: string;
  readonly inputType: AttributeInputType;
  readonly values: readonly string[];
}

/** A skeleton's point as `Label.sublabels` gives it (points have no points of their own). */
export interface TaskPoint {
  readonly id: string;
  readonly name: string;
  readonly type: ShapeType;
  readonly attributes: readonly AttributeSpec[];
}

/** A task label as `Task.labels` gives it; skeleton points are its `sublabels`. */
export interface TaskLabel extends TaskPoint {
  readonly sublabels: readonly TaskPoint[];
}

export interface ModelPoint {
  readonly name: string;
  readonly type: ShapeType;
  readonly attributes: readonly AttributeSpec[];
}

export interface ModelLabel extends ModelPoint {
  readonly sublabels: readonly ModelPoint[];
}

/** A model as the picker lists it (no labels: a catalog of COCO models would be heavy). */
export interface ModelSummary {
  readonly id: string;
  readonly name: string;
  readonly source: ModelSource;
  readonly kind: ModelKind;
  readonly defaultThreshold: number;
  readonly returnsMasks: boolean;
  readonly supported: boolean;
  readonly unsupportedReason: string | null;
}

export interface ModelDetail extends ModelSummary {
  readonly description: string;
  readonly labels: readonly ModelLabel[];
}

export interface AttributeMapping {
  readonly modelAttribute: string;
  readonly taskAttribute: string;
}

/** A skeleton point's pair in a `LabelMapping`. */
export interface PointMapping {
  readonly modelLabel: string;
  readonly taskLabelId: string;
  readonly taskLabel: string;
  readonly attributes: readonly AttributeMapping[];
}

/** `suggestLabelMapping`'s answer: one entry per model label it could match. */
export interface LabelMapping extends PointMapping {
  readonly sublabels: readonly PointMapping[];
}

/** What `startAutoAnnotation` takes, exactly as the schema says (generated). */
export type { LabelMappingInput, StartAutoAnnotationInput } from "../../gql/graphql.js";

export interface FrameFailure {
  readonly frame: number;
  readonly code: string;
  readonly reason: string;
}

/** The fields of `AutoAnnotationJob` the progress bar shows. */
export interface JobProgress {
  readonly id: string;
  readonly taskId: string;
  readonly status: JobStatus;
  readonly framesTotal: number;
  readonly framesDone: number;
  readonly framesFailed: number;
  readonly fps: number | null;
  readonly etaSeconds: number | null;
  readonly failureCode: string | null;
  readonly failureReason: string | null;
}

export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(["COMPLETED", "FAILED", "CANCELLED"]);
export const CANCELLABLE_JOB_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(["QUEUED", "RUNNING"]);

/** For the task page: the labels the dialog takes as `taskLabels` (a skeleton's points are one level down). */
export const TASK_LABELS_QUERY = graphql(`
  query AutoAnnotationTaskLabels($id: ID!) {
    task(id: $id) {
      id
      labels {
        id
        name
        type
        attributes {
          ...AttributeSpecFields
        }
        sublabels {
          id
          name
          type
          attributes {
            ...AttributeSpecFields
          }
        }
      }
    }
  }
`);
export type TaskLabelsData = AutoAnnotationTaskLabelsQuery;

export const MODELS_QUERY = graphql(`
  query AutoAnnotationModels {
    models {
      ...ModelSummaryFields
    }
  }
`);
export type ModelsData = AutoAnnotationModelsQuery;

export const MODEL_QUERY = graphql(`
  query AutoAnnotationModel($id: ID!) {
    model(id: $id) {
      ...ModelSummaryFields
      description
      labels {
        ...ModelLabelFields
      }
    }
  }
`);
export type ModelData = AutoAnnotationModelQuery;
export type ModelVariables = AutoAnnotationModelQueryVariables;

export const SUGGEST_LABEL_MAPPING_QUERY = graphql(`
  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {
    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {
      modelLabel
      taskLabelId
      taskLabel
      attributes {
        modelAttribute
        taskAttribute
      }
      sublabels {
        modelLabel
        taskLabelId
        taskLabel
        attributes {
          modelAttribute
          taskAttribute
        }
      }
    }
  }
`);
export type SuggestLabelMappingData = AutoAnnotationSuggestedMappingQuery;
export type SuggestLabelMappingVariables = AutoAnnotationSuggestedMappingQueryVariables;

export const START_AUTO_ANNOTATION_MUTATION = graphql(`
  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {
    startAutoAnnotation(input: $input) {
      ...JobProgressFields
    }
  }
`);
export type StartAutoAnnotationData = StartAutoAnnotationMutation;
export type StartAutoAnnotationVariables = StartAutoAnnotationMutationVariables;

export const CANCEL_AUTO_ANNOTATION_MUTATION = graphql(`
  mutation CancelAutoAnnotation($jobId: ID!) {
    cancelAutoAnnotation(jobId: $jobId) {
      ...JobProgressFields
    }
  }
`);
export type CancelAutoAnnotationData = CancelAutoAnnotationMutation;
export type CancelAutoAnnotationVariables = CancelAutoAnnotationMutationVariables;

export const AUTO_ANNOTATION_PROGRESS_SUBSCRIPTION = graphql(`
  subscription AutoAnnotationProgress($jobId: ID!) {
    autoAnnotationProgress(jobId: $jobId) {
      ...JobProgressFields
    }
  }
`);
export type AutoAnnotationProgressData = AutoAnnotationProgressSubscription;
export type AutoAnnotationProgressVariables = AutoAnnotationProgressSubscriptionVariables;

/** At most this many frames a preview (the server's limit); the dialog proposes the first few. */
export const PREVIEW_MAX_FRAMES = 16;
export const PREVIEW_DEFAULT_FRAMES = 4;
/** Longest side of a previewed frame's image: the dialog shows several side by side. */
export const PREVIEW_IMAGE_SIZE = 640;

/** What a run with the dialog's settings would produce on a few frames; nothing is written. */
export const PREVIEW_AUTO_ANNOTATION_MUTATION = graphql(`
  mutation PreviewAutoAnnotation($input: StartAutoAnnotationInput!, $frames: [Int!]!) {
    previewAutoAnnotation(input: $input, frames: $frames) {
      taskId
      threshold
      totalMs
      frames {
        frame
        totalMs
        inferenceMs
        decodeMs
        unmappedDetections
        droppedAttributeValues
        failure {
          frame
          code
          reason
        }
        shapes {
          ...PreviewShapeFields
          elements {
            ...PreviewShapeFields
          }
        }
      }
    }
  }
`);
export type PreviewData = PreviewAutoAnnotationMutation;
export type PreviewVariables = PreviewAutoAnnotationMutationVariables;
export type PreviewFrameResult = PreviewAutoAnnotationMutation["previewAutoAnnotation"]["frames"][number];
export type PreviewShapeResult = PreviewFrameResult["shapes"][number];

export const PREVIEW_SHAPE_FIELDS = graphql(`
  fragment PreviewShapeFields on PreviewShape {
    taskLabelId
    taskLabel
    type
    points
    score
    needsReview
    occluded
    outside
    attributes {
      name
      value
    }
    mask {
      counts
      left
      top
      right
      bottom
    }
  }
`);

/** A previewed frame's size (shapes are in its pixels) and a small image of it. */
export const PREVIEW_FRAME_IMAGE_QUERY = graphql(`
  query PreviewFrameImage($taskId: ID!, $index: Int!, $maxSize: Int!) {
    task(id: $taskId) {
      id
      frame(index: $index) {
        index
        name
        width
        height
        image(maxSize: $maxSize) {
          dataUrl
        }
      }
    }
  }
`);

/** Runs the model on the task's manually annotated frames and compares (in the background: it answers RUNNING). */
export const EVALUATE_MODEL_MUTATION = graphql(`
  mutation EvaluateModel($input: EvaluateModelInput!) {
    evaluateModel(input: $input) {
      ...EvaluationFields
    }
  }
`);
export type EvaluateModelData = EvaluateModelMutation;
export type EvaluateModelVariables = EvaluateModelMutationVariables;
export type { EvaluateModelInput } from "../../gql/graphql.js";

/** An evaluation now: asked again while it is RUNNING. */
export const EVALUATION_QUERY = graphql(`
  query Evaluation($id: ID!) {
    evaluation(id: $id) {
      ...EvaluationFields
    }
  }
`);
export type EvaluationData = EvaluationQuery;

export const EVALUATION_FIELDS = graphql(`
  fragment EvaluationFields on Evaluation {
    id
    taskId
    status
    framesTotal
    framesDone
    framesFailed
    threshold
    meanAp50
    meanAp
    failureCode
    failureReason
    labels {
      taskLabelId
      taskLabel
      metric
      groundTruthCount
      detectionCount
      precision
      recall
      f1
      ap50
      ap
      bestF1Threshold
      bestF1
    }
  }
`);
export type EvaluationResult = EvaluateModelMutation["evaluateModel"];
export type LabelEvaluationResult = EvaluationResult["labels"][number];

/** One job per task with the same model and settings, all or nothing (each task's mapping suggested by the server). */
export const START_AUTO_ANNOTATION_BATCH_MUTATION = graphql(`
  mutation StartAutoAnnotationBatch($input: StartAutoAnnotationBatchInput!) {
    startAutoAnnotationBatch(input: $input) {
      ...BatchProgressFields
    }
  }
`);
export type StartBatchData = StartAutoAnnotationBatchMutation;
export type StartBatchVariables = StartAutoAnnotationBatchMutationVariables;
export type { StartAutoAnnotationBatchInput } from "../../gql/graphql.js";

/** The batch now, then as its jobs progress; ends once every job is final. */
export const AUTO_ANNOTATION_BATCH_PROGRESS_SUBSCRIPTION = graphql(`
  subscription AutoAnnotationBatchProgress($batchId: ID!) {
    autoAnnotationBatchProgress(batchId: $batchId) {
      ...BatchProgressFields
    }
  }
`);

export const BATCH_PROGRESS_FIELDS = graphql(`
  fragment BatchProgressFields on AutoAnnotationBatch {
    id
    status
    framesTotal
    framesDone
    framesFailed
    fps
    etaSeconds
    needsReviewCount
    jobs {
      id
      taskId
      status
    }
  }
`);
export type BatchProgress = StartAutoAnnotationBatchMutation["startAutoAnnotationBatch"];
