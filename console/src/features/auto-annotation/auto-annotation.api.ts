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
