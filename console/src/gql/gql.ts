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
    "\n  query ModelsPage {\n    deploymentMode\n    models {\n      id\n      name\n      description\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      license\n      measuredMsPerFrame\n      supported\n      unsupportedReason\n      deletable\n      inputSize {\n        width\n        height\n      }\n      labels {\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n      hub {\n        provider\n        modelRef\n        task\n        credentialHint\n      }\n    }\n  }\n": typeof types.ModelsPageDocument,
    "\n  mutation DeleteModel($id: ID!) {\n    deleteModel(id: $id)\n  }\n": typeof types.DeleteModelDocument,
    "\n  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {\n    uploadModel(file: $file, spec: $spec) {\n      id\n      name\n    }\n  }\n": typeof types.UploadModelDocument,
    "\n  mutation AddHuggingFaceModel($input: AddHuggingFaceModelInput!) {\n    addHuggingFaceModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n": typeof types.AddHuggingFaceModelDocument,
    "\n  mutation AddRoboflowModel($input: AddRoboflowModelInput!) {\n    addRoboflowModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n": typeof types.AddRoboflowModelDocument,
    "\n  mutation UpdateHubCredential($id: ID!, $token: String!) {\n    updateHubCredential(id: $id, token: $token) {\n      id\n      hub {\n        credentialHint\n      }\n    }\n  }\n": typeof types.UpdateHubCredentialDocument,
    "\n  query Tasks($first: Int!) {\n    tasks(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          size\n          labels {\n            id\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.TasksDocument,
};
const documents: Documents = {
    "\n  query ModelsPage {\n    deploymentMode\n    models {\n      id\n      name\n      description\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      license\n      measuredMsPerFrame\n      supported\n      unsupportedReason\n      deletable\n      inputSize {\n        width\n        height\n      }\n      labels {\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n      hub {\n        provider\n        modelRef\n        task\n        credentialHint\n      }\n    }\n  }\n": types.ModelsPageDocument,
    "\n  mutation DeleteModel($id: ID!) {\n    deleteModel(id: $id)\n  }\n": types.DeleteModelDocument,
    "\n  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {\n    uploadModel(file: $file, spec: $spec) {\n      id\n      name\n    }\n  }\n": types.UploadModelDocument,
    "\n  mutation AddHuggingFaceModel($input: AddHuggingFaceModelInput!) {\n    addHuggingFaceModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n": types.AddHuggingFaceModelDocument,
    "\n  mutation AddRoboflowModel($input: AddRoboflowModelInput!) {\n    addRoboflowModel(input: $input) {\n      id\n      name\n      hub {\n        credentialHint\n      }\n    }\n  }\n": types.AddRoboflowModelDocument,
    "\n  mutation UpdateHubCredential($id: ID!, $token: String!) {\n    updateHubCredential(id: $id, token: $token) {\n      id\n      hub {\n        credentialHint\n      }\n    }\n  }\n": types.UpdateHubCredentialDocument,
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
export function graphql(source: "\n  query ModelsPage {\n    deploymentMode\n    models {\n      id\n      name\n      description\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      license\n      measuredMsPerFrame\n      supported\n      unsupportedReason\n      deletable\n      inputSize {\n        width\n        height\n      }\n      labels {\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n      hub {\n        provider\n        modelRef\n        task\n        credentialHint\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelsPage {\n    deploymentMode\n    models {\n      id\n      name\n      description\n      source\n      kind\n      defaultThreshold\n      returnsMasks\n      license\n      measuredMsPerFrame\n      supported\n      unsupportedReason\n      deletable\n      inputSize {\n        width\n        height\n      }\n      labels {\n        name\n        type\n        attributes {\n          name\n          inputType\n          values\n        }\n        sublabels {\n          name\n          type\n          attributes {\n            name\n            inputType\n            values\n          }\n        }\n      }\n      hub {\n        provider\n        modelRef\n        task\n        credentialHint\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query Tasks($first: Int!) {\n    tasks(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          size\n          labels {\n            id\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Tasks($first: Int!) {\n    tasks(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          size\n          labels {\n            id\n          }\n          autoAnnotationJobs(first: 1) {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;