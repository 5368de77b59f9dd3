import type { GuardedTarget } from "@prelabel/hubs";

// CONTRACT STUB (replaced by the libs/nuclio implementation branch): signatures only.

export interface NuclioAddressPolicyOptions {
  /**
   * Hosts whose private (loopback, RFC 1918, link-local, …) addresses may be contacted: hostnames, IP literals or
   * CIDRs (`10.0.0.0/8`). Self-hosted defaults to the dashboard's host; "*" allows every private address.
   */
  readonly privateHosts: readonly string[];
}

/**
 * The SSRF fence for function URLs (libs/hubs' guard underneath): http(s) only, no credentials in the URL, every
 * address a name resolves to public unless its host is listed in `privateHosts`; connections use the checked addresses.
 */
export class NuclioAddressPolicy {
  constructor(readonly options: NuclioAddressPolicyOptions) {}

  /** NUCLIO_URL_REFUSED when the URL may not be contacted. */
  async check(url: string | URL): Promise<GuardedTarget> {
    void url;
    throw new Error("not implemented");
  }
}
