import type { DataSource, FindOptionsWhere, QueryRunner, Repository } from "typeorm";
import type { HubCredentialStore } from "../domain/hub-model.ports.js";
import { DEFAULT_TENANT, ModelSource, type Model, type ModelFilter, type ModelKind, type StoredSecret } from "../domain/model.js";
import { isSharedModel } from "../domain/model-lifecycle.js";
import type { ArtifactGuard, ModelRepository } from "../domain/model.repository.js";
import type { NuclioFunctionStore } from "../domain/nuclio.ports.js";
import { planNuclioSync, type NuclioSyncPlan } from "../domain/nuclio-sync.js";
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
  "artifacts",
  "onnx_detector",
  "tenant_id",
  "hub",
  "credential",
  "nuclio",
  "unsupported_reason",
  "shared",
  "license",
  "measured_ms_per_frame",
] as const;
const COLUMNS = ["id", ...CONTENT_COLUMNS] as const;
const JSONB_COLUMNS: ReadonlySet<string> = new Set(["labels", "artifacts", "onnx_detector", "hub", "credential", "nuclio"]);

/** A model as the row values of COLUMNS, in order. */
function rowValues(m: Model): unknown[] {
  return [
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
    JSON.stringify(m.artifacts),
    m.onnxDetector ? JSON.stringify(m.onnxDetector) : null,
    m.tenantId ?? DEFAULT_TENANT,
    m.hub ? JSON.stringify(m.hub) : null,
    m.credential ? JSON.stringify(m.credential) : null,
    m.nuclio ? JSON.stringify(m.nuclio) : null,
    m.unsupportedReason ?? null,
    isSharedModel(m),
    m.license ?? null,
    m.measuredMsPerFrame ?? null,
  ];
}

/** Appends a row's values to `params` and returns its placeholder tuple. */
function tuple(m: Model, params: unknown[]): string {
  const placeholders = rowValues(m).map((value, i) => {
    params.push(value);
    return `$${params.length}${JSONB_COLUMNS.has(COLUMNS[i]) ? "::jsonb" : ""}`;
  });
  return `(${placeholders.join(", ")})`;
}

/**
 * Advisory lock key of a digest: its first 64 bits. Only other digest locks could collide with it, and a
 * collision would merely serialise two unrelated uploads.
 */
const lockKey = (sha256: string): string => BigInt.asIntN(64, BigInt(`0x${sha256.slice(0, 16)}`)).toString();

/** Any fixed 64-bit key (apart from the migrations'): serialises the Nuclio syncs of every replica. */
const NUCLIO_SYNC_LOCK = "7204011102";

