import { isRole } from "@prelabel/identity";
import type { DataSource } from "typeorm";
import type { ApiKeyRecord, IdentityRepository, NewApiKeyRecord, TenantRecord } from "../domain/identity.repository.js";
import { ApiKeyEntity } from "./entities/api-key.entity.js";
import { TenantEntity } from "./entities/tenant.entity.js";

export class TypeormIdentityRepository implements IdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createTenant(
    tenant: { id: string; name: string },
    firstKey: NewApiKeyRecord,
  ): Promise<{ tenant: TenantRecord; apiKey: ApiKeyRecord }> {
    return this.dataSource.transaction(async (manager) => {
      const t = await manager.save(manager.create(TenantEntity, tenant));
      const k = await manager.save(manager.create(ApiKeyEntity, toEntity(firstKey)));
      return { tenant: toTenant(t), apiKey: toRecord(k) };
    });
  }

  async findTenant(id: string): Promise<TenantRecord | null> {
    const row = await this.dataSource.getRepository(TenantEntity).findOneBy({ id });
    return row ? toTenant(row) : null;
  }

  async insertApiKey(key: NewApiKeyRecord): Promise<ApiKeyRecord> {
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    return toRecord(await repo.save(repo.create(toEntity(key))));
  }

  async findApiKey(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id });
    return row ? toRecord(row) : null;
  }

  async listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ where: { tenantId }, order: { createdAt: "ASC", id: "ASC" } });
    return rows.map(toRecord);
  }

  async revokeApiKey(tenantId: string, id: string, at: Date): Promise<ApiKeyRecord | null> {
    await this.dataSource.query(`UPDATE identity.api_key SET revoked_at = $3 WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL`, [
      tenantId,
      id,
      at,
    ]);
    const row = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ tenantId, id });
    return row ? toRecord(row) : null;
  }

  async touchApiKey(id: string, at: Date, minIntervalMs: number): Promise<void> {
    // The condition in SQL: concurrent requests on one key write at most once per interval, without a read first.
    await this.dataSource.query(
      `UPDATE identity.api_key SET last_used_at = $2
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $2::timestamptz - make_interval(secs => $3::double precision / 1000))`,
      [id, at, minIntervalMs],
    );
  }
}

const toTenant = (row: TenantEntity): TenantRecord => ({ id: row.id, name: row.name, createdAt: row.createdAt });

const toEntity = (key: NewApiKeyRecord): Partial<ApiKeyEntity> => ({
  id: key.id,
  tenantId: key.tenantId,
  name: key.name,
  role: key.role,
  secretSha256: key.secretHash,
});

function toRecord(row: ApiKeyEntity): ApiKeyRecord {
  if (!isRole(row.role)) throw new Error(`api_key ${row.id} has an unknown role`);
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    role: row.role,
    secretHash: row.secretSha256,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt ?? null,
    revokedAt: row.revokedAt ?? null,
  };
}
