import type { CallerContext } from "@prelabel/service-kit";

/**
 * The tenant every task read and write is scoped to: the caller's, from the verified identity the subgraph server
 * puts in the context (self-hosted: the default tenant). A context without one is a wiring bug, never
 * "everyone's": it fails instead of reading unscoped.
 */
export function callerTenant(context: unknown): string {
  const tenantId = (context as Partial<CallerContext> | null | undefined)?.identity?.tenantId;
  if (!tenantId) throw new Error("no caller identity in the GraphQL context");
  return tenantId;
}
