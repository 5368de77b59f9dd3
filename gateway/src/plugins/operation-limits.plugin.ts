import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { costLimitError, OperationLimitErrors, operationLimitRules, type OperationLimits } from "@prelabel/service-kit";
import type { DocumentNode, GraphQLSchema } from "graphql";

/**
 * The gateway's operation limits (config: MAX_QUERY_*), on every operation whatever the transport: HTTP, SSE and
 * graphql-ws all run through the same Yoga pipeline. Tokens while parsing (graphql-armor stops the lexer), depth,
 * aliases and directives while validating (cached with the document: they do not depend on variables), and the cost
 * just before execution, where the variables that size lists are known.
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
  const costRefusal = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Record<string, unknown> | null;
  }) =>
    costLimitError(
      { schema: args.schema, document: args.document, operationName: args.operationName, variables: args.variableValues },
      limits,
    );
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
