import type { TenantLimitBreach } from "./tenant-limits.js";

/** The task already has an active job (the job store allows one per task). */
export class ActiveJobExistsError extends Error {
  override readonly name = "ActiveJobExistsError";
  constructor(
    readonly taskId: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId} already has an active job`, options);
  }
}

/** Inserting the job would break one of its tenant's limits (nothing was inserted). */
export class TenantLimitError extends Error {
  override readonly name = "TenantLimitError";
  constructor(readonly limit: TenantLimitBreach) {
    super(`tenant limit ${limit.kind} reached`);
  }
}
