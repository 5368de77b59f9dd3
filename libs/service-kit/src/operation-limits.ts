import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from "graphql";
import { ErrorCode } from "./errors.js";

/**
 * What one GraphQL operation may ask for. The gateway's values come from its config (gateway/src/config.ts, env
 * MAX_QUERY_DEPTH, …); every subgraph applies SUBGRAPH_OPERATION_LIMITS as a backstop for callers that bypass it.
 */
export interface OperationLimits {
  /** Nested fields below the root, fragments flattened (`{ a { b } }` is 2). Introspection (`__schema`) is exempt. */
  maxDepth: number;
  /** Aliased fields (`__typename` aliases are free), counted through fragment spreads. */
  maxAliases: number;
  /** Lexer tokens of the document (the parser stops as soon as there are more). */
  maxTokens: number;
  /** Directive uses, counted through fragment spreads. */
  maxDirectives: number;
  /** operationCost's estimate: roughly how many field values the answer holds. */
  maxCost: number;
  /** The length assumed for a list field without a `first`/`last`/`limit` argument or default. */
  defaultListSize: number;
}

/** The gateway's defaults (docs/operations.md, "Operation limits"). */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = {
  maxDepth: 10,
  maxAliases: 30,
  maxTokens: 2_000,
  maxDirectives: 50,
  // A page of 500 annotations with their elements and attributes (the largest page a frontend asks for) is ~60,000.
  maxCost: 100_000,
  defaultListSize: 10,
};

/**
 * The subgraphs' own limits: above anything the gateway may be configured to accept (GATEWAY_LIMIT_CEILINGS) plus the
 * room its query plans take (`_entities` adds a level, inlined fragments add tokens), so they only refuse callers
 * that went around the gateway.
 */
export const SUBGRAPH_OPERATION_LIMITS: Readonly<OperationLimits> = {
  maxDepth: 15,
  maxAliases: 200,
  maxTokens: 50_000,
  maxDirectives: 500,
  maxCost: 500_000,
  defaultListSize: 10,
};

/** The most each gateway limit may be set to, so the subgraphs' backstop never refuses what the gateway let through. */
export const GATEWAY_LIMIT_CEILINGS: Readonly<OperationLimits> = {
  maxDepth: SUBGRAPH_OPERATION_LIMITS.maxDepth - 1,
  maxAliases: 100,
  maxTokens: 20_000,
  maxDirectives: 200,
  maxCost: 250_000,
  defaultListSize: 100,
};

/** `_entities` representations one subgraph request may carry (the gateway's batches stay well below at its ceilings). */
export const MAX_ENTITY_REPRESENTATIONS = 50_000;

/** Size arguments, by convention: a list field (or a connection's edges) holds at most this many items. */
const SIZE_ARGUMENTS = ["first", "last", "limit"];

// No `http` extension here: it would reach graphql-ws clients verbatim. Validation errors are HTTP 400 anyway; the
// subgraph server adds the status to a cost refusal itself.
const limitError = (code: ErrorCode, message: string) => new GraphQLError(message, { extensions: { code } });

export const OperationLimitErrors = {
  tooDeep: (limit: number, found?: number) =>
    limitError(ErrorCode.QueryTooDeep, `Query depth ${found ?? "above the limit"} exceeds the limit of ${limit}`),
  tooManyAliases: (limit: number, found?: number) =>
    limitError(ErrorCode.TooManyAliases, `${found ?? "More"} aliases exceed the limit of ${limit}`),
  tooManyTokens: (limit: number) => limitError(ErrorCode.TooManyTokens, `The document has more than ${limit} tokens`),
  tooManyDirectives: (limit: number, found?: number) =>
    limitError(ErrorCode.TooManyDirectives, `${found ?? "More"} directives exceed the limit of ${limit}`),
  tooComplex: (limit: number, cost: number) =>
    limitError(
      ErrorCode.QueryTooComplex,
      `Query cost ${Number.isFinite(cost) ? cost : "beyond counting"} exceeds the limit of ${limit} (list fields multiply: ask for fewer items with first/limit, or fewer fields)`,
    ),
  tooManyEntities: (limit: number, found: number) =>
    limitError(ErrorCode.TooManyEntities, `${found} entity representations exceed the limit of ${limit} per request`),
};

/** armor reports `… found N.`; the number is kept for our own message. */
const foundIn = (err: GraphQLError): number | undefined => {
  const match = /found (\d+)/.exec(err.message);
  return match ? Number(match[1]) : undefined;
};

/**
 * Depth, alias and directive limits as validation rules (graphql-armor's, which follow fragment spreads and survive
 * cycles), each reporting its own typed error instead of armor's code-less one. Variables play no part, so the
 * results may be cached with the document.
 */
export function operationLimitRules(limits: Pick<OperationLimits, "maxDepth" | "maxAliases" | "maxDirectives">): ValidationRule[] {
  const report = (toError: (found?: number) => GraphQLError) => ({
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(toError(foundIn(err)))],
  });
  return [
    maxDepthRule({
      n: limits.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...report((n) => OperationLimitErrors.tooDeep(limits.maxDepth, n)),
    }),
    maxAliasesRule({ n: limits.maxAliases, ...report((n) => OperationLimitErrors.tooManyAliases(limits.maxAliases, n)) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...report((n) => OperationLimitErrors.tooManyDirectives(limits.maxDirectives, n)) }),
  ];
}

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * An upper estimate of the values an operation's answer holds: each field counts 1 plus its selection, times its
 * length when it is a list of objects (a list of scalars or enums is one value, resolved with its parent). The length is the field's `first`/`last`/`limit` argument (the value sent, or its
 * default), otherwise `defaultListSize`; on a connection (an object with such an argument) it applies to the
 * connection's list fields (`edges`, `nodes`). `_entities` counts its representations. Fragments are costed once
 * each (memoised), so the estimate itself stays cheap; it stops counting once past `stopAbove`.
 */
