import type { Model, ModelFilter } from "./model.js";

/**
 * Where models are kept; the domain never sees TypeORM. Reads take the caller's tenant first and see the catalog
 * (shared by every tenant) plus that tenant's own models; another tenant's model is as absent as an unknown id.
 * A deleted model stays as a tombstone that only `findReference` returns: for every other read it is gone.
 */
export interface ModelRepository {
  /** Catalog models and `tenantId`'s own, by name. */
  list(tenantId: string, filter: ModelFilter): Promise<Model[]>;
  /** A catalog model or one of `tenantId`'s; null for another tenant's, a deleted one and an unknown id. */
  findById(tenantId: string, id: string): Promise<Model | null>;
  /** As `findById`, but `tenantId`'s deleted models too (with `deletedAt`): what a job that ran on one shows. */
  findReference(tenantId: string, id: string): Promise<Model | null>;
  /** Inserts or replaces by id, in one transaction; a replaced row is live again. */
  upsert(models: Model[]): Promise<void>;
  /**
   * Runs `work` holding an exclusive lock per digest (across replicas) on one connection, so storing or
   * dropping an artifact's bytes and the rows that refer to it never interleave with another upload or delete.
   */
  withArtifactsLocked<T>(sha256s: readonly string[], work: (guard: ArtifactGuard) => Promise<T>): Promise<T>;
}

/** Row operations inside `withArtifactsLocked`, on the locked connection. */
export interface ArtifactGuard {
  /** Inserts a new model and returns it as stored; null when the id is taken. */
  insert(model: Model): Promise<Model | null>;
  /** How many live models, of every tenant, list an artifact with this digest (the bytes are shared across tenants). */
  countReferences(sha256: string): Promise<number>;
  /**
   * Turns `tenantId`'s live row into a tombstone (deleted now, its credential dropped), then runs `afterDelete`
   * in the same transaction: when it throws, the row stays live. False when `tenantId` has no such live row.
   */
  delete(tenantId: string, id: string, afterDelete: () => Promise<void>): Promise<boolean>;
}
