import { composeServices } from "@apollo/composition";
import { GraphQLError, parse, type DocumentNode } from "graphql";

export interface SubgraphSource {
  name: string;
  sdl: string;
  /** Baked into the supergraph (join__Graph url); the gateway overrides it from its config at start. */
  url: string;
}

export interface Supergraph {
  supergraphSdl: string;
  /** Composition hints (not errors), one line each, e.g. "[INCONSISTENT_DESCRIPTION] …". */
  hints: string[];
}

/** Composition failed: every error (with its code) and what was composed, in one message. */
export class CompositionError extends Error {
  override readonly name = "CompositionError";
  constructor(
    readonly errors: string[],
    readonly subgraphs: string[],
  ) {
    super(
      `Composing the supergraph from ${subgraphs.join(", ")} failed with ${errors.length} error(s):\n` +
        errors.map((e) => `  - ${e}`).join("\n"),
    );
  }
}

/**
 * Pure: subgraph SDLs → supergraph SDL, with @apollo/composition (Federation 2).
 * Subgraphs are composed in name order so the output does not depend on argument order.
 */
export function composeSupergraph(subgraphs: SubgraphSource[]): Supergraph {
  const names = subgraphs.map((s) => s.name);
  if (subgraphs.length === 0) throw new CompositionError(["no subgraphs given"], []);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new CompositionError([`subgraph "${duplicate}" is given twice`], names);

  const sorted = [...subgraphs].sort((a, b) => a.name.localeCompare(b.name));
  const parseErrors: string[] = [];
  const services = sorted.flatMap((s) => {
    let typeDefs: DocumentNode;
    try {
      typeDefs = parse(s.sdl);
    } catch (err) {
      parseErrors.push(`[${s.name}] SDL does not parse: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
    return [{ name: s.name, url: s.url, typeDefs }];
  });
  if (parseErrors.length) throw new CompositionError(parseErrors, names);

  const result = composeServices(services);
  if (result.errors) throw new CompositionError(result.errors.map(formatError), names);
  return {
    supergraphSdl: `${result.supergraphSdl.trim()}\n`,
    hints: result.hints.map((h) => `[${h.definition.code}] ${h.message}`),
  };
}

function formatError(err: GraphQLError): string {
  const code = err.extensions?.code;
  return typeof code === "string" ? `[${code}] ${err.message}` : err.message;
}
