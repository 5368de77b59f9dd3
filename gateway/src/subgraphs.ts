/** The subgraphs behind the gateway: name in the supergraph, committed SDL, and default URL (architecture.md ports). */
export const SUBGRAPHS = [
  { name: "task", sdlFile: "services/task/schema.graphql", project: "@prelabel/task", defaultUrl: "http://127.0.0.1:4001/graphql" },
  {
    name: "model-registry",
    sdlFile: "services/model-registry/schema.graphql",
    project: "@prelabel/model-registry",
    defaultUrl: "http://127.0.0.1:4002/graphql",
  },
  {
    name: "annotation-job",
    sdlFile: "services/annotation-job/schema.graphql",
    project: "@prelabel/annotation-job",
    defaultUrl: "http://127.0.0.1:4003/graphql",
  },
  {
    name: "identity",
    sdlFile: "services/identity/schema.graphql",
    project: "@prelabel/identity-service",
    defaultUrl: "http://127.0.0.1:4005/graphql",
  },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]["name"];
