import type { IncomingMessage } from "node:http";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { drainBody, ErrorCode, requestTooLargeMessage } from "@prelabel/service-kit";
import { GraphQLError, type ExecutionResult } from "graphql";
import { bodyLimitName, bodyLimitOf, type BodyLimits } from "../body-limits.js";

/**
 * A subgraph that refused an upload (a frame, a model or its whole request over the subgraph's limit) answers
 * PAYLOAD_TOO_LARGE as a GraphQL error; when it left no data, the client gets HTTP 413 as for the gateway's own refusals.
 */
function withPayloadTooLargeStatus(result: ExecutionResult): ExecutionResult | undefined {
  const tooLarge = (e: GraphQLError) => e.extensions?.code === ErrorCode.PayloadTooLarge && !e.extensions.http?.status;
  if (result.data != null || !result.errors?.some(tooLarge)) return undefined;
  const errors = result.errors.map((e) =>
    tooLarge(e)
      ? new GraphQLError(e.message, {
          path: e.path,
          originalError: e.originalError ?? undefined,
          extensions: { ...e.extensions, http: { status: 413 } },
        })
      : e,
  );
  return { ...result, errors };
}

const payloadTooLarge = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.PayloadTooLarge, http: { status: 413 } } });

/** graphql-yoga's own request body limit (25,000,000 bytes, code REQUEST_ENTITY_TOO_LARGE), which Hive gives no option for. */
function isYogaBodyLimit(plugin: unknown): boolean {
  const hook = (plugin as { onRequestParse?: unknown } | undefined)?.onRequestParse;
  if (typeof hook !== "function" || Object.keys(plugin as object).length !== 1) return false;
  const source = Function.prototype.toString.call(hook);
  return source.includes("content-length") && source.includes("setRequestParser");
}

/**
 * The gateway's body limits inside the Hive runtime: replaces graphql-yoga's fixed 25 MB limit (which refused
 * uploads the docs allow, as REQUEST_ENTITY_TOO_LARGE) with ours, and counts bodies sent without Content-Length
 * (chunked) as they are parsed: past the limit parsing stops and the answer is 413 PAYLOAD_TOO_LARGE. Declared
 * sizes are refused earlier, in the HTTP handler, before anything is read (refuseDeclaredBody).
 */
export function useBodyLimits(limits: BodyLimits): GatewayPlugin {
  return {
    onPluginInit({ plugins }) {
      const found = plugins.filter(isYogaBodyLimit);
      // Fail the start rather than silently keep a 25 MB limit after a graphql-yoga upgrade.
      if (found.length !== 1) throw new Error(`expected graphql-yoga's request body limit plugin once, found it ${found.length} times`);
      plugins.splice(plugins.indexOf(found[0]), 1);
    },
    onExecutionResult(execution) {
      const { result } = execution;
      if (!result || Array.isArray(result) || Symbol.asyncIterator in result) return;
      const updated = withPayloadTooLargeStatus(result as ExecutionResult);
      if (updated) execution.setResult(updated as typeof result);
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      // A declared length was checked before the body was read, and node stops the body at that length.
      if (!requestParser || !request.body || request.headers.get("content-length") !== null) return;
      const contentType = request.headers.get("content-type");
      const limit = bodyLimitOf(contentType, limits);
      const parse = requestParser;
      setRequestParser(async (req) => {
        let read = 0;
        let exceeded = false;
        // As graphql-yoga: a native body stream needs the native TransformStream.
        const Transform = req.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const counted = req.body!.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > limit) {
                exceeded = true;
                // What the client still sends is dropped (bounded), so it reads the 413 instead of a reset.
                const nodeRequest = (serverContext as { req?: IncomingMessage } | undefined)?.req;
                if (nodeRequest) drainBody(nodeRequest);
                controller.error(payloadTooLarge(requestTooLargeMessage(bodyLimitName(contentType), limit)));
                return;
              }
              controller.enqueue(chunk);
            },
          }),
        );
        const limited = new fetchAPI.Request(req.url, {
          method: req.method,
          headers: req.headers,
          signal: req.signal,
          body: counted,
          duplex: "half",
        } as RequestInit);
        try {
          return await parse(limited);
        } catch (err) {
          // The multipart parser rewraps stream errors as BAD_REQUEST; the cause is the limit.
          if (exceeded) throw payloadTooLarge(requestTooLargeMessage(bodyLimitName(contentType), limit));
          throw err;
        }
      });
    },
  };
}
