import type { Model, ModelFilter } from "./model.js";

/** Where models are kept; the domain never sees TypeORM. */
export interface ModelRepository {
  list(filter: ModelFilter): Promise<Model[]>;
  findById(id: string): Promise<Model | null>;
  /** Inserts or replaces by id, in one transaction. */
  upsert(models: Model[]): Promise<void>;
}
