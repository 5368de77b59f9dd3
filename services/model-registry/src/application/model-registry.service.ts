import type { Model, ModelFilter } from "../domain/model.js";
import { ModelNotFoundError } from "../domain/model-registry.errors.js";
import type { ModelRepository } from "../domain/model.repository.js";
import { assertValidModelSpec } from "../domain/model-spec.js";

/** The registry's use cases: list, look up, and install the preinstalled catalog. */
export class ModelRegistryService {
  constructor(private readonly repository: ModelRepository) {}

  /** The catalog and the tenant's own models. */
  list(tenantId: string, filter: ModelFilter = {}): Promise<Model[]> {
    return this.repository.list(tenantId, filter);
  }

  /** A catalog model or one of the tenant's; null for another tenant's model and a deleted one (as for an unknown id). */
  find(tenantId: string, id: string): Promise<Model | null> {
    return this.repository.findById(tenantId, id);
  }

  /**
   * What another subgraph's reference (a job's model) resolves to: as `find`, plus the tenant's deleted models
   * (with `deletedAt`), so job history keeps their names. Another tenant's deleted model stays null.
   */
  findReference(tenantId: string, id: string): Promise<Model | null> {
    return this.repository.findReference(tenantId, id);
  }

  async get(tenantId: string, id: string): Promise<Model> {
    const model = await this.repository.findById(tenantId, id);
    if (!model) throw new ModelNotFoundError(id);
    return model;
  }

  /**
   * Installs the catalog: every entry is validated, then upserted by id, so running it at every
   * start (and from several replicas at once) leaves one row per entry with the manifest's content.
   * Rows for entries no longer in the manifest are kept: jobs may still refer to them.
   */
  async syncCatalog(entries: Model[]): Promise<void> {
    entries.forEach(assertValidModelSpec);
    await this.repository.upsert(entries);
  }
}
