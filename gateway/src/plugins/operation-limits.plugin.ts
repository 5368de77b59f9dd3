import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { OperationLimitErrors, operationCost, operationLimitRules, type OperationLimits } from "@prelabel/service-kit";
import type { DocumentNode, GraphQLError, GraphQLSchema } from "graphql";

interface CostArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

/** Costs kept per document (a few variable sets each), and the longest variables key worth keeping. */
const MAX_COSTS_PER_DOCUMENT = 32;
const MAX_COST_KEY_LENGTH = 2_048;

/**
 * The cost of each operation, computed once per document, operation name and variables rather than on every request:
 * the parser cache hands the same DocumentNode for the same text, the supergraph never changes while the gateway
 * runs, and the cost depends on nothing else. Operations whose variables hold uploads are costed every time.
 */
class OperationCosts {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number>>();

  constructor(private readonly limits: OperationLimits) {}

  refusal(args: CostArgs): GraphQLError | undefined {
    const key = costKey(args);
    let costs = this.byDocument.get(args.document);
    let cost = key === undefined ? undefined : costs?.get(key);
    if (cost === undefined) {
      cost = operationCost(
        { schema: args.schema, document: args.document, operationName: args.operationName, variables: args.variableValues },
        { defaultListSize: this.limits.defaultListSize, stopAbove: this.limits.maxCost },
      );
      if (key !== undefined) {
        if (!costs) this.byDocument.set(args.document, (costs = new Map<string, number>()));
        if (costs.size >= MAX_COSTS_PER_DOCUMENT) costs.clear();
        costs.set(key, cost);
      }
    }
    return cost > this.limits.maxCost ? OperationLimitErrors.tooComplex(this.limits.maxCost, cost) : undefined;
  }
}

/**
 * Operation name and variables as one string, or undefined (the cost is computed, not kept) once it would pass
 * MAX_COST_KEY_LENGTH or meets anything but JSON values: an upload's File is never serialised (JSON.stringify would
 * walk its bytes and hold the event loop for seconds on a 50 MiB frame), and the walk stops at the length bound.
 */
export function costKey({ operationName, variableValues }: CostArgs): string | undefined {
  const parts: string[] = [operationName ?? "", "\n"];
  let length = parts[0].length + 1;
  const add = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length <= MAX_COST_KEY_LENGTH;
  };
  const walk = (value: unknown): boolean => {
    if (value === null || value === undefined) return add("null");
    switch (typeof value) {
      case "string":
        return add(JSON.stringify(value.length > MAX_COST_KEY_LENGTH ? value.slice(0, MAX_COST_KEY_LENGTH + 1) : value));
      case "number":
      case "boolean":
        return add(String(value));
      case "object":
        break;
      default:
        return false;
    }
    if (Array.isArray(value)) {
      if (!add("[")) return false;
      for (const item of value) if (!walk(item) || !add(",")) return false;
      return add("]");
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    if (!add("{")) return false;
    for (const [name, item] of Object.entries(value)) if (!add(JSON.stringify(name)) || !add(":") || !walk(item) || !add(",")) return false;
    return add("}");
  };
  return walk(variableValues) ? parts.join("") : undefined;
}

/**
 * The gateway's operation limits (config: MAX_QUERY_*), on every operation whatever the transport: HTTP, SSE and
 * graphql-ws all run through the same Yoga pipeline. Tokens while parsing (graphql-armor stops the lexer), depth,
 * aliases and directives while validating (cached with the document: they do not depend on variables), and the cost
 * just before execution, where the variables that size lists are known (kept per document and variables).
 */
export function useOperationLimits(limits: OperationLimits): GatewayPlugin {
  const rules = operationLimitRules(limits);
  const tokens = maxTokensPlugin({
    n: limits.maxTokens,
    propagateOnRejection: false,
    onReject: [
      () => {
        throw OperationLimitErrors.tooManyTokens(limits.maxTokens);
      },
    ],
  });
  const costs = new OperationCosts(limits);
  const costRefusal = (args: CostArgs) => costs.refusal(args);
  return {
    onParse: tokens.onParse as GatewayPlugin["onParse"],
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = costRefusal(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = costRefusal(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}
