/** The JetStream streams, consumers or buckets a service needs are not there: infrastructure owns them. */
export class TopologyMissingError extends Error {
  override readonly name = "TopologyMissingError";
  constructor(readonly missing: string[]) {
    super(
      `NATS JetStream is missing ${missing.join(", ")}. ` +
        "Apply the topology (proto/src/topology.ts) first: `npm run nats:setup` (or the NACK resources in k8s/).",
    );
  }
}

/** A request/reply endpoint answered with a typed error. */
export class RemoteServiceError extends Error {
  override readonly name = "RemoteServiceError";
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A handler throws this to answer a request with a stable code instead of INTERNAL. */
export class EndpointError extends Error {
  override readonly name = "EndpointError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
