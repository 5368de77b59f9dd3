import { z } from "zod";
import { NuclioAddressPolicy } from "./nuclio-address.policy.js";

/**
 * Where Nuclio lives and which private addresses its calls may reach, as environment variables: spread into the config
 * schema of each service that contacts Nuclio (the registry lists the dashboard and checks registered URLs; the worker
 * calls the functions), so both read them the same way (docs/models/nuclio.md).
 */
export const nuclioAddressEnv = {
  /** The Nuclio dashboard (CVAT's NUCLIO host and port), e.g. http://nuclio:8070; unset: no dashboard. */
  NUCLIO_DASHBOARD_URL: z
    .url({ protocol: /^https?$/, error: "an http(s) URL" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * Hosts whose private addresses Nuclio calls may reach, comma-separated: hostnames, IP literals, CIDRs, or "*" for
   * every private address. Self-hosted also allows the dashboard's host; cloud mode allows only these (a tenant's
   * function URL must otherwise resolve to a public address).
   */
  NUCLIO_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .superRefine((hosts, ctx) => {
      try {
        // The policy's own reading of each entry, so a typo is reported with every other bad variable at start.
        new NuclioAddressPolicy({ privateHosts: hosts });
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
      }
    }),
};
