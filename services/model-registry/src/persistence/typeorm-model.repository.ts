import type { DataSource, Repository } from "typeorm";
import type { Model, ModelFilter, ModelKind, ModelSource } from "../domain/model.js";
import type { ModelRepository } from "../domain/model.repository.js";
import { ModelEntity } from "./entities/model.entity.js";

const CONTENT_COLUMNS = [
  "name",
  "description",
  "source",
  "kind",
  "labels",
  "default_threshold",
  "returns_masks",
  "input_width",
  "input_height",
  "preprocessing",
  "runtime",
] as const;

export class TypeormModelRepository implements ModelRepository {
  private readonly repo: Repository<ModelEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(ModelEntity);
  }

  async list(filter: ModelFilter): Promise<Model[]> {
    const rows = await this.repo.find({
      where: { ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.source ? { source: filter.source } : {}) },
      order: { name: "ASC", id: "ASC" },
    });
    return rows.map(toModel);
  }

  async findById(id: string): Promise<Model | null> {
    const row = await this.repo.findOneBy({ id });
    return row ? toModel(row) : null;
  }

  /**
   * INSERT … ON CONFLICT (id) DO UPDATE, touching a row only when its content changed,
   * so syncing an unchanged catalog writes nothing.
   */
  async upsert(models: Model[]): Promise<void> {
    if (models.length === 0) return;
    const columns = ["id", ...CONTENT_COLUMNS];
    const params: unknown[] = [];
    const tuples = models.map((m) => {
      const row = [
        m.id,
        m.name,
        m.description,
        m.source,
        m.kind,
        JSON.stringify(m.labels),
        m.defaultThreshold,
        m.returnsMasks,
        m.inputSize?.width ?? null,
        m.inputSize?.height ?? null,
        m.preprocessing,
        m.runtime,
      ];
      const placeholders = row.map((value, i) => {
        params.push(value);
        return `$${params.length}${columns[i] === "labels" ? "::jsonb" : ""}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    const table = `${this.repo.metadata.schema}.${this.repo.metadata.tableName}`;
    await this.dataSource.query(
      `INSERT INTO ${table} AS m (${columns.join(", ")}) VALUES ${tuples.join(", ")}
       ON CONFLICT (id) DO UPDATE SET ${CONTENT_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}, updated_at = now()
       WHERE (${CONTENT_COLUMNS.map((c) => `m.${c}`).join(", ")}) IS DISTINCT FROM (${CONTENT_COLUMNS.map((c) => `EXCLUDED.${c}`).join(", ")})`,
      params,
    );
  }
}

function toModel(row: ModelEntity): Model {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    source: row.source as ModelSource,
    kind: row.kind as ModelKind,
    labels: row.labels,
    defaultThreshold: row.defaultThreshold,
    returnsMasks: row.returnsMasks,
    inputSize: row.inputWidth !== null && row.inputHeight !== null ? { width: row.inputWidth, height: row.inputHeight } : null,
    preprocessing: row.preprocessing,
    runtime: row.runtime,
  };
}
