import type { CallerContext } from "@prelabel/service-kit";

/** The context the subgraph server builds for a verified caller of `tenantId` (tests execute the schema directly). */
export const callerOf = (tenantId: string): CallerContext => ({ identity: { tenantId, subject: `test-${tenantId}`, roles: ["ADMIN"] } });

/** Self-hosted: every caller is the default tenant's admin. */
export const SELF_HOSTED_CALLER: CallerContext = callerOf("default");

/** The tenant self-hosted callers (and rows from before tenancy) belong to. */
export const DEFAULT_TENANT = "default";
