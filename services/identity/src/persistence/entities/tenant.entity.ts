import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** `identity.tenant`: text ids (uuid for created tenants, `default` for the self-hosted one). */
@Entity({ name: "tenant" })
export class TenantEntity {
  @PrimaryColumn("text")
  id: string;

  @Column("text")
  name: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;
}
