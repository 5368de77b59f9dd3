import type { Model, ModelFilter } from "./model.js";

/** Where models are kept; the domain never sees TypeORM. */
export interface ModelRepository {
  list(filter: ModelFilter): Promise<Model[]>;
  findById(id: string): Promise<Model | null>;
  /** Inserts or replaces by id, in one transaction. */
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
  /** How many models list an artifact with this digest. */
  countReferences(sha256: string): Promise<number>;
  /** Deletes the row, then runs `afterDelete` in the same transaction: when it throws, the row stays. False when no such row. */
  delete(id: string, afterDelete: () => Promise<void>): Promise<boolean>;
}
