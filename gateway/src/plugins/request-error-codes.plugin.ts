import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { ErrorCode } from "@prelabel/service-kit";
import { GraphQLError, type ExecutionResult } from "graphql";

/** graphql-js's variable coercion messages: `Variable "$id" got invalid value …`, `… of required type "ID!" was not provided.` */
const VARIABLE_ERROR = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" /;

/**
 * A variable whose value does not fit its type is a bad argument value: BAD_USER_INPUT, as the subgraphs answer
 * (Apollo does the same); Yoga leaves these code-less. Parse and validation failures keep their standard codes.
 */
export function useRequestErrorCodes(): GatewayPlugin {
  const withCodes = (result: ExecutionResult): ExecutionResult | undefined => {
    if (!result.errors?.some((e) => !e.extensions?.code && VARIABLE_ERROR.test(e.message))) return undefined;
    const errors = result.errors.map((e) =>
      !e.extensions?.code && VARIABLE_ERROR.test(e.message)
        ? new GraphQLError(e.message, {
            nodes: e.nodes,
            source: e.source,
            positions: e.positions,
            path: e.path,
            extensions: { ...e.extensions, code: ErrorCode.BadUserInput },
          })
        : e,
    );
    return { ...result, errors };
  };
  const onDone = ({ result, setResult }: { result: unknown; setResult: (r: ExecutionResult) => void }) => {
    if (!result || typeof result !== "object" || Symbol.asyncIterator in result) return;
    const fixed = withCodes(result);
    if (fixed) setResult(fixed);
  };
  return {
    onExecute: () => ({ onExecuteDone: onDone as never }),
    onSubscribe: () => ({ onSubscribeResult: onDone as never }),
  };
}
