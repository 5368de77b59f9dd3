import { Kind, parse, print, visit, type ConstDirectiveNode, type StringValueNode } from "graphql";

const JOIN_GRAPH_ENUM = "join__Graph";

const stringArg = (directive: ConstDirectiveNode, name: string): string | undefined => {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
};

/** The subgraphs named in a supergraph and the URL baked in for each (`enum join__Graph`). */
export function readSubgraphUrls(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  visit(parse(supergraphSdl), {
    EnumTypeDefinition(node) {
      if (node.name.value !== JOIN_GRAPH_ENUM) return false;
      for (const value of node.values ?? []) {
        for (const d of value.directives ?? []) {
          if (d.name.value !== "join__graph") continue;
          const name = stringArg(d, "name");
          const url = stringArg(d, "url");
          if (name && url) urls[name] = url;
        }
      }
      return false;
    },
  });
  return urls;
}

/**
 * Points subgraphs at new URLs by rewriting `@join__graph(url:)` in the supergraph, so the committed
 * file keeps development defaults and each deployment sets its own. Unknown names are an error
 * (a typo would otherwise silently keep the default); subgraphs not mentioned keep their URL.
 */
export function withSubgraphUrls(supergraphSdl: string, overrides: Record<string, string | undefined>): string {
  const known = readSubgraphUrls(supergraphSdl);
  const unknown = Object.keys(overrides).filter((name) => overrides[name] !== undefined && !(name in known));
  if (unknown.length) {
    throw new Error(`No subgraph named ${unknown.join(", ")} in the supergraph (it has ${Object.keys(known).join(", ")})`);
  }
  for (const [name, url] of Object.entries(overrides)) {
    if (url !== undefined && !/^https?:\/\//.test(url)) throw new Error(`URL for subgraph ${name} must be http(s): ${url}`);
  }
  const document = visit(parse(supergraphSdl), {
    EnumTypeDefinition(node) {
      if (node.name.value !== JOIN_GRAPH_ENUM) return false;
      return undefined;
    },
    Directive(node) {
      if (node.name.value !== "join__graph") return undefined;
      const name = stringArg(node as ConstDirectiveNode, "name");
      const url = name ? overrides[name] : undefined;
      if (url === undefined) return undefined;
      return {
        ...node,
        arguments: node.arguments?.map((a) =>
          a.name.value === "url" ? { ...a, value: { kind: Kind.STRING, value: url } satisfies StringValueNode } : a,
        ),
      };
    },
  });
  return print(document);
}
