import { KeyedConcurrencyLimiter, parseRetryAfter, systemClock, type Clock } from "@prelabel/hubs";
import { parseDetectorResponse } from "../detection-response.parser.js";
import type { NuclioAddressPolicy } from "../nuclio-address.policy.js";
import {
  NuclioError,
  NuclioErrorCode,
  isNuclioError,
  type NuclioDetectOptions,
  type NuclioDetectRequest,
  type NuclioDetection,
  type NuclioInvokeTarget,
  type NuclioInvoker,
  type NuclioLabelType,
} from "../nuclio.types.js";
import { NuclioHttpTransport, TransportFailure, type TransportResponse } from "./nuclio-http.transport.js";

/** What the invoker reports for metrics; the hook must not throw (if it does, the error is ignored). */
export type NuclioInvokerEvent =
  | {
      readonly type: "attempt";
      readonly tenantId: string;
      readonly functionName: string;
      readonly attempt: number;
      readonly outcome: "ok" | "status" | "network" | "timeout" | "bad-response" | "refused";
      readonly status?: number;
      readonly durationMs: number;
    }
  | {
      readonly type: "retry";
      readonly tenantId: string;
      readonly functionName: string;
      /** The attempt that failed (1-based). */
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: "status" | "network" | "timeout";
      readonly status?: number;
    }
  | {
      readonly type: "breaker-open";
      readonly tenantId: string;
      readonly functionName: string;
      readonly failures: number;
      readonly cooldownMs: number;
    }
  | { readonly type: "breaker-half-open"; readonly tenantId: string; readonly functionName: string }
  | { readonly type: "breaker-close"; readonly tenantId: string; readonly functionName: string };

export interface HttpNuclioInvokerOptions {
  /** Every URL (dashboard or function) passes it before a connection is made. */
  readonly policy: NuclioAddressPolicy;
  /** Per attempt (default 30 s); also sent to a dashboard as `x-nuclio-invoke-timeout`. A call's `timeoutMs` wins. */
  readonly timeoutMs?: number;
  /** Attempts per call, the first included (default 4). */
  readonly maxAttempts?: number;
  /** Backoff: full jitter in [0, min(maxDelayMs, baseDelayMs·2^(n−1))] (defaults 250 ms, 4 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A longer Retry-After ends the call at once (FUNCTION_UNAVAILABLE with `retryAfterMs`); default 30 s. */
  readonly maxRetryAfterMs?: number;
  /** Calls in flight per (tenant, function) when a call gives none (default 1: Nuclio's default maxWorkers). */
  readonly maxConcurrency?: number;
  /** Consecutive unavailable/timed-out calls that open a (tenant, function)'s breaker (default 5). */
  readonly breakerFailures?: number;
  /** How long an open breaker fails calls at once before one trial call (default 30 s). */
  readonly breakerCooldownMs?: number;
  /** Largest answer read (default 64 MiB, the response parser's limit). */
  readonly maxResponseBytes?: number;
  readonly clock?: Clock;
  /** In [0, 1), for the jitter (tests pin it). */
  readonly random?: () => number;
  readonly onEvent?: (event: NuclioInvokerEvent) => void;
}

type Retryable = {
  readonly reason: "status" | "network" | "timeout";
  readonly status?: number;
  readonly retryAfter?: string;
  readonly message: string;
};
type AttemptResult = { readonly ok: NuclioDetection[] } | { readonly final: NuclioError } | { readonly retry: Retryable };

/** Errors an open breaker threw: they say nothing new about the function's health. */
const circuitOpenErrors = new WeakSet<NuclioError>();

interface Breaker {
  failures: number;
  openUntil: number | null;
  trialInFlight: boolean;
}

/**
 * Calls detector functions with CVAT's protocol, through a dashboard (`POST /api/function_invocations` with the
 * x-nuclio-* headers) or directly (`POST <url>`), body `{"image": <base64>, "threshold": t}`. Per attempt timeout;
 * retries with backoff and jitter (Retry-After honoured) on 429, 502, 503, 504, connection errors and timeouts;
 * per (tenant, function) concurrency limit; per (tenant, function) circuit breaker. Errors: see the README's table.
 */
