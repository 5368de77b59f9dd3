import type { Model } from "./model.js";

/** What one sync changes, by model id. */
export interface NuclioSyncPlan {
  /** Listed and never seen: inserted. */
  added: Model[];
  /** Listed and live, with other content: updated. */
  changed: Model[];
  /** Listed again after the dashboard had dropped them: live again (same id, so jobs' references hold). */
  revived: Model[];
  /** Live but no longer listed: tombstoned, as deleteModel does. */
  removed: string[];
  unchanged: number;
}

/** A discovered row as the sync last wrote it; `deletedAt` set for a tombstone. */
export type DiscoveredRow = Model;

/**
 * The difference between the discovered rows we hold and what the dashboard lists now. Only called with a
 * listing that succeeded: a dashboard that cannot be listed changes nothing (never "everything was removed").
 */
export function planNuclioSync(current: readonly DiscoveredRow[], listed: readonly Model[]): NuclioSyncPlan {
  const byId = new Map(current.map((row) => [row.id, row]));
  const plan: NuclioSyncPlan = { added: [], changed: [], revived: [], removed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const model of listed) {
    // Two functions with one id cannot happen (ids derive from unique names); keep the first if it ever did.
    if (seen.has(model.id)) continue;
    seen.add(model.id);
    const row = byId.get(model.id);
    if (!row) plan.added.push(model);
    else if (row.deletedAt) plan.revived.push(model);
    else if (contentOf(row) !== contentOf(model)) plan.changed.push(model);
    else plan.unchanged++;
  }
  for (const row of current) if (!row.deletedAt && !seen.has(row.id)) plan.removed.push(row.id);
  return plan;
}

/** The fields the sync writes, in a form that does not depend on key order (jsonb reorders keys). */
function contentOf(m: Model): string {
  return stableJson({
    name: m.name,
    description: m.description,
    kind: m.kind,
    labels: m.labels,
    defaultThreshold: m.defaultThreshold,
    returnsMasks: m.returnsMasks,
    nuclio: m.nuclio ?? null,
    unsupportedReason: m.unsupportedReason ?? null,
    tenantId: m.tenantId,
  });
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
