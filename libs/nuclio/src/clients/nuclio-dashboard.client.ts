import { parseDashboardListing, type DashboardListing } from "../function-config.parser.js";
import type { NuclioAddressPolicy } from "../nuclio-address.policy.js";
import { NuclioError, NuclioErrorCode, isNuclioError, type NuclioDashboard, type NuclioFunction } from "../nuclio.types.js";
import { NuclioHttpTransport, TransportFailure } from "./nuclio-http.transport.js";

export interface HttpNuclioDashboardOptions {
  /** The dashboard's base URL (scheme://host:port[/prefix]). */
  readonly url: string;
  /** `x-nuclio-project-name` (default "cvat", as CVAT's lambda manager sends). */
  readonly project?: string;
  /** `x-nuclio-function-namespace` (default "nuclio", CVAT's NUCLIO_FUNCTION_NAMESPACE default). */
  readonly namespace?: string;
  readonly policy: NuclioAddressPolicy;
  /** Whole-listing timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Largest answer read (default 32 MiB: a few thousand function configs). */
  readonly maxResponseBytes?: number;
}

/**
 * Lists a dashboard's functions as CVAT's lambda manager does: `GET <url>/api/functions` with the project and namespace
 * headers. Unreachable, non-2xx, non-JSON or non-map answers are NUCLIO_DASHBOARD_UNAVAILABLE; a URL the policy
 * refuses is NUCLIO_URL_REFUSED; a caller's cancellation rejects with its signal's reason.
 */
export class HttpNuclioDashboard implements NuclioDashboard {
  private readonly transport = new NuclioHttpTransport();
  readonly project: string;
  readonly namespace: string;
  private readonly listUrl: URL;

  constructor(readonly options: HttpNuclioDashboardOptions) {
    this.project = options.project ?? "cvat";
    this.namespace = options.namespace ?? "nuclio";
    const base = new URL(options.url);
    this.listUrl = new URL(`${base.pathname.replace(/\/+$/, "")}/api/functions`, base);
  }

  async listFunctions(signal?: AbortSignal): Promise<NuclioFunction[]> {
    return (await this.list(signal)).functions;
  }

  /** The functions, and the dashboard entries that could not be named at all (for a log line). */
  async list(signal?: AbortSignal): Promise<DashboardListing> {
    const host = this.listUrl.host;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const target = await this.options.policy.check(this.listUrl);
      const res = await this.transport.send({
        method: "GET",
        target,
        headers: {
          accept: "application/json",
          "x-nuclio-project-name": this.project,
          "x-nuclio-function-namespace": this.namespace,
        },
        signal: combined,
        maxResponseBytes: this.options.maxResponseBytes ?? 32 * 1024 * 1024,
      });
      if (res.status < 200 || res.status > 299) {
        throw unavailable(`The Nuclio dashboard at ${host} answered HTTP ${res.status}`, res.status);
      }
      let body: unknown;
      try {
        body = JSON.parse(res.body.toString("utf8"));
      } catch {
        throw unavailable(`The Nuclio dashboard at ${host} answered something that is not JSON`, res.status);
      }
      return parseDashboardListing(body);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (err instanceof TransportFailure) {
        if (err.reason === "aborted") throw unavailable(`The Nuclio dashboard at ${host} did not answer in time`);
        throw unavailable(`Could not list the Nuclio dashboard at ${host}: ${err.message}`);
      }
      if (isNuclioError(err)) {
        if (err.code === NuclioErrorCode.UrlRefused || err.code === NuclioErrorCode.DashboardUnavailable) throw err;
        // A name that does not resolve: the dashboard is unavailable.
        throw unavailable(`Could not reach the Nuclio dashboard at ${host}: ${err.message}`);
      }
      throw err;
    }
  }

  close(): void {
    this.transport.close();
  }
}

function unavailable(message: string, status?: number): NuclioError {
  return new NuclioError(NuclioErrorCode.DashboardUnavailable, message, status === undefined ? {} : { status });
}
