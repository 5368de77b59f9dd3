/** The public operations e2e drives, written as a frontend team would. */
export const CREATE_TASK = /* GraphQL */ `
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      id
      name
      size
      labels {
        id
        name
        type
        attributes {
          name
          inputType
          values
        }
      }
    }
  }
`;

export const ADD_FRAMES = /* GraphQL */ `
  mutation AddFrames($taskId: ID!, $files: [Upload!]!) {
    addFrames(taskId: $taskId, files: $files) {
      id
      size
      frames(first: 500) {
        totalCount
        edges {
          node {
            index
            name
            width
            height
          }
        }
      }
    }
  }
`;

/** A Relay connection's selection: its total, where the next page starts, and `node` of each edge. */
export const connectionOf = (node: string): string => `totalCount pageInfo { hasNextPage endCursor } edges { node { ${node} } }`;

/** Every field of an annotation a test reads, a skeleton's points (elements) included. */
const ANNOTATION_FIELDS = /* GraphQL */ `
  id frame type points score source jobId
  label { id name }
  attributes { name value }
  mask { counts left top right bottom }
  elements { type points score occluded outside label { name } }
`;

export const TASK_ANNOTATIONS = /* GraphQL */ `
  query TaskAnnotations($id: ID!, $after: String) {
    task(id: $id) {
      id
      size
      annotations(first: 500, after: $after) { ${connectionOf(ANNOTATION_FIELDS)} }
      autoAnnotationJobs {
        id
        status
      }
    }
  }
`;

export const MODELS = /* GraphQL */ `
  query Models {
    models {
      id
      name
      source
      kind
      defaultThreshold
      returnsMasks
      labels {
        name
        type
      }
    }
  }
`;

export const SUGGEST = /* GraphQL */ `
  query Suggest($taskId: ID!, $modelId: ID!) {
    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {
      modelLabel
      taskLabelId
      taskLabel
    }
  }
`;

/** previewAutoAnnotation with every field a client would show. */
export const PREVIEW = /* GraphQL */ `
  mutation Preview($input: StartAutoAnnotationInput!, $frames: [Int!]!) {
    previewAutoAnnotation(input: $input, frames: $frames) {
      taskId
      threshold
      totalMs
      model {
        id
      }
      mapping {
        modelLabel
        taskLabel
      }
      frames {
        frame
        totalMs
        inferenceMs
        decodeMs
        unmappedDetections
        droppedAttributeValues
        failure {
          code
          reason
        }
        shapes {
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
          elements {
            taskLabel
            type
            points
            outside
          }
          mask {
            left
            top
            right
            bottom
          }
        }
      }
    }
  }
`;

export const START = /* GraphQL */ `
  mutation Start($input: StartAutoAnnotationInput!) {
    startAutoAnnotation(input: $input) {
      id
      status
      framesTotal
      threshold
      mapping {
        modelLabel
        taskLabel
      }
    }
  }
`;

export const CANCEL = /* GraphQL */ `
  mutation Cancel($jobId: ID!) {
    cancelAutoAnnotation(jobId: $jobId) {
      id
      status
    }
  }
`;

/** What a job's poll and its progress subscription both read. */
const JOB_PROGRESS = /* GraphQL */ `
  fragment JobProgress on AutoAnnotationJob {
    id
    status
    framesTotal
    framesDone
    framesFailed
    fps
    etaSeconds
    task {
      id
      name
    }
    model {
      id
      name
    }
  }
`;

export const JOB = /* GraphQL */ `
  query Job($id: ID!) {
    autoAnnotationJob(id: $id) {
      ...JobProgress
      threshold
      failures {
        frame
        code
        reason
      }
    }
  }
  ${JOB_PROGRESS}
`;

export const PROGRESS = /* GraphQL */ `
  subscription Progress($jobId: ID!) {
    autoAnnotationProgress(jobId: $jobId) {
      ...JobProgress
    }
  }
  ${JOB_PROGRESS}
`;

export const DELETE_TASK = /* GraphQL */ `
  mutation Del($id: ID!) {
    deleteTask(id: $id)
  }
`;

/** Cloud mode: who the caller is. */
export const VIEWER = /* GraphQL */ `
  query Viewer {
    viewer {
      tenant {
        id
        name
      }
      subject
      roles
    }
  }
`;

export const CREATE_API_KEY = /* GraphQL */ `
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
        role
        hint
      }
    }
  }
`;

export const REVOKE_API_KEY = /* GraphQL */ `
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`;

/** What a batch's read, start, cancel and progress all return: its totals and each task's job. */
const BATCH_PROGRESS = /* GraphQL */ `
  fragment BatchProgress on AutoAnnotationBatch {
    id
    status
    framesTotal
    framesDone
    framesFailed
    fps
    etaSeconds
    finishedAt
    model {
      id
      name
    }
    jobs {
      ...JobProgress
      mapping {
        modelLabel
        taskLabel
      }
    }
  }
  ${JOB_PROGRESS}
`;

export const START_BATCH = /* GraphQL */ `
  mutation StartBatch($input: StartAutoAnnotationBatchInput!) {
    startAutoAnnotationBatch(input: $input) {
      ...BatchProgress
    }
  }
  ${BATCH_PROGRESS}
`;

export const CANCEL_BATCH = /* GraphQL */ `
  mutation CancelBatch($batchId: ID!) {
    cancelAutoAnnotationBatch(batchId: $batchId) {
      ...BatchProgress
    }
  }
  ${BATCH_PROGRESS}
`;

export const BATCH = /* GraphQL */ `
  query Batch($id: ID!) {
    autoAnnotationBatch(id: $id) {
      ...BatchProgress
    }
  }
  ${BATCH_PROGRESS}
`;

export const BATCH_PROGRESS_SUBSCRIPTION = /* GraphQL */ `
  subscription BatchProgress($batchId: ID!) {
    autoAnnotationBatchProgress(batchId: $batchId) {
      ...BatchProgress
    }
  }
  ${BATCH_PROGRESS}
`;
