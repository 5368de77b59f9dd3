import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import {
  classifyAddress,
  pinnedLookup,
  type AddressClass,
  type GuardedTarget,
  type HostResolver,
  type ResolvedAddress,
} from "@prelabel/hubs";
import { NuclioError, NuclioErrorCode } from "./nuclio.types.js";

export interface NuclioAddressPolicyOptions {
  /**
   * Hosts whose private (loopback, RFC 1918, link-local, …) addresses may be contacted: hostnames, IP literals or
   * CIDRs (`10.0.0.0/8`). Self-hosted defaults to the dashboard's host; "*" allows every private address.
   */
  readonly privateHosts: readonly string[];
  /** DNS for names (default: the system resolver, every address). Tests pass a fake. */
  readonly resolver?: HostResolver;
}

/** Never contacted, whatever is allowed: they reach no single host (0.0.0.0 is "this host" on Linux). */
const neverAllowed: ReadonlySet<AddressClass> = new Set(["unspecified", "multicast", "invalid"]);
/** Only by an explicit IP or CIDR entry, not by "*" or a hostname: 169.254.169.254 is every cloud's metadata service. */
const explicitOnly: ReadonlySet<AddressClass> = new Set(["link-local"]);

const systemResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$/i;

/**
 * The SSRF fence for function URLs (libs/hubs' guard underneath): http(s) only, no credentials in the URL, every
 * address a name resolves to public unless its host is listed in `privateHosts`; connections use the checked addresses.
 * Refusals are NUCLIO_URL_REFUSED and name the host only (never the path or query); a name that does not resolve is
 * FUNCTION_UNAVAILABLE (an outage, not a refusal). Unspecified, multicast and unparsable addresses are always refused;
 * link-local ones (cloud metadata) only through an explicit IP or CIDR entry.
 */
export class NuclioAddressPolicy {
  private readonly anyPrivate: boolean;
  private readonly hostnames: ReadonlySet<string>;
  private readonly blocks = new BlockList();
  private readonly resolver: HostResolver;

  /** Throws a RangeError naming the entry when one of `privateHosts` is neither a hostname, an IP, a CIDR nor "*". */
  constructor(readonly options: NuclioAddressPolicyOptions) {
    const hostnames = new Set<string>();
    let anyPrivate = false;
    for (const raw of options.privateHosts) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, "");
      if (entry === "") continue;
      if (entry === "*") anyPrivate = true;
      else if (entry.includes("/") && !entry.includes("://")) {
        const [net, prefixText] = entry.split("/");
        const family = isIP(net);
        const prefix = Number(prefixText);
        if (family === 0 || !/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) {
          throw new RangeError(`Not a CIDR: ${raw}`);
        }
        this.blocks.addSubnet(net, prefix, family === 4 ? "ipv4" : "ipv6");
      } else if (isIP(entry) !== 0) this.blocks.addAddress(entry, isIP(entry) === 4 ? "ipv4" : "ipv6");
      else if (HOSTNAME.test(entry)) hostnames.add(entry.replace(/\.$/, ""));
      else throw new RangeError(`Not a hostname, IP address or CIDR: ${raw}`);
    }
    this.anyPrivate = anyPrivate;
    this.hostnames = hostnames;
    this.resolver = options.resolver ?? systemResolver;
  }

  /** NUCLIO_URL_REFUSED when the URL may not be contacted. */
  async check(url: string | URL): Promise<GuardedTarget> {
    let parsed: URL;
    try {
      parsed = url instanceof URL ? new URL(url.href) : new URL(url);
    } catch {
      throw new NuclioError(NuclioErrorCode.UrlRefused, "Not a valid URL");
    }
    const host = parsed.host;
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw refused(host, `only http and https are allowed, not ${parsed.protocol.replace(/:$/, "")}`);
    }
    if (parsed.username || parsed.password) throw refused(host, "URLs with credentials are not allowed");
    const hostname = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    const family = isIP(hostname);
    let addresses: ResolvedAddress[];
    if (family !== 0) addresses = [{ address: hostname, family: family === 6 ? 6 : 4 }];
    else {
      try {
        addresses = await this.resolver(hostname);
      } catch {
        throw new NuclioError(NuclioErrorCode.FunctionUnavailable, `Could not resolve ${hostname}`);
      }
      if (addresses.length === 0) throw new NuclioError(NuclioErrorCode.FunctionUnavailable, `Could not resolve ${hostname}`);
    }
    const listedName = family === 0 && this.hostnames.has(hostname.replace(/\.$/, ""));
    for (const a of addresses) {
      const cls = classifyAddress(a.address);
      if (cls === "public") continue;
      if (neverAllowed.has(cls)) throw refused(host, `${hostname} resolves to an ${cls} address`);
      if (this.listedAddress(a.address)) continue;
      if (!explicitOnly.has(cls) && (this.anyPrivate || listedName)) continue;
      throw refused(host, `${hostname} resolves to a ${cls} address that is not allowed (privateHosts)`);
    }
    return { url: parsed, addresses, lookup: pinnedLookup(addresses) };
  }

  private listedAddress(address: string): boolean {
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (v4) return this.blocks.check(v4, "ipv4");
    return this.blocks.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
  }
}

function refused(host: string, why: string): NuclioError {
  return new NuclioError(NuclioErrorCode.UrlRefused, `Refused to contact ${host}: ${why}`);
}
