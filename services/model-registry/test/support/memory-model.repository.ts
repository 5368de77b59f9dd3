import { ModelSource, type Model, type ModelFilter, type StoredSecret } from "../../src/domain/model.js";
import type { ArtifactGuard, ModelRepository } from "../../src/domain/model.repository.js";

/**
 * ModelRepository in memory for unit tests of the use cases; locks are a per-digest promise chain. A tenant sees
 * catalog rows and its own, as in PostgreSQL; rows without a tenant are the default tenant's. Deleted models stay
 * in `rows` as tombstones (`deletedAt`), seen only by `findReference`.
 */
export class MemoryModelRepository implements ModelRepository {
  readonly rows = new Map<string, Model>();
  upserts = 0;
  private readonly locks = new Map<string, Promise<unknown>>();

  async list(tenantId: string, filter: ModelFilter) {
    return [...this.rows.values()].filter(
      (m) =>
        live(m) && visibleTo(tenantId, m) && (!filter.kind || m.kind === filter.kind) && (!filter.source || m.source === filter.source),
    );
  }

  async findById(tenantId: string, id: string) {
    const row = this.rows.get(id);
    return row && live(row) && visibleTo(tenantId, row) ? row : null;
  }

  async findReference(tenantId: string, id: string) {
    const row = this.rows.get(id);
    return row && visibleTo(tenantId, row) ? row : null;
  }

  /** Live rows only, as the callers of the old hard delete expect. */
  liveIds(): string[] {
    return [...this.rows.values()].filter(live).map((m) => m.id);
  }

  async updateHubCredential(tenantId: string, id: string, credential: StoredSecret, credentialHint: string) {
    const row = this.rows.get(id);
    if (!row?.hub || !live(row) || ownerOf(row) !== tenantId) return false;
    this.rows.set(id, { ...row, credential, hub: { ...row.hub, credentialHint } });
    return true;
  }

  async upsert(models: Model[]) {
    this.upserts++;
    for (const m of models) this.rows.set(m.id, { ...m, deletedAt: null });
  }

  async withArtifactsLocked<T>(sha256s: readonly string[], work: (guard: ArtifactGuard) => Promise<T>): Promise<T> {
    const keys = [...new Set(sha256s)].sort();
    const previous = Promise.all(keys.map((k) => this.locks.get(k) ?? Promise.resolve()));
    const run = previous.then(() => work(this.guard()));
    const settled = run.catch(() => undefined);
    for (const k of keys) this.locks.set(k, settled);
    return run;
  }

  private guard(): ArtifactGuard {
    return {
      insert: async (model) => {
        if (this.rows.has(model.id)) return null;
        const stored = { ...model, createdAt: new Date() };
        this.rows.set(model.id, stored);
        return stored;
      },
      countReferences: async (sha256) =>
        [...this.rows.values()].filter((m) => live(m) && m.artifacts.some((a) => a.sha256 === sha256)).length,
      delete: async (tenantId, id, afterDelete) => {
        const row = this.rows.get(id);
        if (!row || !live(row) || ownerOf(row) !== tenantId) return false;
        this.rows.set(id, {
          ...row,
          deletedAt: new Date(),
          credential: null,
          hub: row.hub ? { ...row.hub, credentialHint: null } : row.hub,
        });
        try {
          await afterDelete();
        } catch (err) {
          this.rows.set(id, row);
          throw err;
        }
        return true;
      },
    };
  }
}

const live = (m: Model): boolean => !m.deletedAt;
const ownerOf = (m: Model): string => m.tenantId ?? "default";
const visibleTo = (tenantId: string, m: Model): boolean => m.source === ModelSource.CATALOG || ownerOf(m) === tenantId;
