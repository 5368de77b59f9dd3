import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed operations (`graphql()` from src/gql) from the committed supergraph. The supergraph is valid SDL with its
 * federation directives (join__*, link) declared, and nothing in it is @inaccessible, so it is read as is: the client
 * preset only emits the operation types and the enums and inputs they use, never the join__ machinery.
 * `npm run codegen -w @prelabel/console`; checked for drift by scripts/check-generated.sh.
 */
const config: CodegenConfig = {
  schema: "../gateway/supergraph.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**"],
  // Only `graphql()` calls are typed documents: strings marked /* GraphQL */ (hand-written operations with
  // interpolated selections, not yet moved to graphql()) are left to their own modules.
  pluckConfig: { gqlMagicComment: "prelabel-typed-document", globalGqlIdentifierName: ["graphql"] },
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", JSON: "unknown", Upload: "File" },
      },
    },
  },
};

export default config;
