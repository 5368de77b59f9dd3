/**
 * The Models page's operations, as generated `graphql()` documents (src/gql): their result types come from the
 * committed supergraph, so a renamed field fails the console's type check, not a user.
 */
import { graphql } from "../../gql/index.js";
import type { ModelsPageQuery } from "../../gql/graphql.js";

export const ModelsPageDocument = graphql(`
  query ModelsPage {
    deploymentMode
    models {
      id
      name
      description
      source
      kind
      defaultThreshold
      returnsMasks
      license
      measuredMsPerFrame
      supported
      unsupportedReason
      deletable
      inputSize {
        width
        height
      }
      labels {
        ...ModelLabelFields
      }
      hub {
        provider
        modelRef
        task
        credentialHint
      }
    }
  }
`);

export type ModelCardData = ModelsPageQuery["models"][number];
export type ModelCardLabel = ModelCardData["labels"][number];

export const DeleteModelDocument = graphql(`
  mutation DeleteModel($id: ID!) {
    deleteModel(id: $id)
  }
`);

/** Sent as a GraphQL multipart request (model-upload.client.ts): the file travels as the `file` variable. */
export const UploadModelDocument = graphql(`
  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {
    uploadModel(file: $file, spec: $spec) {
      id
      name
    }
  }
`);

export const AddHuggingFaceModelDocument = graphql(`
  mutation AddHuggingFaceModel($input: AddHuggingFaceModelInput!) {
    addHuggingFaceModel(input: $input) {
      id
      name
      hub {
        credentialHint
      }
    }
  }
`);

export const AddRoboflowModelDocument = graphql(`
  mutation AddRoboflowModel($input: AddRoboflowModelInput!) {
    addRoboflowModel(input: $input) {
      id
      name
      hub {
        credentialHint
      }
    }
  }
`);

export const UpdateHubCredentialDocument = graphql(`
  mutation UpdateHubCredential($id: ID!, $token: String!) {
    updateHubCredential(id: $id, token: $token) {
      id
      hub {
        credentialHint
      }
    }
  }
`);