export function operationCost(input: CostInput, options: { defaultListSize: number; stopAbove?: number }): number {
  const { schema, document, variables } = input;
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!input.operationName || d.name?.value === input.operationName),
  );
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const variableDefaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) variableDefaults.set(v.variable.name.value, v.defaultValue);
  const stopAbove = options.stopAbove ?? Number.POSITIVE_INFINITY;

  const intValue = (node: ValueNode | undefined): number | undefined => {
    if (!node) return undefined;
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.VARIABLE) {
      const value = variables?.[node.name.value];
      if (typeof value === "number") return value;
      if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
      if (value === undefined) return intValue(variableDefaults.get(node.name.value));
    }
    return undefined;
  };
  const listLength = (node: ValueNode | undefined): number | undefined => {
    if (!node) return undefined;
    if (node.kind === Kind.LIST) return node.values.length;
    if (node.kind === Kind.VARIABLE) {
      const value = variables?.[node.name.value];
      return Array.isArray(value) ? value.length : undefined;
    }
    return undefined;
  };
  /** The size a field asks for (argument sent, else the argument's schema default), if it has a size argument. */
  const sizeOf = (node: FieldNode, def: GraphQLField<unknown, unknown>): number | undefined => {
    for (const name of SIZE_ARGUMENTS) {
      const argDef = def.args.find((a) => a.name === name);
      if (!argDef) continue;
      const sent = node.arguments?.find((a) => a.name.value === name);
      const value = sent ? intValue(sent.value) : undefined;
      if (value !== undefined) return Math.max(0, value);
      if (typeof argDef.defaultValue === "number") return argDef.defaultValue;
    }
    return undefined;
  };

  const fragmentCosts = new Map<string, number>();
  const inProgress = new Set<string>();

  const selectionCost = (set: SelectionSetNode, parent: GraphQLCompositeType, inheritedSize: number | undefined): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent, inheritedSize);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += selectionCost(selection.selectionSet, type, inheritedSize);
      } else {
        total += fragmentCost(selection.name.value, inheritedSize);
      }
      if (total > stopAbove) return total;
    }
    return total;
  };

  const fragmentCost = (name: string, inheritedSize: number | undefined): number => {
    const key = `${name}:${inheritedSize ?? ""}`;
    const known = fragmentCosts.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // A cycle is a validation error already (NoFragmentCyclesRule); it adds nothing here.
    if (!fragment || inProgress.has(key)) return 0;
    const type = schema.getType(fragment.typeCondition.name.value);
    if (!type || !isCompositeType(type)) return 0;
    inProgress.add(key);
    const cost = selectionCost(fragment.selectionSet, type, inheritedSize);
    inProgress.delete(key);
    fragmentCosts.set(key, cost);
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType, inheritedSize: number | undefined): number => {
    const name = node.name.value;
    // Introspection is bounded by the schema's size; GraphiQL's query must pass under any sane limit.
    if (name === "__schema" || name === "__type" || name === "__typename") return 1;
    const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    if (!def) return 1;
    const size = sizeOf(node, def);
    const type = getNullableType(def.type);
    const named = getNamedType(def.type);
    let multiplier = 1;
    if (isListType(type) && isCompositeType(named)) {
      const representations =
        name === "_entities" ? listLength(node.arguments?.find((a) => a.name.value === "representations")?.value) : undefined;
      multiplier = representations ?? size ?? inheritedSize ?? options.defaultListSize;
    }
    // A connection passes its size on to its own list fields (edges, nodes), not to itself.
    const childSize = !isListType(type) && size !== undefined ? size : undefined;
    const children = node.selectionSet && isCompositeType(named) ? selectionCost(node.selectionSet, named, childSize) : 0;
    return multiplier * (1 + children);
  };

  const root =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : operation.operation === OperationTypeNode.MUTATION
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return root ? selectionCost(operation.selectionSet, root, undefined) : 0;
}

/** operationCost against the limit: the typed error to answer with, or undefined. */
export function costLimitError(input: CostInput, limits: Pick<OperationLimits, "maxCost" | "defaultListSize">): GraphQLError | undefined {
  const cost = operationCost(input, { defaultListSize: limits.defaultListSize, stopAbove: limits.maxCost });
  return cost > limits.maxCost ? OperationLimitErrors.tooComplex(limits.maxCost, cost) : undefined;
}

/** How many `_entities` representations an operation carries (all `_entities` fields, literal or variable lists). */
export function entityRepresentationCount(input: CostInput): number {
  let count = 0;
  for (const def of input.document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (input.operationName && def.name?.value !== input.operationName) continue;
    for (const selection of def.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || selection.name.value !== "_entities") continue;
      const arg = selection.arguments?.find((a) => a.name.value === "representations")?.value;
      if (arg?.kind === Kind.LIST) count += arg.values.length;
      else if (arg?.kind === Kind.VARIABLE) {
        const value = input.variables?.[arg.name.value];
        if (Array.isArray(value)) count += value.length;
      }
    }
  }
  return count;
}
