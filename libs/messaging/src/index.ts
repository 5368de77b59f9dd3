export { Messaging, ack, nak, term, handler } from "./messaging.js";
export type {
  MessagingOptions,
  PublishOptions,
  HandlerOutcome,
  DeliveryContext,
  MessageHandler,
  ConsumeOptions,
  ConsumerHandle,
} from "./messaging.js";
export { NatsNamespace } from "./namespace.js";
export { applyTopology, verifyTopology, loadTopology, deleteTopology } from "./topology.js";
export type { Topology, TopologyRequirement, StreamDefinition, ConsumerDefinition } from "@prelabel/proto";
export { TopologyMissingError, RemoteServiceError, EndpointError } from "./errors.js";
export { requestModelDescription } from "./describe-model.client.js";
export { Header } from "./headers.js";
export { heartbeatIntervalMs, keepInProgress, MAX_HEARTBEAT_MS } from "./in-progress.heartbeat.js";
export type { InProgressTarget } from "./in-progress.heartbeat.js";
export { consumerLagGauge, MessagingMetrics, NATS_CONSUMED, NATS_CONSUMER_LAG, NATS_PUBLISHED } from "./messaging.metrics.js";
export type { ConsumeOutcome, ConsumerRef } from "./messaging.metrics.js";
export { readObject } from "./object-direct.reader.js";
export type { DirectGet, DirectObjectAccess } from "./object-direct.reader.js";
