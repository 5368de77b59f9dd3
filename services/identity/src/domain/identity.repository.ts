import type { Role } from "@prelabel/identity";

export interface TenantRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface ApiKeyRecord {
  /** The key id: the `<keyId>` of `plk_<keyId>_<secret>`. */
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly role: Role;
  /** SHA-256 of the secret (libs/identity). */
  readonly secretHash: Buffer;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export type NewApiKeyRecord = Omit<ApiKeyRecord, "createdAt" | "lastUsedAt" | "revokedAt">;

/** Tenants and their API keys; the domain never sees TypeORM. */
export interface IdentityRepository {
  /** Inserts the tenant and its first key in one transaction: a tenant never exists without a way in. */
  createTenant(tenant: { id: string; name: string }, firstKey: NewApiKeyRecord): Promise<{ tenant: TenantRecord; apiKey: ApiKeyRecord }>;
  findTenant(id: string): Promise<TenantRecord | null>;
  insertApiKey(key: NewApiKeyRecord): Promise<ApiKeyRecord>;
  findApiKey(id: string): Promise<ApiKeyRecord | null>;
  /** Oldest first. */
  listApiKeys(tenantId: string): Promise<ApiKeyRecord[]>;
  /** Sets revoked_at once (a second revoke keeps the first time); null when the tenant has no such key. */
  revokeApiKey(tenantId: string, id: string, at: Date): Promise<ApiKeyRecord | null>;
  /** Sets last_used_at = at unless it is already within `minIntervalMs` of it (one write a minute per key at most). */
  touchApiKey(id: string, at: Date, minIntervalMs: number): Promise<void>;
}