export class TypeormModelRepository implements ModelRepository, HubCredentialStore, NuclioFunctionStore {
  private readonly repo: Repository<ModelEntity>;
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(ModelEntity);
    this.table = `${this.repo.metadata.schema}.${this.repo.metadata.tableName}`;
  }

  async list(tenantId: string, filter: ModelFilter): Promise<Model[]> {
    const match = { ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.source ? { source: filter.source } : {}) };
    const where = visibleTo(tenantId, match);
    const rows = await this.repo.find({ where, order: { name: "ASC", id: "ASC" } });
    return rows.map(toModel);
  }

  async findById(tenantId: string, id: string): Promise<Model | null> {
    // TypeORM skips tombstones (deleted_at) in find methods.
    const row = await this.repo.findOneBy(visibleTo(tenantId, { id }));
    return row ? toModel(row) : null;
  }

  async findReference(tenantId: string, id: string): Promise<Model | null> {
    // A tenant's tombstones stay its own; shared tombstones (functions the dashboard dropped) are everyone's history.
    const row = await this.repo.findOne({ where: visibleTo(tenantId, { id }), withDeleted: true });
    return row ? toModel(row) : null;
  }

  /**
   * INSERT … ON CONFLICT (id) DO UPDATE, touching a row only when its content changed,
   * so syncing an unchanged catalog writes nothing. A replaced tombstone is live again: the content is new.
   */
  async upsert(models: Model[]): Promise<void> {
    if (models.length === 0) return;
    const params: unknown[] = [];
    const tuples = models.map((m) => tuple(m, params));
    await this.dataSource.query(
      `INSERT INTO ${this.table} AS m (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}
       ON CONFLICT (id) DO UPDATE SET ${CONTENT_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}, updated_at = now(), deleted_at = NULL
       WHERE m.deleted_at IS NOT NULL
          OR (${CONTENT_COLUMNS.map((c) => `m.${c}`).join(", ")}) IS DISTINCT FROM (${CONTENT_COLUMNS.map((c) => `EXCLUDED.${c}`).join(", ")})`,
      params,
    );
  }

  /**
   * In one transaction under a cluster-wide advisory lock, so replicas syncing at once apply their listings one
   * after the other (the second finds nothing left to do). Updates are guarded by `shared AND source = 'NUCLIO'`:
   * an id held by any other row is left alone.
   */
  async applyDiscovered(listed: Model[]): Promise<NuclioSyncPlan> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query("SELECT pg_advisory_xact_lock($1::bigint)", [NUCLIO_SYNC_LOCK]);
      const rows = await manager.find(ModelEntity, { where: { source: ModelSource.NUCLIO, shared: true }, withDeleted: true });
      const plan = planNuclioSync(rows.map(toModel), listed);
      const writes = [...plan.added, ...plan.changed, ...plan.revived];
      if (writes.length) {
        const params: unknown[] = [];
        const tuples = writes.map((m) => tuple(m, params));
        await manager.query(
          `INSERT INTO ${this.table} AS m (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}
           ON CONFLICT (id) DO UPDATE SET ${CONTENT_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}, updated_at = now(), deleted_at = NULL
           WHERE m.shared AND m.source = 'NUCLIO'`,
          params,
        );
      }
      if (plan.removed.length) {
        // As deleteModel: a tombstone jobs still resolve; describe-model and every list treat it as gone.
        await manager.query(
          `UPDATE ${this.table} SET deleted_at = now(), updated_at = now()
            WHERE id = ANY($1::text[]) AND shared AND source = 'NUCLIO' AND deleted_at IS NULL`,
          [plan.removed],
        );
      }
      return plan;
    });
  }

  async countHandRegistered(tenantId: string): Promise<number> {
    const [{ n }] = await this.dataSource.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE tenant_id = $1 AND source = 'NUCLIO' AND NOT shared AND deleted_at IS NULL`,
      [tenantId],
    );
    return n;
  }

  async updateHubCredential(tenantId: string, id: string, credential: StoredSecret, credentialHint: string): Promise<boolean> {
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE ${this.table}
          SET credential = $2::jsonb, hub = jsonb_set(hub, '{credentialHint}', to_jsonb($3::text)), updated_at = now()
        WHERE id = $1 AND tenant_id = $4 AND hub IS NOT NULL AND deleted_at IS NULL
        RETURNING id`,
      [id, JSON.stringify(credential), credentialHint, tenantId],
    );
    return rows.length > 0;
  }

  /**
   * Session-level advisory locks (sorted, so two callers never wait on each other crosswise) on one
   * connection that also runs every guarded statement: a caller holding the lock never needs a second
   * pool connection, so waiting uploads cannot starve it.
   */
  async withArtifactsLocked<T>(sha256s: readonly string[], work: (guard: ArtifactGuard) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const locked: string[] = [];
    try {
      for (const key of [...new Set(sha256s)].sort().map(lockKey)) {
        await runner.query("SELECT pg_advisory_lock($1::bigint)", [key]);
        locked.push(key);
      }
      return await work(this.guard(runner));
    } finally {
      for (const key of locked.reverse()) await runner.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => undefined);
      await runner.release();
    }
  }

  private guard(runner: QueryRunner): ArtifactGuard {
    return {
      insert: async (model) => {
        const params: unknown[] = [];
        const inserted = (await runner.query(
          `INSERT INTO ${this.table} (${COLUMNS.join(", ")}) VALUES ${tuple(model, params)} ON CONFLICT (id) DO NOTHING RETURNING id`,
          params,
        )) as unknown[];
        if (inserted.length === 0) return null;
        const row = await runner.manager.findOneBy(ModelEntity, { id: model.id });
        return row ? toModel(row) : null;
      },
      // Every tenant's live rows: identical bytes are stored once and shared; a tombstone's bytes are gone.
      countReferences: async (sha256) => {
        const [{ n }] = (await runner.query(
          `SELECT count(*)::int AS n FROM ${this.table} WHERE artifacts @> $1::jsonb AND deleted_at IS NULL`,
          [JSON.stringify([{ sha256 }])],
        )) as [{ n: number }];
        return n;
      },
      // A tombstone keeps what job history shows (name, labels, digests); the sealed credential and its hint go.
      delete: async (tenantId, id, afterDelete) => {
        await runner.startTransaction();
        try {
          const [rows] = (await runner.query(
            `UPDATE ${this.table}
                SET deleted_at = now(), updated_at = now(), credential = NULL,
                    hub = CASE WHEN hub IS NULL THEN NULL ELSE jsonb_set(hub, '{credentialHint}', 'null'::jsonb) END
              WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL
              RETURNING id`,
            [id, tenantId],
          )) as [unknown[], number];
          if (rows.length === 0) {
            await runner.rollbackTransaction();
            return false;
          }
          await afterDelete();
          await runner.commitTransaction();
          return true;
        } catch (err) {
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          throw err;
        }
      },
    };
  }
}

/** Rows a tenant may read: the shared ones (catalog, discovered Nuclio functions) and its own. */
function visibleTo(tenantId: string, where: FindOptionsWhere<ModelEntity>): FindOptionsWhere<ModelEntity>[] {
  return [
    { ...where, shared: true },
    { ...where, tenantId },
  ];
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
    artifacts: row.artifacts ?? [],
    onnxDetector: row.onnxDetector,
    hub: row.hub,
    credential: row.credential,
    nuclio: row.nuclio,
    unsupportedReason: row.unsupportedReason,
    license: row.license,
    measuredMsPerFrame: row.measuredMsPerFrame,
    tenantId: row.tenantId,
    createdAt: row.createdAt,
    deletedAt: row.deletedAt,
  };
}
