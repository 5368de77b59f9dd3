import { Transform, type Writable } from "node:stream";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { graphqlUploadExpress, processRequest } from "graphql-upload-minimal";
import { declaredBodyTooLarge, drainBody, payloadTooLargeBody, refuseBody, requestTooLargeMessage } from "./body-limit.js";
import { AppError, ErrorCode } from "./errors.js";

const MiB = 1024 * 1024;

/** The `operations` and `map` fields of a multipart request: plenty for 500 files' map. */
export const DEFAULT_MAX_FIELD_SIZE = MiB;
/** The JSON body limit of every subgraph (operations without files). */
export const MAX_JSON_BYTES = 2 * MiB;

/** A subgraph's multipart (GraphQL upload) limits, handed to graphql-upload-minimal and checked around it. */
export interface UploadLimits {
  /** Largest file, in bytes (busboy stops it; the resolver sees PAYLOAD_TOO_LARGE). */
  maxFileSize: number;
  /** Most files in one request (more: 413 PAYLOAD_TOO_LARGE before any file is read). */
  maxFiles: number;
  /** Largest whole request, in bytes. Default: maxFiles × maxFileSize plus the fields. */
  maxRequestBytes?: number;
  /** Largest `operations` or `map` field, in bytes. Default 1 MiB. */
  maxFieldSize?: number;
}

export interface ResolvedUploadLimits {
  maxFileSize: number;
  maxFiles: number;
  maxRequestBytes: number;
  maxFieldSize: number;
}

export function resolveUploadLimits(limits: UploadLimits): ResolvedUploadLimits {
  const maxFieldSize = limits.maxFieldSize ?? DEFAULT_MAX_FIELD_SIZE;
  const maxRequestBytes =
    limits.maxRequestBytes ?? Math.min(limits.maxFiles * limits.maxFileSize + 2 * maxFieldSize + MiB, Number.MAX_SAFE_INTEGER);
  return { maxFileSize: limits.maxFileSize, maxFiles: limits.maxFiles, maxRequestBytes, maxFieldSize };
}

/** A whole multipart request over maxRequestBytes; graphql-upload-minimal's errors look the same (status 413). */
export class RequestTooLargeError extends AppError {
  readonly status = 413;
  readonly expose = true;
  constructor(limit: number) {
    super(ErrorCode.PayloadTooLarge, requestTooLargeMessage("upload", limit), { maxBytes: limit });
  }
}

/**
 * graphql-upload-minimal's processRequest on a body counted as it is read: past `limit`, its parser fails with
 * RequestTooLargeError (so pending and open files fail PAYLOAD_TOO_LARGE), and the rest of the body is drained and
 * dropped. Only chunked bodies need it: a declared length was checked up front and node ends the body there.
 */
function countingProcessRequest(limit: number): typeof processRequest {
  return (req, res, options) => {
    const incoming = req;
    if (incoming.headers["content-length"] !== undefined) return processRequest(req, res, options);
    const destinations: Writable[] = [];
    let read = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        read += chunk.length;
        if (read <= limit) return done(null, chunk);
        incoming.unpipe(counted);
        drainBody(incoming); // drop the rest; the response says why
        const error = new RequestTooLargeError(limit);
        for (const destination of destinations) destination.destroy(error);
        done();
      },
    });
    // processRequest pipes into its parser; remembering it lets the limit fail the parser with our error.
    const pipe = counted.pipe.bind(counted);
    counted.pipe = <T extends NodeJS.WritableStream>(destination: T, opts?: { end?: boolean }) => {
      destinations.push(destination as unknown as Writable);
      return pipe(destination, opts);
    };
    Object.assign(counted, { headers: incoming.headers });
    incoming.pipe(counted);
    return processRequest(counted as unknown as typeof req, res, options);
  };
}

/**
 * The multipart chain of a subgraph's /graphql: a declared body over maxRequestBytes is refused before it is read
 * (413 PAYLOAD_TOO_LARGE, the rest drained), then graphql-upload-minimal parses with maxFileSize, maxFiles and
 * maxFieldSize, counting chunked bodies against maxRequestBytes.
 */
export function multipartHandlers(limits: ResolvedUploadLimits): RequestHandler[] {
  return [
    (req, res, next) => {
      if (!req.is("multipart/form-data")) return next();
      const size = declaredBodyTooLarge(req, limits.maxRequestBytes);
      if (size === undefined) return next();
      refuseBody(req, res, 413, payloadTooLargeBody(requestTooLargeMessage("upload", limits.maxRequestBytes, size)));
    },
    // `processRequest` is an option of graphqlUploadExpress that its typings leave out.
    // busboy counts a file that reaches fileSize as truncated; one byte more lets a file of exactly maxFileSize
    // through, and the resolvers (counting as they read) refuse anything past it.
    graphqlUploadExpress({
      maxFileSize: limits.maxFileSize + 1,
      maxFiles: limits.maxFiles,
      maxFieldSize: limits.maxFieldSize,
      processRequest: countingProcessRequest(limits.maxRequestBytes),
    } as Parameters<typeof graphqlUploadExpress>[0]),
  ];
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

/**
 * Body errors before GraphQL runs (graphql-upload-minimal's and express.json's HttpErrors) as GraphQL-shaped JSON
 * with a code, instead of express's HTML page: 413 → PAYLOAD_TOO_LARGE (the rest drained), other 4xx →
 * BAD_USER_INPUT, a client that went away → nothing. Anything else goes on to the default handler (500).
 */
export const bodyErrorHandler: ErrorRequestHandler = (err: HttpLikeError, req, res, next) => {
  const status = err?.status ?? err?.statusCode;
  if (status === 413) {
    const message =
      err.type === "entity.too.large" ? requestTooLargeMessage("request", MAX_JSON_BYTES) : (err.message ?? "Payload too large");
    return refuseBody(req, res, 413, payloadTooLargeBody(message));
  }
  if (status === 499) return void res.destroy();
  if (status !== undefined && status >= 400 && status < 500) {
    return void res.status(400).json({ errors: [{ message: err.message ?? "Bad request", extensions: { code: ErrorCode.BadUserInput } }] });
  }
  next(err);
};
