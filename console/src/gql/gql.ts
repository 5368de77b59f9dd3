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
    "\n  query AutoAnnotationTaskLabels($id: ID!) {\n    task(id: $id) {\n      id\n      labels {\n        id\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n    }\n  }\n": typeof types.AutoAnnotationTaskLabelsDocument,
    "\n  query AutoAnnotationModels {\n    models {\n      id\n      name\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      supported\n      unsupportedReason\n    }\n  }\n": typeof types.AutoAnnotationModelsDocument,
    "\n  query AutoAnnotationModel($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      supported\n      unsupportedReason\n      description\n      labels {\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n    }\n  }\n": typeof types.AutoAnnotationModelDocument,
    "\n  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {\n    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {\n      modelLabel\n      taskLabelId\n      taskLabel\n      attributes {\n        modelAttribute\n        taskAttribute\n      }\n      sublabels {\n        modelLabel\n        taskLabelId\n        taskLabel\n        attributes {\n          modelAttribute\n          taskAttribute\n        }\n      }\n    }\n  }\n": typeof types.AutoAnnotationSuggestedMappingDocument,
    "\n  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {\n    startAutoAnnotation(input: $input) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n": typeof types.StartAutoAnnotationDocument,
    "\n  mutation CancelAutoAnnotation($jobId: ID!) {\n    cancelAutoAnnotation(jobId: $jobId) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n": typeof types.CancelAutoAnnotationDocument,
    "\n  subscription AutoAnnotationProgress($jobId: ID!) {\n    autoAnnotationProgress(jobId: $jobId) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n": typeof types.AutoAnnotationProgressDocument,
    "\n  query DeploymentMode {\n    deploymentMode\n  }\n": typeof types.DeploymentModeDocument,
    "\n  query Viewer {\n    viewer {\n      tenant {\n        id\n        name\n      }\n      subject\n      roles\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        role\n        hint\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query Tasks($first: Int!) {\n    tasks(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          size\n          labels {\n            id\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.TasksDocument,
};
const documents: Documents = {
    "\n  query AutoAnnotationTaskLabels($id: ID!) {\n    task(id: $id) {\n      id\n      labels {\n        id\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n    }\n  }\n": types.AutoAnnotationTaskLabelsDocument,
    "\n  query AutoAnnotationModels {\n    models {\n      id\n      name\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      supported\n      unsupportedReason\n    }\n  }\n": types.AutoAnnotationModelsDocument,
    "\n  query AutoAnnotationModel($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      supported\n      unsupportedReason\n      description\n      labels {\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n    }\n  }\n": types.AutoAnnotationModelDocument,
    "\n  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {\n    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {\n      modelLabel\n      taskLabelId\n      taskLabel\n      attributes {\n        modelAttribute\n        taskAttribute\n      }\n      sublabels {\n        modelLabel\n        taskLabelId\n        taskLabel\n        attributes {\n          modelAttribute\n          taskAttribute\n        }\n      }\n    }\n  }\n": types.AutoAnnotationSuggestedMappingDocument,
    "\n  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {\n    startAutoAnnotation(input: $input) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n": types.StartAutoAnnotationDocument,
    "\n  mutation CancelAutoAnnotation($jobId: ID!) {\n    cancelAutoAnnotation(jobId: $jobId) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n": types.CancelAutoAnnotationDocument,
    "\n  subscription AutoAnnotationProgress($jobId: ID!) {\n    autoAnnotationProgress(jobId: $jobId) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n": types.AutoAnnotationProgressDocument,
    "\n  query DeploymentMode {\n    deploymentMode\n  }\n": types.DeploymentModeDocument,
    "\n  query Viewer {\n    viewer {\n      tenant {\n        id\n        name\n      }\n      subject\n      roles\n    }\n  }\n": types.ViewerDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        role\n        hint\n        createdAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      name\n      role\n      hint\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query Tasks($first: Int!) {\n    tasks(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          size\n          labels {\n            id\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": types.TasksDocument,
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
export function graphql(source: "\n  query AutoAnnotationTaskLabels($id: ID!) {\n    task(id: $id) {\n      id\n      labels {\n        id\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AutoAnnotationTaskLabels($id: ID!) {\n    task(id: $id) {\n      id\n      labels {\n        id\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          id\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoAnnotationModels {\n    models {\n      id\n      name\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      supported\n      unsupportedReason\n    }\n  }\n"): (typeof documents)["\n  query AutoAnnotationModels {\n    models {\n      id\n      name\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      supported\n      unsupportedReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoAnnotationModel($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      supported\n      unsupportedReason\n      description\n      labels {\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AutoAnnotationModel($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      supported\n      unsupportedReason\n      description\n      labels {\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {\n    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {\n      modelLabel\n      taskLabelId\n      taskLabel\n      attributes {\n        modelAttribute\n        taskAttribute\n      }\n      sublabels {\n        modelLabel\n        taskLabelId\n        taskLabel\n        attributes {\n          modelAttribute\n          taskAttribute\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AutoAnnotationSuggestedMapping($taskId: ID!, $modelId: ID!) {\n    suggestLabelMapping(taskId: $taskId, modelId: $modelId) {\n      modelLabel\n      taskLabelId\n      taskLabel\n      attributes {\n        modelAttribute\n        taskAttribute\n      }\n      sublabels {\n        modelLabel\n        taskLabelId\n        taskLabel\n        attributes {\n          modelAttribute\n          taskAttribute\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {\n    startAutoAnnotation(input: $input) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n"): (typeof documents)["\n  mutation StartAutoAnnotation($input: StartAutoAnnotationInput!) {\n    startAutoAnnotation(input: $input) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelAutoAnnotation($jobId: ID!) {\n    cancelAutoAnnotation(jobId: $jobId) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n"): (typeof documents)["\n  mutation CancelAutoAnnotation($jobId: ID!) {\n    cancelAutoAnnotation(jobId: $jobId) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AutoAnnotationProgress($jobId: ID!) {\n    autoAnnotationProgress(jobId: $jobId) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n"): (typeof documents)["\n  subscription AutoAnnotationProgress($jobId: ID!) {\n    autoAnnotationProgress(jobId: $jobId) {\n      id\n      taskId\n      status\n      framesTotal\n      framesDone\n      framesFailed\n      fps\n      etaSeconds\n      failureCode\n      failureReason\n    }\n  }\n"];
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
export function graphql(source: "\n  query Tasks($first: Int!) {\n    tasks(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          size\n          labels {\n            id\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Tasks($first: Int!) {\n    tasks(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          size\n          labels {\n            id\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;