import { runSchemaMigrations, type ServiceDatabase } from "@prelabel/service-kit";
import { DataSource } from "typeorm";
import { ModelEntity } from "./entities/model.entity.js";
import { CreateModel1764100000000 } from "./migrations/1764100000000-create-model.js";
import { AddModelArtifacts1764200000000 } from "./migrations/1764200000000-add-model-artifacts.js";
import { AddHubModels1764300000000 } from "./migrations/1764300000000-add-hub-models.js";
import { ImportHubOnnx1764400000000 } from "./migrations/1764400000000-import-hub-onnx.js";
import { ModelTenantRequired1764500000000 } from "./migrations/1764500000000-model-tenant-required.js";
import { ModelTombstone1764600000000 } from "./migrations/1764600000000-model-tombstone.js";

/** The PostgreSQL schema (namespace) this service owns. */
export const MODEL_REGISTRY_SCHEMA = "model_registry";

/** Any fixed 64-bit key: serialises migrations between replicas starting at once. */
const MIGRATION_LOCK_KEY = 7_204_011_002;

export interface DatabaseOptions {
  url: string;
  poolSize: number;
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url: options.url,
    schema: MODEL_REGISTRY_SCHEMA,
    entities: [ModelEntity],
    migrations: [
      CreateModel1764100000000,
      AddModelArtifacts1764200000000,
      AddHubModels1764300000000,
      ImportHubOnnx1764400000000,
      ModelTenantRequired1764500000000,
      ModelTombstone1764600000000,
    ],
    migrationsTableName: "migrations",
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is core PostgreSQL; never try to install extensions (PGlite has none).
    uuidExtension: "pgcrypto",
    installExtensions: false,
    applicationName: "model-registry",
    extra: { max: options.poolSize },
  });
}

/** Creates the schema, then runs pending migrations under this service's advisory lock. Returns what ran. */
export function runMigrations(dataSource: DataSource): Promise<string[]> {
  return runSchemaMigrations(dataSource, { schema: MODEL_REGISTRY_SCHEMA, lockKey: MIGRATION_LOCK_KEY, transaction: "all" });
}

/** This service's database as service-kit's runner opens and migrates it. */
export const modelRegistryDatabase = (options: DatabaseOptions): ServiceDatabase => ({
  create: () => createDataSource(options),
  migrate: runMigrations,
});
