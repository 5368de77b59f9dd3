import { makeOperation, stringifyDocument } from "urql";
import { openResult, routedMockClient, variablesOf } from "../../../test/mock-client.js";

export { variablesOf };

/** Answers each query with `answer(printed query, variables)`; records every request (see routedMockClient). */
export function mockClient(answer: (query: string, variables: Record<string, unknown>) => unknown) {
  const { client, executeQuery } = routedMockClient({
    query: (_name, variables, request) => {
      const query = stringifyDocument(request.query);
      return openResult({
        operation: makeOperation("query", request, {} as never),
        data: answer(query, variables),
        stale: false,
        hasNext: false,
      });
    },
  });
  return { client, executeQuery };
}
