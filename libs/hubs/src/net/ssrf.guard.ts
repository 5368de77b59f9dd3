import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { normalizeHubEndpoints, type HubEndpoints } from "../hub-endpoints.config.js";
import { redactUrl } from "../secret.redactor.js";
import { classifyAddress } from "./ip-address.classifier.js";

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** A URL that passed the guard, with the addresses it was checked at; connections must use exactly these. */
export interface GuardedTarget {
  readonly url: URL;
  readonly addresses: readonly ResolvedAddress[];
  /** For `http.request`/axios: answers only with the checked addresses, so DNS cannot change between check and connect. */
  readonly lookup: LookupFunction;
}

export interface SsrfGuardOptions {
  /** Origins (scheme://host:port) that may be contacted. */
  readonly allowedOrigins: readonly string[];
  /** HTTPS hostnames (exact or `*.suffix`) that may be contacted, e.g. dedicated inference endpoints. */
  readonly allowedHttpsHosts?: readonly string[];
  /** Where a redirect may lead besides its own origin: bare hostnames (HTTPS implied) or full origins. */
  readonly redirectHosts?: readonly string[];
  readonly allowPrivateNetworks: boolean;
  readonly resolver?: HostResolver;
}

const systemResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * The outbound-request guard: a tenant-provided URL never makes the server fetch an arbitrary host.
 * Only configured hub origins are contacted; names must resolve to public unicast addresses (unless private
 * networks are allowed by configuration); redirects are followed by the caller one hop at a time through
 * `checkRedirect`, which refuses other hosts.
 */
export class SsrfGuard {
  private readonly origins: ReadonlySet<string>;
  private readonly httpsHosts: readonly string[];
  private readonly redirectHosts: ReadonlySet<string>;
  private readonly redirectOrigins: ReadonlySet<string>;
  private readonly resolver: HostResolver;

  constructor(private readonly options: SsrfGuardOptions) {
    this.origins = new Set(options.allowedOrigins.map((o) => new URL(o).origin));
    this.httpsHosts = (options.allowedHttpsHosts ?? []).map((h) => h.toLowerCase());
    const redirects = options.redirectHosts ?? [];
    this.redirectHosts = new Set(redirects.filter((h) => !h.includes("://")).map((h) => h.toLowerCase()));
    this.redirectOrigins = new Set(redirects.filter((h) => h.includes("://")).map((h) => new URL(h).origin));
    this.resolver = options.resolver ?? systemResolver;
  }

  static forEndpoints(endpoints: HubEndpoints, resolver?: HostResolver): SsrfGuard {
    const e = normalizeHubEndpoints(endpoints);
    return new SsrfGuard({
      allowedOrigins: [e.hfHubUrl, e.hfInferenceUrl, e.roboflowApiUrl, e.roboflowInferUrl],
      allowedHttpsHosts: e.hfEndpointHosts,
      redirectHosts: e.redirectHosts,
      allowPrivateNetworks: e.allowPrivateNetworks,
      resolver,
    });
  }

  get allowsPrivateNetworks(): boolean {
    return this.options.allowPrivateNetworks;
  }

  /** Syntax and allowlist only (no DNS): throws HUB_URL_INVALID or HUB_URL_REFUSED. */
  checkUrl(raw: string | URL): URL {
    const url = parseUrl(raw);
    if (this.origins.has(url.origin)) return url;
    if (url.protocol === "https:" && this.httpsHosts.some((p) => hostMatches(url.hostname, p))) return url;
    throw refused(url, "its host is not a configured hub");
  }

  /**
   * The next hop of a redirect: same origin, or a configured redirect host over HTTPS. Anything else is
   * refused, so a hub (or whoever answers for it) cannot bounce us to an internal service.
   */
  checkRedirect(from: URL, location: string): URL {
    let next: URL;
    try {
      next = new URL(location, from);
    } catch {
      throw new HubError(HubErrorCode.BadResponse, "The hub answered with an unparsable redirect");
    }
    if (next.username || next.password) throw refused(next, "redirect carries credentials");
    if (next.origin === from.origin) return next;
    if (next.protocol === "https:" && this.redirectHosts.has(next.hostname.toLowerCase())) return next;
    if (this.redirectOrigins.has(next.origin)) return next;
    throw refused(next, `redirect from ${from.host} to another host`);
  }

  /** Allowlist, then DNS: every address the name resolves to must be public (unless private networks are allowed). */
  async resolve(url: URL): Promise<GuardedTarget> {
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const family = isIP(hostname);
    let addresses: ResolvedAddress[];
    if (family !== 0) {
      addresses = [{ address: hostname, family: family === 6 ? 6 : 4 }];
    } else {
      try {
        addresses = await this.resolver(hostname);
      } catch (err) {
        // A configured hub that does not resolve right now is an outage, not a refusal.
        throw new HubError(HubErrorCode.Unavailable, `Could not resolve ${hostname}`, {}, { reason: "network" }, { cause: sanitize(err) });
      }
      if (addresses.length === 0) {
        throw new HubError(HubErrorCode.Unavailable, `Could not resolve ${hostname}`, {}, { reason: "network" });
      }
    }
    if (!this.options.allowPrivateNetworks) {
      for (const a of addresses) {
        const cls = classifyAddress(a.address);
        if (cls !== "public") throw refused(url, `${hostname} resolves to a ${cls} address`);
      }
    }
    return { url, addresses, lookup: pinnedLookup(addresses) };
  }
}

function parseUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = raw instanceof URL ? new URL(raw.href) : new URL(raw);
  } catch {
    throw new HubError(HubErrorCode.UrlInvalid, "Not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HubError(HubErrorCode.UrlInvalid, `Only http and https URLs are allowed, not ${url.protocol}`);
  }
  if (url.username || url.password) throw refused(url, "URLs with credentials are not allowed");
  return url;
}

function hostMatches(hostname: string, pattern: string): boolean {
  const host = hostname.toLowerCase();
  if (pattern.startsWith("*.")) {
    const suffix = pattern.slice(1);
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return host === pattern;
}

function refused(url: URL, why: string): HubError {
  return new HubError(HubErrorCode.UrlRefused, `Refused to contact ${redactUrl(url.origin)}: ${why}`);
}

/** A `lookup` for node's http that answers only with the checked addresses, so DNS cannot change between check and connect. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    const wanted = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
    const usable = wanted === 0 ? addresses : addresses.filter((a) => a.family === wanted);
    if (usable.length === 0) {
      callback(Object.assign(new Error("No checked address of the requested family"), { code: "ENOTFOUND" }));
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, usable[0].address, usable[0].family);
  }) as LookupFunction;
}

/** An error safe to keep as a cause: message and code only, no request config with keys in it. */
export function sanitize(err: unknown): Error {
  const e = err as { message?: unknown; code?: unknown };
  const out = new Error(typeof e?.message === "string" ? redactUrl(e.message) : String(err));
  if (typeof e?.code === "string") Object.assign(out, { code: e.code });
  return out;
}
