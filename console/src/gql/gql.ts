/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AutoAnnotationTaskLabels($id: ID!) {\n    task(id: $id) {\n      id\n      labels {\n        id\n        name\n        type\n        attributes {\n          ...AttributeSpecFields\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            ...AttributeSpecFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.AutoAnnotationTaskLabelsDocument,
    "\n  query AutoAnnotationModels {\n    models {\n      ...ModelSummaryFields\n    }\n  }\n": typeof types.AutoAnnotationModelsDocument,
    "\n  query AutoAnnotationModel($id: ID!) {\n    model(id: $id) {\n      ...ModelSummaryFields\n      description\n      labels {\n        ...ModelLabelFields\n      }\n    }\n  }\n": typeof types.AutoAnnotationModelDocument,
    "\n  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {\n    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {\n      modelLabel\n      taskLabelId\n      taskLabel\n      attributes {\n        modelAttribute\n        taskAttribute\n      }\n      sublabels {\n        modelLabel\n        taskLabelId\n        taskLabel\n        attributes {\n          modelAttribute\n          taskAttribute\n        }\n      }\n    }\n  }\n": typeof types.AutoAnnotationSuggestedMappingDocument,
    "\n  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {\n    startAutoAnnotation(input: $input) {\n      ...JobProgressFields\n    }\n  }\n": typeof types.StartAutoAnnotationDocument,
    "\n  mutation CancelAutoAnnotation($jobId: ID!) {\n    cancelAutoAnnotation(jobId: $jobId) {\n      ...JobProgressFields\n    }\n  }\n": typeof types.CancelAutoAnnotationDocument,
    "\n  subscription AutoAnnotationProgress($jobId: ID!) {\n    autoAnnotationProgress(jobId: $jobId) {\n      ...JobProgressFields\n    }\n  }\n": typeof types.AutoAnnotationProgressDocument,
    "\n  query DeploymentMode {\n    deploymentMode\n  }\n": typeof types.DeploymentModeDocument,
    "\n  query Viewer {\n    viewer {\n      tenant {\n        id\n        name\n      }\n      subject\n      roles\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        role\n        hint\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query ModelsPage {\n    deploymentMode\n    models {\n      id\n      name\n      description\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      license\n      measuredMsPerFrame\n      supported\n      unsupportedReason\n      deletable\n      inputSize {\n        width\n        height\n      }\n      labels {\n        ...ModelLabelFields\n      }\n      hub {\n        provider\n        modelRef\n        task\n        credentialHint\n      }\n    }\n  }\n": typeof types.ModelsPageDocument,
    "\n  mutation DeleteModel($id: ID!) {\n    deleteModel(id: $id)\n  }\n": typeof types.DeleteModelDocument,
    "\n  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {\n    uploadModel(file: $file, spec: $spec) {\n      id\n      name\n    }\n  }\n": typeof types.UploadModelDocument,
    "\n  mutation AddHuggingFaceModel($input: AddHuggingFaceModelInput!) {\n    addHuggingFaceModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n": typeof types.AddHuggingFaceModelDocument,
    "\n  mutation AddRoboflowModel($input: AddRoboflowModelInput!) {\n    addRoboflowModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n": typeof types.AddRoboflowModelDocument,
    "\n  mutation UpdateHubCredential($id: ID!, $token: String!) {\n    updateHubCredential(id: $id, token: $token) {\n      id\n      hub {\n        credentialHint\n      }\n    }\n  }\n": typeof types.UpdateHubCredentialDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateTaskDocument,
    "\n  query TaskPage($id: ID!, $jobs: Int!) {\n    task(id: $id) {\n      id\n      name\n      size\n      createdAt\n      labels {\n        id\n        name\n        type\n        attributes {\n          ...AttributeSpecFields\n          defaultValue\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            ...AttributeSpecFields\n            defaultValue\n          }\n        }\n      }\n      autoAnnotationJobs(first: $jobs) {\n        id\n        status\n        model {\n          id\n          name\n        }\n        framesTotal\n        framesDone\n        framesFailed\n        fps\n        etaSeconds\n        threshold\n        convertMasksToPolygons\n        cleanOldAnnotations\n        mapping {\n          modelLabel\n          taskLabelId\n          taskLabel\n          attributes {\n            modelAttribute\n            taskAttribute\n          }\n          sublabels {\n            modelLabel\n            taskLabel\n          }\n        }\n        droppedAttributeValues\n        unmappedDetections\n        failures {\n          frame\n          code\n          reason\n        }\n        failureCode\n        failureReason\n        createdAt\n        finishedAt\n      }\n    }\n  }\n": typeof types.TaskPageDocument,
    "\n  query TaskFrames($id: ID!, $first: Int!, $after: String) {\n    task(id: $id) {\n      id\n      frames(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            index\n            name\n            width\n            height\n            sizeBytes\n            thumbnail: image(maxSize: 160) {\n              dataUrl\n              width\n              height\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.TaskFramesDocument,
    "\n  query FrameImage($id: ID!, $index: Int!, $maxSize: Int!) {\n    task(id: $id) {\n      id\n      frame(index: $index) {\n        index\n        image(maxSize: $maxSize) {\n          dataUrl\n          width\n          height\n        }\n      }\n    }\n  }\n": typeof types.FrameImageDocument,
    "\n  query FrameAnnotations($id: ID!, $frame: Int!, $first: Int!, $after: String) {\n    task(id: $id) {\n      id\n      annotations(frame: $frame, first: $first, after: $after) {\n        edges {\n          node {\n            id\n            frame\n            label {\n              id\n              name\n            }\n            type\n            points\n            score\n            source\n            jobId\n            occluded\n            outside\n            attributes {\n              name\n              value\n            }\n            mask {\n              counts\n              left\n              top\n              right\n              bottom\n            }\n            elements {\n              id\n              frame\n              label {\n                id\n                name\n              }\n              type\n              points\n              score\n              source\n              jobId\n              occluded\n              outside\n              attributes {\n                name\n                value\n              }\n              mask {\n                counts\n                left\n                top\n                right\n                bottom\n              }\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.FrameAnnotationsDocument,
    "\n  mutation AddFrames($taskId: ID!, $files: [Upload!]!) {\n    addFrames(taskId: $taskId, files: $files) {\n      id\n      size\n    }\n  }\n": typeof types.AddFramesDocument,
    "\n  mutation ImportFrames($taskId: ID!, $serverPath: String!) {\n    importFrames(taskId: $taskId, serverPath: $serverPath) {\n      id\n      size\n    }\n  }\n": typeof types.ImportFramesDocument,
    "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id)\n  }\n": typeof types.DeleteTaskDocument,
    "\n  fragment AttributeSpecFields on AttributeSpec {\n    name\n    inputType\n    values\n  }\n": typeof types.AttributeSpecFieldsFragmentDoc,
    "\n  fragment ModelLabelFields on ModelLabel {\n    name\n    type\n    attributes {\n      ...AttributeSpecFields\n    }\n    sublabels {\n      name\n      type\n      attributes {\n        ...AttributeSpecFields\n      }\n    }\n  }\n": typeof types.ModelLabelFieldsFragmentDoc,
    "\n  fragment ModelSummaryFields on Model {\n    id\n    name\n    source\n    kind\n    defaultThreshold\n    returnsMasks\n    supported\n    unsupportedReason\n  }\n": typeof types.ModelSummaryFieldsFragmentDoc,
    "\n  fragment JobProgressFields on AutoAnnotationJob {\n    id\n    taskId\n    status\n    framesTotal\n    framesDone\n    framesFailed\n    fps\n    etaSeconds\n    failureCode\n    failureReason\n  }\n": typeof types.JobProgressFieldsFragmentDoc,
    "\n  query Tasks($first: Int!, $after: String) {\n    tasks(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          name\n          size\n          labels {\n            id\n            name\n            type\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.TasksDocument,
};
const documents: Documents = {
    "\n  query AutoAnnotationTaskLabels($id: ID!) {\n    task(id: $id) {\n      id\n      labels {\n        id\n        name\n        type\n        attributes {\n          ...AttributeSpecFields\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            ...AttributeSpecFields\n          }\n        }\n      }\n    }\n  }\n": types.AutoAnnotationTaskLabelsDocument,
    "\n  query AutoAnnotationModels {\n    models {\n      ...ModelSummaryFields\n    }\n  }\n": types.AutoAnnotationModelsDocument,
    "\n  query AutoAnnotationModel($id: ID!) {\n    model(id: $id) {\n      ...ModelSummaryFields\n      description\n      labels {\n        ...ModelLabelFields\n      }\n    }\n  }\n": types.AutoAnnotationModelDocument,
    "\n  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {\n    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {\n      modelLabel\n      taskLabelId\n      taskLabel\n      attributes {\n        modelAttribute\n        taskAttribute\n      }\n      sublabels {\n        modelLabel\n        taskLabelId\n        taskLabel\n        attributes {\n          modelAttribute\n          taskAttribute\n        }\n      }\n    }\n  }\n": types.AutoAnnotationSuggestedMappingDocument,
    "\n  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {\n    startAutoAnnotation(input: $input) {\n      ...JobProgressFields\n    }\n  }\n": types.StartAutoAnnotationDocument,
    "\n  mutation CancelAutoAnnotation($jobId: ID!) {\n    cancelAutoAnnotation(jobId: $jobId) {\n      ...JobProgressFields\n    }\n  }\n": types.CancelAutoAnnotationDocument,
    "\n  subscription AutoAnnotationProgress($jobId: ID!) {\n    autoAnnotationProgress(jobId: $jobId) {\n      ...JobProgressFields\n    }\n  }\n": types.AutoAnnotationProgressDocument,
    "\n  query DeploymentMode {\n    deploymentMode\n  }\n": types.DeploymentModeDocument,
    "\n  query Viewer {\n    viewer {\n      tenant {\n        id\n        name\n      }\n      subject\n      roles\n    }\n  }\n": types.ViewerDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        role\n        hint\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query ModelsPage {\n    deploymentMode\n    models {\n      id\n      name\n      description\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      license\n      measuredMsPerFrame\n      supported\n      unsupportedReason\n      deletable\n      inputSize {\n        width\n        height\n      }\n      labels {\n        ...ModelLabelFields\n      }\n      hub {\n        provider\n        modelRef\n        task\n        credentialHint\n      }\n    }\n  }\n": types.ModelsPageDocument,
    "\n  mutation DeleteModel($id: ID!) {\n    deleteModel(id: $id)\n  }\n": types.DeleteModelDocument,
    "\n  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {\n    uploadModel(file: $file, spec: $spec) {\n      id\n      name\n    }\n  }\n": types.UploadModelDocument,
    "\n  mutation AddHuggingFaceModel($input: AddHuggingFaceModelInput!) {\n    addHuggingFaceModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n": types.AddHuggingFaceModelDocument,
    "\n  mutation AddRoboflowModel($input: AddRoboflowModelInput!) {\n    addRoboflowModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n": types.AddRoboflowModelDocument,
    "\n  mutation UpdateHubCredential($id: ID!, $token: String!) {\n    updateHubCredential(id: $id, token: $token) {\n      id\n      hub {\n        credentialHint\n      }\n    }\n  }\n": types.UpdateHubCredentialDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateTaskDocument,
    "\n  query TaskPage($id: ID!, $jobs: Int!) {\n    task(id: $id) {\n      id\n      name\n      size\n      createdAt\n      labels {\n        id\n        name\n        type\n        attributes {\n          ...AttributeSpecFields\n          defaultValue\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            ...AttributeSpecFields\n            defaultValue\n          }\n        }\n      }\n      autoAnnotationJobs(first: $jobs) {\n        id\n        status\n        model {\n          id\n          name\n        }\n        framesTotal\n        framesDone\n        framesFailed\n        fps\n        etaSeconds\n        threshold\n        convertMasksToPolygons\n        cleanOldAnnotations\n        mapping {\n          modelLabel\n          taskLabelId\n          taskLabel\n          attributes {\n            modelAttribute\n            taskAttribute\n          }\n          sublabels {\n            modelLabel\n            taskLabel\n          }\n        }\n        droppedAttributeValues\n        unmappedDetections\n        failures {\n          frame\n          code\n          reason\n        }\n        failureCode\n        failureReason\n        createdAt\n        finishedAt\n      }\n    }\n  }\n": types.TaskPageDocument,
    "\n  query TaskFrames($id: ID!, $first: Int!, $after: String) {\n    task(id: $id) {\n      id\n      frames(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            index\n            name\n            width\n            height\n            sizeBytes\n            thumbnail: image(maxSize: 160) {\n              dataUrl\n              width\n              height\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.TaskFramesDocument,
    "\n  query FrameImage($id: ID!, $index: Int!, $maxSize: Int!) {\n    task(id: $id) {\n      id\n      frame(index: $index) {\n        index\n        image(maxSize: $maxSize) {\n          dataUrl\n          width\n          height\n        }\n      }\n    }\n  }\n": types.FrameImageDocument,
    "\n  query FrameAnnotations($id: ID!, $frame: Int!, $first: Int!, $after: String) {\n    task(id: $id) {\n      id\n      annotations(frame: $frame, first: $first, after: $after) {\n        edges {\n          node {\n            id\n            frame\n            label {\n              id\n              name\n            }\n            type\n            points\n            score\n            source\n            jobId\n            occluded\n            outside\n            attributes {\n              name\n              value\n            }\n            mask {\n              counts\n              left\n              top\n              right\n              bottom\n            }\n            elements {\n              id\n              frame\n              label {\n                id\n                name\n              }\n              type\n              points\n              score\n              source\n              jobId\n              occluded\n              outside\n              attributes {\n                name\n                value\n              }\n              mask {\n                counts\n                left\n                top\n                right\n                bottom\n              }\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.FrameAnnotationsDocument,
    "\n  mutation AddFrames($taskId: ID!, $files: [Upload!]!) {\n    addFrames(taskId: $taskId, files: $files) {\n      id\n      size\n    }\n  }\n": types.AddFramesDocument,
    "\n  mutation ImportFrames($taskId: ID!, $serverPath: String!) {\n    importFrames(taskId: $taskId, serverPath: $serverPath) {\n      id\n      size\n    }\n  }\n": types.ImportFramesDocument,
    "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id)\n  }\n": types.DeleteTaskDocument,
    "\n  fragment AttributeSpecFields on AttributeSpec {\n    name\n    inputType\n    values\n  }\n": types.AttributeSpecFieldsFragmentDoc,
    "\n  fragment ModelLabelFields on ModelLabel {\n    name\n    type\n    attributes {\n      ...AttributeSpecFields\n    }\n    sublabels {\n      name\n      type\n      attributes {\n        ...AttributeSpecFields\n      }\n    }\n  }\n": types.ModelLabelFieldsFragmentDoc,
    "\n  fragment ModelSummaryFields on Model {\n    id\n    name\n    source\n    kind\n    defaultThreshold\n    returnsMasks\n    supported\n    unsupportedReason\n  }\n": types.ModelSummaryFieldsFragmentDoc,
    "\n  fragment JobProgressFields on AutoAnnotationJob {\n    id\n    taskId\n    status\n    framesTotal\n    framesDone\n    framesFailed\n    fps\n    etaSeconds\n    failureCode\n    failureReason\n  }\n": types.JobProgressFieldsFragmentDoc,
    "\n  query Tasks($first: Int!, $after: String) {\n    tasks(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          name\n          size\n          labels {\n            id\n            name\n            type\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.TasksDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoAnnotationTaskLabels($id: ID!) {\n    task(id: $id) {\n      id\n      labels {\n        id\n        name\n        type\n        attributes {\n          ...AttributeSpecFields\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            ...AttributeSpecFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AutoAnnotationTaskLabels($id: ID!) {\n    task(id: $id) {\n      id\n      labels {\n        id\n        name\n        type\n        attributes {\n          ...AttributeSpecFields\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            ...AttributeSpecFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoAnnotationModels {\n    models {\n      ...ModelSummaryFields\n    }\n  }\n"): (typeof documents)["\n  query AutoAnnotationModels {\n    models {\n      ...ModelSummaryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoAnnotationModel($id: ID!) {\n    model(id: $id) {\n      ...ModelSummaryFields\n      description\n      labels {\n        ...ModelLabelFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query AutoAnnotationModel($id: ID!) {\n    model(id: $id) {\n      ...ModelSummaryFields\n      description\n      labels {\n        ...ModelLabelFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {\n    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {\n      modelLabel\n      taskLabelId\n      taskLabel\n      attributes {\n        modelAttribute\n        taskAttribute\n      }\n      sublabels {\n        modelLabel\n        taskLabelId\n        taskLabel\n        attributes {\n          modelAttribute\n          taskAttribute\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {\n    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {\n      modelLabel\n      taskLabelId\n      taskLabel\n      attributes {\n        modelAttribute\n        taskAttribute\n      }\n      sublabels {\n        modelLabel\n        taskLabelId\n        taskLabel\n        attributes {\n          modelAttribute\n          taskAttribute\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {\n    startAutoAnnotation(input: $input) {\n      ...JobProgressFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {\n    startAutoAnnotation(input: $input) {\n      ...JobProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelAutoAnnotation($jobId: ID!) {\n    cancelAutoAnnotation(jobId: $jobId) {\n      ...JobProgressFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelAutoAnnotation($jobId: ID!) {\n    cancelAutoAnnotation(jobId: $jobId) {\n      ...JobProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AutoAnnotationProgress($jobId: ID!) {\n    autoAnnotationProgress(jobId: $jobId) {\n      ...JobProgressFields\n    }\n  }\n"): (typeof documents)["\n  subscription AutoAnnotationProgress($jobId: ID!) {\n    autoAnnotationProgress(jobId: $jobId) {\n      ...JobProgressFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeploymentMode {\n    deploymentMode\n  }\n"): (typeof documents)["\n  query DeploymentMode {\n    deploymentMode\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      tenant {\n        id\n        name\n      }\n      subject\n      roles\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      tenant {\n        id\n        name\n      }\n      subject\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        role\n        hint\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        role\n        hint\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelsPage {\n    deploymentMode\n    models {\n      id\n      name\n      description\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      license\n      measuredMsPerFrame\n      supported\n      unsupportedReason\n      deletable\n      inputSize {\n        width\n        height\n      }\n      labels {\n        ...ModelLabelFields\n      }\n      hub {\n        provider\n        modelRef\n        task\n        credentialHint\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelsPage {\n    deploymentMode\n    models {\n      id\n      name\n      description\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      license\n      measuredMsPerFrame\n      supported\n      unsupportedReason\n      deletable\n      inputSize {\n        width\n        height\n      }\n      labels {\n        ...ModelLabelFields\n      }\n      hub {\n        provider\n        modelRef\n        task\n        credentialHint\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteModel($id: ID!) {\n    deleteModel(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteModel($id: ID!) {\n    deleteModel(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {\n    uploadModel(file: $file, spec: $spec) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {\n    uploadModel(file: $file, spec: $spec) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddHuggingFaceModel($input: AddHuggingFaceModelInput!) {\n    addHuggingFaceModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddHuggingFaceModel($input: AddHuggingFaceModelInput!) {\n    addHuggingFaceModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddRoboflowModel($input: AddRoboflowModelInput!) {\n    addRoboflowModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddRoboflowModel($input: AddRoboflowModelInput!) {\n    addRoboflowModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateHubCredential($id: ID!, $token: String!) {\n    updateHubCredential(id: $id, token: $token) {\n      id\n      hub {\n        credentialHint\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateHubCredential($id: ID!, $token: String!) {\n    updateHubCredential(id: $id, token: $token) {\n      id\n      hub {\n        credentialHint\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTask($input: CreateTaskInput!) {\n    createTask(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskPage($id: ID!, $jobs: Int!) {\n    task(id: $id) {\n      id\n      name\n      size\n      createdAt\n      labels {\n        id\n        name\n        type\n        attributes {\n          ...AttributeSpecFields\n          defaultValue\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            ...AttributeSpecFields\n            defaultValue\n          }\n        }\n      }\n      autoAnnotationJobs(first: $jobs) {\n        id\n        status\n        model {\n          id\n          name\n        }\n        framesTotal\n        framesDone\n        framesFailed\n        fps\n        etaSeconds\n        threshold\n        convertMasksToPolygons\n        cleanOldAnnotations\n        mapping {\n          modelLabel\n          taskLabelId\n          taskLabel\n          attributes {\n            modelAttribute\n            taskAttribute\n          }\n          sublabels {\n            modelLabel\n            taskLabel\n          }\n        }\n        droppedAttributeValues\n        unmappedDetections\n        failures {\n          frame\n          code\n          reason\n        }\n        failureCode\n        failureReason\n        createdAt\n        finishedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query TaskPage($id: ID!, $jobs: Int!) {\n    task(id: $id) {\n      id\n      name\n      size\n      createdAt\n      labels {\n        id\n        name\n        type\n        attributes {\n          ...AttributeSpecFields\n          defaultValue\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            ...AttributeSpecFields\n            defaultValue\n          }\n        }\n      }\n      autoAnnotationJobs(first: $jobs) {\n        id\n        status\n        model {\n          id\n          name\n        }\n        framesTotal\n        framesDone\n        framesFailed\n        fps\n        etaSeconds\n        threshold\n        convertMasksToPolygons\n        cleanOldAnnotations\n        mapping {\n          modelLabel\n          taskLabelId\n          taskLabel\n          attributes {\n            modelAttribute\n            taskAttribute\n          }\n          sublabels {\n            modelLabel\n            taskLabel\n          }\n        }\n        droppedAttributeValues\n        unmappedDetections\n        failures {\n          frame\n          code\n          reason\n        }\n        failureCode\n        failureReason\n        createdAt\n        finishedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskFrames($id: ID!, $first: Int!, $after: String) {\n    task(id: $id) {\n      id\n      frames(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            index\n            name\n            width\n            height\n            sizeBytes\n            thumbnail: image(maxSize: 160) {\n              dataUrl\n              width\n              height\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TaskFrames($id: ID!, $first: Int!, $after: String) {\n    task(id: $id) {\n      id\n      frames(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            index\n            name\n            width\n            height\n            sizeBytes\n            thumbnail: image(maxSize: 160) {\n              dataUrl\n              width\n              height\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FrameImage($id: ID!, $index: Int!, $maxSize: Int!) {\n    task(id: $id) {\n      id\n      frame(index: $index) {\n        index\n        image(maxSize: $maxSize) {\n          dataUrl\n          width\n          height\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FrameImage($id: ID!, $index: Int!, $maxSize: Int!) {\n    task(id: $id) {\n      id\n      frame(index: $index) {\n        index\n        image(maxSize: $maxSize) {\n          dataUrl\n          width\n          height\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FrameAnnotations($id: ID!, $frame: Int!, $first: Int!, $after: String) {\n    task(id: $id) {\n      id\n      annotations(frame: $frame, first: $first, after: $after) {\n        edges {\n          node {\n            id\n            frame\n            label {\n              id\n              name\n            }\n            type\n            points\n            score\n            source\n            jobId\n            occluded\n            outside\n            attributes {\n              name\n              value\n            }\n            mask {\n              counts\n              left\n              top\n              right\n              bottom\n            }\n            elements {\n              id\n              frame\n              label {\n                id\n                name\n              }\n              type\n              points\n              score\n              source\n              jobId\n              occluded\n              outside\n              attributes {\n                name\n                value\n              }\n              mask {\n                counts\n                left\n                top\n                right\n                bottom\n              }\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FrameAnnotations($id: ID!, $frame: Int!, $first: Int!, $after: String) {\n    task(id: $id) {\n      id\n      annotations(frame: $frame, first: $first, after: $after) {\n        edges {\n          node {\n            id\n            frame\n            label {\n              id\n              name\n            }\n            type\n            points\n            score\n            source\n            jobId\n            occluded\n            outside\n            attributes {\n              name\n              value\n            }\n            mask {\n              counts\n              left\n              top\n              right\n              bottom\n            }\n            elements {\n              id\n              frame\n              label {\n                id\n                name\n              }\n              type\n              points\n              score\n              source\n              jobId\n              occluded\n              outside\n              attributes {\n                name\n                value\n              }\n              mask {\n                counts\n                left\n                top\n                right\n                bottom\n              }\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddFrames($taskId: ID!, $files: [Upload!]!) {\n    addFrames(taskId: $taskId, files: $files) {\n      id\n      size\n    }\n  }\n"): (typeof documents)["\n  mutation AddFrames($taskId: ID!, $files: [Upload!]!) {\n    addFrames(taskId: $taskId, files: $files) {\n      id\n      size\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportFrames($taskId: ID!, $serverPath: String!) {\n    importFrames(taskId: $taskId, serverPath: $serverPath) {\n      id\n      size\n    }\n  }\n"): (typeof documents)["\n  mutation ImportFrames($taskId: ID!, $serverPath: String!) {\n    importFrames(taskId: $taskId, serverPath: $serverPath) {\n      id\n      size\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteTask($id: ID!) {\n    deleteTask(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AttributeSpecFields on AttributeSpec {\n    name\n    inputType\n    values\n  }\n"): (typeof documents)["\n  fragment AttributeSpecFields on AttributeSpec {\n    name\n    inputType\n    values\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ModelLabelFields on ModelLabel {\n    name\n    type\n    attributes {\n      ...AttributeSpecFields\n    }\n    sublabels {\n      name\n      type\n      attributes {\n        ...AttributeSpecFields\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ModelLabelFields on ModelLabel {\n    name\n    type\n    attributes {\n      ...AttributeSpecFields\n    }\n    sublabels {\n      name\n      type\n      attributes {\n        ...AttributeSpecFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ModelSummaryFields on Model {\n    id\n    name\n    source\n    kind\n    defaultThreshold\n    returnsMasks\n    supported\n    unsupportedReason\n  }\n"): (typeof documents)["\n  fragment ModelSummaryFields on Model {\n    id\n    name\n    source\n    kind\n    defaultThreshold\n    returnsMasks\n    supported\n    unsupportedReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobProgressFields on AutoAnnotationJob {\n    id\n    taskId\n    status\n    framesTotal\n    framesDone\n    framesFailed\n    fps\n    etaSeconds\n    failureCode\n    failureReason\n  }\n"): (typeof documents)["\n  fragment JobProgressFields on AutoAnnotationJob {\n    id\n    taskId\n    status\n    framesTotal\n    framesDone\n    framesFailed\n    fps\n    etaSeconds\n    failureCode\n    failureReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tasks($first: Int!, $after: String) {\n    tasks(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          name\n          size\n          labels {\n            id\n            name\n            type\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Tasks($first: Int!, $after: String) {\n    tasks(first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          name\n          size\n          labels {\n            id\n            name\n            type\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;