export class HttpNuclioInvoker implements NuclioInvoker {
  private readonly transport = new NuclioHttpTransport();
  private readonly limiters = new Map<number, KeyedConcurrencyLimiter>();
  private readonly breakers = new Map<string, Breaker>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly settings: Required<Omit<HttpNuclioInvokerOptions, "policy" | "clock" | "random" | "onEvent">>;

  constructor(readonly options: HttpNuclioInvokerOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.settings = {
      timeoutMs: options.timeoutMs ?? 30_000,
      maxAttempts: options.maxAttempts ?? 4,
      baseDelayMs: options.baseDelayMs ?? 250,
      maxDelayMs: options.maxDelayMs ?? 4_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      maxConcurrency: options.maxConcurrency ?? 1,
      breakerFailures: options.breakerFailures ?? 5,
      breakerCooldownMs: options.breakerCooldownMs ?? 30_000,
      maxResponseBytes: options.maxResponseBytes ?? 64 * 1024 * 1024,
    };
    for (const [name, value] of Object.entries(this.settings)) {
      if (!Number.isFinite(value) || value < 0 || (name !== "baseDelayMs" && name !== "maxDelayMs" && value === 0)) {
        throw new RangeError(`HttpNuclioInvoker: ${name} must be a positive number`);
      }
    }
  }

