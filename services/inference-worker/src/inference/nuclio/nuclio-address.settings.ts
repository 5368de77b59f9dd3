/** What decides which private addresses the worker's Nuclio calls may reach. */
export interface NuclioAddressSettings {
  readonly mode: "self-hosted" | "cloud";
  /** NUCLIO_DASHBOARD_URL: the operator's dashboard. */
  readonly dashboardUrl?: string;
  /** NUCLIO_ALLOWED_HOSTS: hostnames, IP literals, CIDRs, or "*". */
  readonly allowedHosts: readonly string[];
}

/**
 * The address policy's private hosts. A function URL arrives in a descriptor, so the worker never trusts its host
 * as such: self-hosted allows the operator's own dashboard host (set in this worker's config) plus the listed
 * hosts; cloud mode only the listed ones, so a tenant's function URL must resolve to public addresses (the
 * dashboard, often reachable there too, would otherwise be open to any tenant's hand-registered URL).
 */
export function nuclioPrivateHosts(settings: NuclioAddressSettings): string[] {
  const hosts = [...settings.allowedHosts];
  if (settings.mode === "self-hosted" && settings.dashboardUrl) {
    // URL keeps IPv6 literals bracketed ("[::1]"); the policy takes the bare address.
    hosts.push(new URL(settings.dashboardUrl).hostname.replace(/^\[(.*)\]$/, "$1"));
  }
  return [...new Set(hosts)];
}
