import { Counter, Gauge, Histogram, metricOnce, type Registry } from "@prelabel/observability";

export const NATS_PUBLISHED = "prelabel_nats_messages_published_total";
export const NATS_CONSUMED = "prelabel_nats_messages_consumed_total";
export const NATS_CONSUMER_LAG = "prelabel_nats_consumer_lag_messages";
export const NATS_REQUESTS_SERVED = "prelabel_nats_requests_served_seconds";

/** How a consumed message was settled: the handler's outcome, or `error` when it threw (nak'd for redelivery). */
export type ConsumeOutcome = "ack" | "nak" | "term" | "error";

/**
 * Messages published (by subject without the namespace, outcome ok/error) and consumed (by subject and how they
 * were settled). Subjects are the contracts' fixed ones, so the label set stays small.
 */
export class MessagingMetrics {
  private readonly published: Counter<"subject" | "outcome">;
  private readonly consumed: Counter<"subject" | "outcome">;
  private readonly served: Histogram<"subject" | "code">;

  constructor(registry: Registry) {
    this.served = metricOnce(
      registry,
      NATS_REQUESTS_SERVED,
      () =>
        new Histogram({
          name: NATS_REQUESTS_SERVED,
          help: "NATS request/reply endpoints served (describe-task, describe-model, authenticate-api-key): latency in seconds, by subject and code (OK or the error code answered); _count is the rate",
          labelNames: ["subject", "code"],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers: [registry],
        }),
    );
    this.published = metricOnce(
      registry,
      NATS_PUBLISHED,
      () =>
        new Counter({
          name: NATS_PUBLISHED,
          help: "NATS messages published, by subject and outcome (ok, error)",
          labelNames: ["subject", "outcome"],
          registers: [registry],
        }),
    );
    this.consumed = metricOnce(
      registry,
      NATS_CONSUMED,
      () =>
        new Counter({
          name: NATS_CONSUMED,
          help: "JetStream messages handled, by subject and outcome (ack, nak, term, error)",
          labelNames: ["subject", "outcome"],
          registers: [registry],
        }),
    );
  }

  publishedOne(subject: string, ok: boolean): void {
    this.published.inc({ subject, outcome: ok ? "ok" : "error" });
  }

  consumedOne(subject: string, outcome: ConsumeOutcome): void {
    this.consumed.inc({ subject, outcome });
  }

  /** `code`: OK, or the endpoint error code sent back (INTERNAL for anything unexpected). */
  servedOne(subject: string, code: string, seconds: number): void {
    this.served.observe({ subject, code }, seconds);
  }
}

export interface ConsumerRef {
  /** Stream name without the namespace (one of proto's `Streams`). */
  stream: string;
  durable: string;
}

/**
 * prelabel_nats_consumer_lag_messages{stream, consumer}: messages not yet handled by a durable consumer
 * (num_pending + num_ack_pending), read at scrape time (never per message). A consumer whose info cannot be read
 * within the timeout has no sample in that scrape.
 */
export function consumerLagGauge(
  registry: Registry,
  consumers: readonly ConsumerRef[],
  lagOf: (consumer: ConsumerRef) => Promise<number>,
  timeoutMs = 2_000,
): Gauge<"stream" | "consumer"> {
  return new Gauge({
    name: NATS_CONSUMER_LAG,
    help: "Messages a durable JetStream consumer has not finished (num_pending + num_ack_pending), read at scrape time",
    labelNames: ["stream", "consumer"],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        consumers.map(async (c) => {
          let timer: NodeJS.Timeout | undefined;
          try {
            const lag = await Promise.race([
              lagOf(c),
              new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("consumer info timed out")), timeoutMs))),
            ]);
            this.set({ stream: c.stream, consumer: c.durable }, lag);
          } catch {
            // No sample: an absent series, not a made-up 0.
          } finally {
            clearTimeout(timer);
          }
        }),
      );
    },
  });
}