  async detect(target: NuclioInvokeTarget, request: NuclioDetectRequest, options: NuclioDetectOptions): Promise<NuclioDetection[]> {
    const { signal, tenantId } = options;
    signal?.throwIfAborted();
    const functionName = target.functionName;
    const key = `${tenantId}\u0000${targetKey(target)}`;
    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const limit = Math.max(1, Math.floor(options.maxConcurrency ?? this.settings.maxConcurrency));
    const limiter = this.limiterFor(limit);
    const body = Buffer.from(
      JSON.stringify({ image: Buffer.from(request.image).toString("base64"), threshold: request.threshold }),
      "utf8",
    );
    const emit = (event: NuclioInvokerEvent) => {
      try {
        this.options.onEvent?.(event);
      } catch {
        // Metrics must not break calls.
      }
    };

    const trial = this.admit(key, tenantId, functionName, emit);
    const attempts = trial ? 1 : this.settings.maxAttempts;
    let settledBreaker = false;
    try {
      let last: Retryable | undefined;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        signal?.throwIfAborted();
        if (attempt > 1) this.refuseIfOpen(key, functionName);
        const release = await limiter.acquire(key, signal);
        const started = this.clock.now();
        let result: AttemptResult;
        try {
          result = await this.attempt(target, body, timeoutMs, options.labelTypes, signal);
        } finally {
          release();
        }
        const durationMs = this.clock.now() - started;
        if ("ok" in result) {
          emit({ type: "attempt", tenantId, functionName, attempt, outcome: "ok", durationMs });
          this.reachable(key, tenantId, functionName, emit);
          settledBreaker = true;
          return result.ok;
        }
        if ("final" in result) {
          const err = result.final;
          const outcome =
            err.code === NuclioErrorCode.FunctionBadResponse
              ? "bad-response"
              : err.code === NuclioErrorCode.UrlRefused
                ? "refused"
                : "status";
          emit({ type: "attempt", tenantId, functionName, attempt, outcome, status: err.details.status, durationMs });
          // The function (or its dashboard) answered: it is up, whatever it said.
          if (err.code !== NuclioErrorCode.UrlRefused) {
            this.reachable(key, tenantId, functionName, emit);
            settledBreaker = true;
          }
          throw err;
        }
        last = result.retry;
        emit({ type: "attempt", tenantId, functionName, attempt, outcome: last.reason, status: last.status, durationMs });
        const hinted = parseRetryAfter(last.retryAfter, Date.now());
        if (hinted !== undefined && hinted > this.settings.maxRetryAfterMs) {
          throw this.exhausted(functionName, last, attempt, hinted);
        }
        if (attempt === attempts) break;
        const delayMs = hinted ?? this.backoff(attempt);
        emit({ type: "retry", tenantId, functionName, attempt, delayMs, reason: last.reason, status: last.status });
        await this.clock.sleep(delayMs, signal);
      }
      throw this.exhausted(functionName, last!, attempts);
    } catch (err) {
      if (signal?.aborted) {
        if (trial && !settledBreaker) this.releaseTrial(key);
        throw signal.reason;
      }
      if (!settledBreaker && isNuclioError(err) && countsAgainstBreaker(err)) {
        this.failed(key, tenantId, functionName, emit);
      } else if (trial && !settledBreaker) this.releaseTrial(key);
      throw err;
    }
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.transport.close();
  }

  private async attempt(
    target: NuclioInvokeTarget,
    body: Buffer,
    timeoutMs: number,
    labelTypes: ReadonlyMap<string, NuclioLabelType> | undefined,
    outer: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    const timeout = this.clock.timeout(timeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    const name = target.functionName;
    let url: string;
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (target.method === "dashboard") {
      url = `${target.dashboardUrl.replace(/\/+$/, "")}/api/function_invocations`;
      Object.assign(headers, {
        "x-nuclio-function-name": target.functionName,
        "x-nuclio-function-namespace": target.namespace,
        "x-nuclio-project-name": target.project,
        "x-nuclio-path": "/",
        "x-nuclio-invoke-via": "domain-name",
        "x-nuclio-invoke-timeout": `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`,
      });
    } else url = target.url;

    let response: TransportResponse;
    try {
      const checked = await this.options.policy.check(url);
      response = await this.transport.send({
        method: "POST",
        target: checked,
        headers,
        body,
        signal,
        maxResponseBytes: this.settings.maxResponseBytes,
      });
    } catch (err) {
      if (outer?.aborted) throw outer.reason;
      if (err instanceof TransportFailure) {
        if (err.reason === "aborted") return { retry: { reason: "timeout", message: `${name} did not answer within ${timeoutMs} ms` } };
        if (err.reason === "too-large")
          return { final: new NuclioError(NuclioErrorCode.FunctionBadResponse, `Bad detector response: ${err.message}`) };
        return { retry: { reason: "network", message: `${name}: ${err.message}` } };
      }
      if (isNuclioError(err) && err.code === NuclioErrorCode.FunctionUnavailable) {
        return { retry: { reason: "network", message: `${name}: ${err.message}` } };
      }
      if (isNuclioError(err)) return { final: err };
      throw err;
    }

    const status = response.status;
    if (status >= 200 && status <= 299) {
      try {
        return { ok: parseDetectorResponse(response.body, labelTypes) };
      } catch (err) {
        if (isNuclioError(err)) return { final: new NuclioError(err.code, `${name}: ${err.message}`, { status }) };
        throw err;
      }
    }
    if (status === 429 || status === 502 || status === 503 || status === 504) {
      return {
        retry: { reason: "status", status, retryAfter: response.headers["retry-after"], message: `${name} answered HTTP ${status}` },
      };
    }
    if (status === 404 && target.method === "dashboard") {
      return { final: new NuclioError(NuclioErrorCode.FunctionRemoved, `The dashboard no longer knows the function ${name}`, { status }) };
    }
    return {
      final: new NuclioError(NuclioErrorCode.FunctionError, `${name} answered HTTP ${status}${lastLine(response.body)}`, { status }),
    };
  }

  private exhausted(name: string, last: Retryable, attempts: number, retryAfterMs?: number): NuclioError {
    const tries = attempts === 1 ? "" : ` (${attempts} attempts)`;
    const details = {
      ...(last.status !== undefined ? { status: last.status } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
    if (last.reason === "timeout" || last.status === 504) {
      return new NuclioError(NuclioErrorCode.FunctionTimeout, `${last.message}${tries}`, details);
    }
    return new NuclioError(NuclioErrorCode.FunctionUnavailable, `${last.message}${tries}`, details);
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  private limiterFor(limit: number): KeyedConcurrencyLimiter {
    let limiter = this.limiters.get(limit);
    if (!limiter) {
      limiter = new KeyedConcurrencyLimiter(limit);
      this.limiters.set(limit, limiter);
    }
    return limiter;
  }

  /** Whether this call is the half-open trial; throws FUNCTION_UNAVAILABLE while the breaker is open. */
  private admit(key: string, tenantId: string, functionName: string, emit: (e: NuclioInvokerEvent) => void): boolean {
    const breaker = this.breakers.get(key);
    if (!breaker || breaker.openUntil === null) return false;
    const now = this.clock.now();
    if (now < breaker.openUntil || breaker.trialInFlight) throw this.openError(functionName, Math.max(0, breaker.openUntil - now));
    breaker.trialInFlight = true;
    emit({ type: "breaker-half-open", tenantId, functionName });
    return true;
  }

  private refuseIfOpen(key: string, functionName: string): void {
    const breaker = this.breakers.get(key);
    if (breaker?.openUntil != null && !breaker.trialInFlight) {
      throw this.openError(functionName, Math.max(0, breaker.openUntil - this.clock.now()));
    }
  }

  private openError(functionName: string, retryAfterMs: number): NuclioError {
    const err = new NuclioError(NuclioErrorCode.FunctionUnavailable, `${functionName} is failing; calls are paused (circuit open)`, {
      retryAfterMs,
    });
    circuitOpenErrors.add(err);
    return err;
  }

  private reachable(key: string, tenantId: string, functionName: string, emit: (e: NuclioInvokerEvent) => void): void {
    const breaker = this.breakers.get(key);
    if (!breaker) return;
    this.breakers.delete(key);
    if (breaker.openUntil !== null) emit({ type: "breaker-close", tenantId, functionName });
  }

  private failed(key: string, tenantId: string, functionName: string, emit: (e: NuclioInvokerEvent) => void): void {
    const breaker = this.breakers.get(key) ?? { failures: 0, openUntil: null, trialInFlight: false };
    this.breakers.set(key, breaker);
    breaker.failures++;
    const wasTrial = breaker.trialInFlight;
    breaker.trialInFlight = false;
    if (wasTrial || (breaker.openUntil === null && breaker.failures >= this.settings.breakerFailures)) {
      breaker.openUntil = this.clock.now() + this.settings.breakerCooldownMs;
      emit({ type: "breaker-open", tenantId, functionName, failures: breaker.failures, cooldownMs: this.settings.breakerCooldownMs });
    }
  }

  private releaseTrial(key: string): void {
    const breaker = this.breakers.get(key);
    if (breaker) breaker.trialInFlight = false;
  }
}

/** Unavailable and timed-out calls count against the breaker; answers (even errors) show the function is up. */
function countsAgainstBreaker(err: NuclioError): boolean {
  if (circuitOpenErrors.has(err)) return false;
  if (err.code === NuclioErrorCode.FunctionTimeout) return true;
  return err.code === NuclioErrorCode.FunctionUnavailable && err.details.status !== 429;
}

function targetKey(target: NuclioInvokeTarget): string {
  return target.method === "dashboard"
    ? `dashboard\u0000${target.dashboardUrl}\u0000${target.namespace}\u0000${target.project}\u0000${target.functionName}`
    : `direct\u0000${target.url}`;
}

/** The last line of a text answer (a Python traceback's exception line), printable and short; "" for none. */
function lastLine(body: Buffer): string {
  const text = body.subarray(Math.max(0, body.length - 2_000)).toString("utf8");
  const line = text
    .split("\n")
    .map((l) => l.replace(/[^\x20-\x7e]+/g, " ").trim())
    .filter((l) => l !== "")
    .pop();
  if (!line) return "";
  return `: ${line.length > 160 ? `${line.slice(0, 160)}…` : line}`;
}
