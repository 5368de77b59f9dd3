/** Per-tenant limits on starting jobs; 0 = no limit. */
export interface TenantLimits {
  maxConcurrentJobs: number;
  maxFramesPerHour: number;
}

/** What a tenant has running, and has started in the last hour, when it starts another job. */
export interface TenantUsage {
  /** Its active jobs. */
  active: number;
  /** Frames of the jobs it started in the last hour (a CANCELLED or FAILED one counts as far as it got). */
  used: number;
  /** When the oldest of those jobs was created; null when none was. */
  oldest: Date | null;
}

/** The limit a start would break. */
export type TenantLimitBreach =
  | { kind: "concurrentJobs"; limit: number; active: number; requestedJobs: number }
  | { kind: "framesPerHour"; limit: number; used: number; requested: number; retryAfterSeconds: number | null };

const HOUR_MS = 3_600_000;

export function hasTenantLimits(limits: TenantLimits | undefined): limits is TenantLimits {
  return !!limits && (limits.maxConcurrentJobs > 0 || limits.maxFramesPerHour > 0);
}

/**
 * The limit starting `requestedJobs` more jobs (a batch starts several at once) with `requested` frames between them
 * would break, or undefined when the start is within them.
 */
export function tenantLimitBreach(
  usage: TenantUsage,
  requested: number,
  limits: TenantLimits,
  now: Date,
  requestedJobs = 1,
): TenantLimitBreach | undefined {
  const { active, used, oldest } = usage;
  if (limits.maxConcurrentJobs > 0 && active + requestedJobs > limits.maxConcurrentJobs) {
    return { kind: "concurrentJobs", limit: limits.maxConcurrentJobs, active, requestedJobs };
  }
  if (limits.maxFramesPerHour > 0 && used + requested > limits.maxFramesPerHour) {
    // When the oldest counted job leaves the window; null when nothing counts yet (the job alone is too big).
    const retryAfterSeconds =
      oldest && requested <= limits.maxFramesPerHour ? Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - now.getTime()) / 1000)) : null;
    return { kind: "framesPerHour", limit: limits.maxFramesPerHour, used, requested, retryAfterSeconds };
  }
  return undefined;
}
