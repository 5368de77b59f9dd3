import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** `identity.api_key`: one row per key; only SHA-256 of the secret is kept. */
@Entity({ name: "api_key" })
export class ApiKeyEntity {
  @PrimaryColumn("text")
  id: string;

  @Column("text", { name: "tenant_id" })
  tenantId: string;

  @Column("text")
  name: string;

  @Column("text")
  role: string;

  @Column("bytea", { name: "secret_sha256" })
  secretSha256: Buffer;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Column("timestamptz", { name: "last_used_at", nullable: true })
  lastUsedAt: Date | null;

  @Column("timestamptz", { name: "revoked_at", nullable: true })
  revokedAt: Date | null;
}
