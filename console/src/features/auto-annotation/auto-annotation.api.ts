/**
 * The auto-annotation feature's port to the gateway: the operations it sends and hand-written types of what they
 * answer (fields as in gateway/supergraph.graphql). Kept small on purpose: the generated `graphql()` documents in
 * src/gql replace the strings later without touching the components, which only see these types.
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

/** A task label as `Task.labels` gives it; skeleton points are its `sublabels`. */
export interface TaskLabel {
  readonly id: string;
  readonly name: string;
  readonly type: ShapeType;
  readonly attributes: readonly AttributeSpec[];
  readonly sublabels: readonly TaskLabel[];
}

export interface ModelLabel {
  readonly name: string;
  readonly type: ShapeType;
  readonly attributes: readonly AttributeSpec[];
  readonly sublabels: readonly ModelLabel[];
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

/** `suggestLabelMapping`'s answer: one entry per model label it could match. */
export interface LabelMapping {
  readonly modelLabel: string;
  readonly taskLabelId: string;
  readonly taskLabel: string;
  readonly attributes: readonly AttributeMapping[];
  readonly sublabels: readonly LabelMapping[];
}

export interface LabelMappingInput {
  readonly modelLabel: string;
  /** The task label's name or id (this console sends the id). */
  readonly taskLabel: string;
  /** Omitted: mapped by name on the server. */
  readonly attributes?: readonly AttributeMapping[];
  /** Skeletons only. Omitted: points mapped by name. */
  readonly sublabels?: readonly LabelMappingInput[];
}

export interface StartAutoAnnotationInput {
  readonly taskId: string;
  readonly modelId: string;
  readonly mapping?: readonly LabelMappingInput[];
  /** In (0, 1]; omitted: the model's default. */
  readonly threshold?: number;
  readonly convertMasksToPolygons?: boolean;
  readonly cleanOldAnnotations?: boolean;
}

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

const ATTRIBUTE_FIELDS = "name inputType values";
const MODEL_SUMMARY_FIELDS = "id name source kind defaultThreshold returnsMasks supported unsupportedReason";
const JOB_PROGRESS_FIELDS = "id taskId status framesTotal framesDone framesFailed fps etaSeconds failureCode failureReason";

/** For the task page: the labels the dialog takes as `taskLabels`. */
export const TASK_LABELS_QUERY = /* GraphQL */ `
  query AutoAnnotationTaskLabels($id: ID!) {
    task(id: $id) {
      id
      labels {
        id name type attributes { ${ATTRIBUTE_FIELDS} }
        sublabels { id name type attributes { ${ATTRIBUTE_FIELDS} } sublabels { id name type attributes { ${ATTRIBUTE_FIELDS} } } }
      }
    }
  }
`;
export interface TaskLabelsData {
  readonly task: { readonly id: string; readonly labels: readonly TaskLabel[] } | null;
}

export const MODELS_QUERY = /* GraphQL */ `
  query AutoAnnotationModels {
    models { ${MODEL_SUMMARY_FIELDS} }
  }
`;
export interface ModelsData {
  readonly models: readonly ModelSummary[];
}

export const MODEL_QUERY = /* GraphQL */ `
  query AutoAnnotationModel($id: ID!) {
    model(id: $id) {
      ${MODEL_SUMMARY_FIELDS}
      description
      labels {
        name type attributes { ${ATTRIBUTE_FIELDS} }
        sublabels { name type attributes { ${ATTRIBUTE_FIELDS} } sublabels { name type attributes { ${ATTRIBUTE_FIELDS} } } }
      }
    }
  }
`;
export interface ModelData {
  readonly model: ModelDetail | null;
}
export interface ModelVariables {
  readonly id: string;
}

export const SUGGEST_LABEL_MAPPING_QUERY = /* GraphQL */ `
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
`;
export interface SuggestLabelMappingData {
  readonly suggestLabelMapping: readonly LabelMapping[];
}
export interface SuggestLabelMappingVariables {
  readonly taskId: string;
  readonly modelId: string;
}

export const START_AUTO_ANNOTATION_MUTATION = /* GraphQL */ `
  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {
    startAutoAnnotation(input: $input) { ${JOB_PROGRESS_FIELDS} }
  }
`;
export interface StartAutoAnnotationData {
  readonly startAutoAnnotation: JobProgress;
}
export interface StartAutoAnnotationVariables {
  readonly input: StartAutoAnnotationInput;
}

export const CANCEL_AUTO_ANNOTATION_MUTATION = /* GraphQL */ `
  mutation CancelAutoAnnotation($jobId: ID!) {
    cancelAutoAnnotation(jobId: $jobId) { ${JOB_PROGRESS_FIELDS} }
  }
`;
export interface CancelAutoAnnotationData {
  readonly cancelAutoAnnotation: JobProgress;
}
export interface CancelAutoAnnotationVariables {
  readonly jobId: string;
}

export const AUTO_ANNOTATION_PROGRESS_SUBSCRIPTION = /* GraphQL */ `
  subscription AutoAnnotationProgress($jobId: ID!) {
    autoAnnotationProgress(jobId: $jobId) { ${JOB_PROGRESS_FIELDS} }
  }
`;
export interface AutoAnnotationProgressData {
  readonly autoAnnotationProgress: JobProgress;
}
export interface AutoAnnotationProgressVariables {
  readonly jobId: string;
}
