import { graphql } from "../../gql/index.js";
import type { ApiKeysQuery as ApiKeysQueryResult, Role, ViewerQuery as ViewerQueryResult } from "../../gql/graphql.js";

/**
 * The console's identity operations (services/identity through the gateway). deploymentMode is asked alone: in
 * self-hosted mode the console must start even when the identity subgraph is down, and `viewer` is non-null, so one
 * combined query would lose the mode with it.
 */
export const DeploymentModeQuery = graphql(`
  query DeploymentMode {
    deploymentMode
  }
`);

/** Who the key belongs to: sign-in verifies a key with this, and the header shows the tenant and the role. */
export const ViewerQuery = graphql(`
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
`);

export const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      role
      hint
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
        name
        role
        hint
        createdAt
        lastUsedAt
        revokedAt
      }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      name
      role
      hint
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

export type SessionViewer = ViewerQueryResult["viewer"];
export type ApiKeyRow = ApiKeysQueryResult["apiKeys"][number];
export type { Role };

/** The roles a key can be created with, in the order the form offers them (least privilege first). */
export const ROLES: readonly Role[] = ["MEMBER", "ADMIN"];

export const isAdmin = (viewer: SessionViewer): boolean => viewer.roles.includes("ADMIN");
