import { defineServiceDatabase, type DatabaseConnection } from "@prelabel/service-kit";
import { ApiKeyEntity } from "./entities/api-key.entity.js";
import { TenantEntity } from "./entities/tenant.entity.js";
import { CreateIdentity1765000000000 } from "./migrations/1765000000000-create-identity.js";

/** The PostgreSQL schema (namespace) this service owns. */
export const IDENTITY_SCHEMA = "identity";

export type DatabaseOptions = DatabaseConnection;

const identity = defineServiceDatabase({
  schema: IDENTITY_SCHEMA,
  /** Any fixed 64-bit key: serialises migrations between replicas (and the create-tenant CLI) starting at once. */
  lockKey: 7_204_011_005,
  transaction: "all",
  applicationName: "identity",
  entities: [TenantEntity, ApiKeyEntity],
  migrations: [CreateIdentity1765000000000],
});

export const { createDataSource, runMigrations } = identity;

/** This service's database as service-kit's runner opens and migrates it. */
export const identityDatabase = identity.database;
