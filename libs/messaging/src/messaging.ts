import { fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type JsMsg, type PubAck } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { Objm, type ObjectStore } from "@nats-io/obj";
import { connect, headers as createHeaders, type MsgHdrs, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import {
  currentTraceparent,
  extractTraceContext,
  injectTraceContext,
  recordSpanError,
  SpanKind,
  withSpan,
  type HeaderSource,
  type Registry,
} from "@prelabel/observability";
import type { EndpointContract, MessageContract } from "@prelabel/proto";
import { EndpointError, RemoteServiceError } from "./errors.js";
import { Header } from "./headers.js";
import { heartbeatIntervalMs, keepInProgress } from "./in-progress.heartbeat.js";
import { consumerLagGauge, MessagingMetrics, type ConsumerRef } from "./messaging.metrics.js";
import { NatsNamespace } from "./namespace.js";
import type { TopologyRequirement } from "@prelabel/proto";
import { verifyTopology } from "./topology.js";
import type { DirectObjectAccess } from "./object-direct.reader.js";

export interface MessagingOptions {
  url: string;
  /** Prefix for every subject, stream and bucket; empty in production, unique per test run. */
  namespace?: string;
  /** Connection name shown by the server (the service's name). */
  name: string;
  /** Where prelabel_nats_messages_{published,consumed}_total go; omitted: not counted. */
  metrics?: Registry;
}

export interface PublishOptions {
  /** JetStream de-duplication id: publishing the same id twice within the stream's window stores it once. */
  msgId?: string;
  /** Overrides the trace context taken from the active span (W3C traceparent). */
  traceparent?: string;
}

/** What a consumer's handler decided about one message. */
export type HandlerOutcome = { kind: "ack" } | { kind: "nak"; delayMs: number } | { kind: "term"; reason: string };
export const ack = (): HandlerOutcome => ({ kind: "ack" });
export const nak = (delayMs = 500): HandlerOutcome => ({ kind: "nak", delayMs });
export const term = (reason: string): HandlerOutcome => ({ kind: "term", reason });

export interface DeliveryContext {
  /** 1 on first delivery; higher when redelivered after a crash, timeout or nak. */
  deliveryCount: number;
  subject: string;
  headers?: MsgHdrs;
}

export interface MessageHandler<S extends DescMessage = DescMessage> {
  contract: MessageContract<S>;
  handle(message: MessageShape<S>, ctx: DeliveryContext): Promise<HandlerOutcome>;
}

/** Pairs a contract with its handler while keeping the message type checked. */
export const handler = <S extends DescMessage>(
  contract: MessageContract<S>,
  handle: (message: MessageShape<S>, ctx: DeliveryContext) => Promise<HandlerOutcome>,
): MessageHandler => ({ contract, handle });

export interface ConsumeOptions {
  stream: string;
  durable: string;
  handlers: MessageHandler[];
  /** How many messages are processed at once. */
  concurrency?: number;
  /**
   * "stream" (default): a continuous pull that refills as messages arrive, so it may hold more than `concurrency`
   * while handlers run. "free-slots": pull only as many as there are free handler slots, so long handlers that leave
   * the event loop free (inference in runner processes) neither hoard messages other replicas could take nor have
   * a pull outstanding when they stop.
   */
  pull?: "stream" | "free-slots";
  /**
   * true (default): an ack waits for the server's confirmation (a request per message). false: a plain ack, for
   * handlers whose redelivery is harmless (idempotent by key) at rates where that round trip's cost shows.
   */
  confirmAcks?: boolean;
  onError?: (err: unknown, subject: string) => void;
}

export interface ConsumerHandle {
  /** Stops pulling, waits for in-flight handlers to settle (they ack or nak), then resolves. */
  stop(): Promise<void>;
}

/** How long a free-slots pull waits for work before asking again; also the longest it delays stop(). */
const FREE_SLOTS_PULL_MS = 2_000;

/** Typed publish/consume/request over the proto contracts, scoped to a namespace. */
export class Messaging {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly ns: NatsNamespace,
    private readonly metrics?: MessagingMetrics,
  ) {}

  static async connect(options: MessagingOptions): Promise<Messaging> {
    const nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1 });
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    return new Messaging(
      nc,
      js,
      jsm,
      new NatsNamespace(options.namespace ?? ""),
      options.metrics ? new MessagingMetrics(options.metrics) : undefined,
    );
  }

  verify(need: TopologyRequirement): Promise<void> {
    return verifyTopology(this.jsm, this.ns, need);
  }

  /** Durable publish to a JetStream stream. */
  publish<S extends DescMessage>(contract: MessageContract<S>, message: MessageShape<S>, options: PublishOptions = {}): Promise<PubAck> {
    const h = this.envelope(contract.schema, options);
    const published = this.js.publish(this.ns.subject(contract.subject), toBinary(contract.schema, message), {
      headers: h,
      msgID: options.msgId,
    });
    if (!this.metrics) return published;
    return published.then(
      (ack) => (this.metrics?.publishedOne(contract.subject, true), ack),
      (err: unknown) => {
        this.metrics?.publishedOne(contract.subject, false);
        throw err;
      },
    );
  }

  /** Fire-and-forget core NATS publish: for live fan-out such as progress. */
  publishLive<S extends DescMessage>(contract: MessageContract<S>, message: MessageShape<S>): void {
    this.nc.publish(this.ns.subject(contract.subject), toBinary(contract.schema, message), {
      headers: this.envelope(contract.schema, {}),
    });
    this.metrics?.publishedOne(contract.subject, true);
  }

  /** Core NATS subscription (every subscriber gets every message). */
  subscribeLive<S extends DescMessage>(contract: MessageContract<S>, onMessage: (message: MessageShape<S>) => void): Subscription {
    return this.nc.subscribe(this.ns.subject(contract.subject), {
      callback: (err, msg) => {
        if (err) return;
        try {
          onMessage(fromBinary(contract.schema, msg.data));
        } catch {
          // A malformed live message is dropped: live fan-out carries no state of record.
        }
      },
    });
  }

  /** Pulls from a durable consumer, dispatching by message type; every message is acked, nak'd or terminated. */
  async consume(options: ConsumeOptions): Promise<ConsumerHandle> {
    const consumer = await this.js.consumers.get(this.ns.stream(options.stream), options.durable);
    const concurrency = Math.max(1, options.concurrency ?? 1);
    const byType = new Map(options.handlers.map((h) => [h.contract.schema.typeName, h]));
    const freeSlots = options.pull === "free-slots";
    const confirmAcks = options.confirmAcks ?? true;
    const messages = freeSlots ? undefined : await consumer.consume({ max_messages: concurrency });
    // In-progress acks at a third of the consumer's ack_wait (server-side config, in nanoseconds).
    const ackWaitMs = await consumer
      .info(true)
      .then((info) => (info.config.ack_wait ?? 0) / 1e6)
      .catch(() => undefined);
    const beatEveryMs = heartbeatIntervalMs(ackWaitMs);
    const inFlight = new Set<Promise<void>>();
    let stopping = false;

    const process = async (m: JsMsg) => {
      const typeName = m.headers?.get(Header.type);
      const h = typeName ? byType.get(typeName) : undefined;
      // Terminated with a bare +TERM: nats-server 2.9 ignores `+TERM <reason>`, so the message would come back after
      // ack_wait (forever where max_deliver is -1).
      if (!h) {
        m.term();
        return;
      }
      // An undecodable body never becomes decodable: terminate it instead of redelivering it forever.
      let decoded;
      try {
        decoded = fromBinary(h.contract.schema, m.data);
      } catch (err) {
        options.onError?.(err, m.subject);
        m.term();
        return;
      }
      // Long handlers keep the message theirs (an inference within a budget past ack_wait): tell the server we are still working.
      const heartbeat = keepInProgress(m, beatEveryMs);
      // The handler runs in a CONSUMER span continuing the publisher's trace (the message's traceparent).
      await withSpan(
        `${h.contract.subject} process`,
        {
          kind: SpanKind.CONSUMER,
          parent: extractTraceContext(headerSource(m.headers)),
          attributes: {
            "messaging.system": "nats",
            "messaging.operation.type": "process",
            "messaging.destination.name": h.contract.subject,
            "messaging.consumer.group.name": options.durable,
            "messaging.message.type": h.contract.schema.typeName,
            "messaging.nats.delivery_count": m.info.deliveryCount,
          },
        },
        async (span) => {
          try {
            const outcome = await h.handle(decoded, { deliveryCount: m.info.deliveryCount, subject: m.subject, headers: m.headers });
            span.setAttribute("messaging.outcome", outcome.kind);
            this.metrics?.consumedOne(h.contract.subject, outcome.kind);
            if (outcome.kind === "ack") {
              if (confirmAcks) await m.ackAck().catch(() => m.ack());
              else m.ack();
            } else if (outcome.kind === "nak") m.nak(outcome.delayMs);
            else {
              span.setAttribute("messaging.term_reason", outcome.reason);
              m.term();
            }
          } catch (err) {
            recordSpanError(span, err);
            this.metrics?.consumedOne(h.contract.subject, "error");
            options.onError?.(err, m.subject);
            m.nak(1_000);
          } finally {
            heartbeat.stop();
          }
        },
      );
    };

    const take = (m: JsMsg) => {
      if (stopping) return void m.nak();
      const p = process(m).finally(() => inFlight.delete(p));
      inFlight.add(p);
    };
    const loop = messages
      ? (async () => {
          for await (const m of messages) {
            take(m);
            if (inFlight.size >= concurrency) await Promise.race(inFlight);
          }
        })()
      : (async () => {
          while (!stopping) {
            while (inFlight.size >= concurrency) await Promise.race(inFlight);
            if (stopping) break;
            try {
              // Returns as soon as the free slots are filled, or after 2 s without work. Never cut short: a
              // message in transit to a pull that was closed would stay leased to nobody until ack_wait, so
              // stop() waits for the pull to end (at most those 2 s) and naks what it brought.
              const batch = await consumer.fetch({ max_messages: concurrency - inFlight.size, expires: FREE_SLOTS_PULL_MS });
              for await (const m of batch) take(m);
            } catch (err) {
              // NATS away or the consumer being recreated: say so and try again shortly.
              if (stopping) break;
              options.onError?.(err, options.durable);
              await new Promise((r) => setTimeout(r, 1_000));
            }
          }
        })();

    return {
      stop: async () => {
        stopping = true;
        await messages?.close();
        await loop.catch(() => undefined);
        await Promise.allSettled([...inFlight]);
        // Make sure the server has dropped our pull request before we say we stopped: a message sent to it
        // afterwards would stay leased to nobody until ack_wait.
        if (!this.nc.isClosed()) await this.nc.flush().catch(() => undefined);
      },
    };
  }

  /** Request/reply: typed errors come back as RemoteServiceError with the endpoint's code. */
  async request<Req extends DescMessage, Rep extends DescMessage>(
    endpoint: EndpointContract<Req, Rep>,
    request: MessageShape<Req>,
    timeoutMs = 5_000,
  ): Promise<MessageShape<Rep>> {
    // Encoding happens outside the try: a malformed request is a bug here, not a dead service there.
    const payload = toBinary(endpoint.request, request);
    let reply;
    try {
      // The caller's trace goes along (the replier's span continues it); no span active, no headers.
      const traceparent = currentTraceparent();
      const headers = traceparent ? createHeaders() : undefined;
      headers?.set(Header.traceparent, traceparent!);
      reply = await this.nc.request(this.ns.subject(endpoint.subject), payload, { timeout: timeoutMs, ...(headers ? { headers } : {}) });
    } catch (err) {
      throw new RemoteServiceError("SERVICE_UNAVAILABLE", `${endpoint.subject} did not answer`, { cause: err });
    }
    const code = reply.headers?.get(Header.serviceErrorCode);
    if (code) throw new RemoteServiceError(code, reply.headers?.get(Header.serviceError) ?? code);
    return fromBinary(endpoint.reply, reply.data);
  }

  /** Answers an endpoint in its queue group (`q` unless the contract names one), so replicas share the load. */
  serve<Req extends DescMessage, Rep extends DescMessage>(
    endpoint: EndpointContract<Req, Rep>,
    handle: (request: MessageShape<Req>) => Promise<MessageShape<Rep>>,
    onError?: (err: unknown) => void,
  ): Subscription {
    return this.nc.subscribe(this.ns.subject(endpoint.subject), {
      queue: endpoint.queue ?? "q",
      callback: (err, msg) => {
        if (err) return;
        const spanOptions = {
          kind: SpanKind.SERVER,
          parent: extractTraceContext(headerSource(msg.headers)),
          attributes: { "messaging.system": "nats", "messaging.operation.type": "process", "messaging.destination.name": endpoint.subject },
        };
        const started = performance.now();
        void withSpan(`${endpoint.subject} serve`, spanOptions, async (span) => {
          try {
            const reply = await handle(fromBinary(endpoint.request, msg.data));
            msg.respond(toBinary(endpoint.reply, reply));
            this.metrics?.servedOne(endpoint.subject, "OK", (performance.now() - started) / 1000);
          } catch (e) {
            // Only EndpointErrors cross the wire as they are: other errors (a driver's, with SQL in them) stay here.
            const known = e instanceof EndpointError;
            if (!known) onError?.(e);
            const h = createHeaders();
            h.set(Header.serviceErrorCode, known ? e.code : "INTERNAL");
            h.set(Header.serviceError, known ? e.message : "internal error");
            msg.respond(new Uint8Array(0), { headers: h });
            this.metrics?.servedOne(endpoint.subject, known ? e.code : "INTERNAL", (performance.now() - started) / 1000);
            recordSpanError(span, known ? e : new Error("internal error"));
          }
        });
      },
    });
  }

  /**
   * Registers prelabel_nats_consumer_lag_messages for these durable consumers in `registry`: num_pending +
   * num_ack_pending from consumer info, read at scrape time with a short timeout.
   */
  registerConsumerLag(registry: Registry, consumers: readonly ConsumerRef[], timeoutMs = 2_000): void {
    consumerLagGauge(
      registry,
      consumers,
      async (c) => {
        const info = await this.jsm.consumers.info(this.ns.stream(c.stream), c.durable);
        return info.num_pending + info.num_ack_pending;
      },
      timeoutMs,
    );
  }

  objectStore(bucket: string): Promise<ObjectStore> {
    return new Objm(this.js).open(this.ns.bucket(bucket));
  }

  /** What `readObject` needs to read the bucket's objects with direct gets (object-direct.reader.ts). */
  directObjectAccess(bucket: string): DirectObjectAccess {
    return { api: this.jsm.direct, bucketName: this.ns.bucket(bucket) };
  }

  keyValue(bucket: string): Promise<KV> {
    return new Kvm(this.js).open(this.ns.bucket(bucket));
  }

  /** Drains subscriptions and closes the connection. */
  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private envelope(schema: DescMessage, options: PublishOptions): MsgHdrs {
    const h = createHeaders();
    h.set(Header.type, schema.typeName);
    h.set(Header.occurredAt, new Date().toISOString());
    if (options.traceparent) h.set(Header.traceparent, options.traceparent);
    else injectTraceContext(h);
    return h;
  }
}

const noHeaders: HeaderSource = { get: () => undefined };
/** NATS headers as a trace-context source (MsgHdrs.get answers "" for a missing header). */
const headerSource = (h: MsgHdrs | undefined): HeaderSource => (h ? { get: (name) => h.get(name) || undefined } : noHeaders);
