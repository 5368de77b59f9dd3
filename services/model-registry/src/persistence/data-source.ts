import { defineServiceDatabase, type DatabaseConnection } from "@prelabel/service-kit";
import { ModelEntity } from "./entities/model.entity.js";
import { CreateModel1764100000000 } from "./migrations/1764100000000-create-model.js";
import { AddModelArtifacts1764200000000 } from "./migrations/1764200000000-add-model-artifacts.js";
import { AddHubModels1764300000000 } from "./migrations/1764300000000-add-hub-models.js";
import { ImportHubOnnx1764400000000 } from "./migrations/1764400000000-import-hub-onnx.js";
import { ModelTenantRequired1764500000000 } from "./migrations/1764500000000-model-tenant-required.js";
import { ModelTombstone1764600000000 } from "./migrations/1764600000000-model-tombstone.js";
import { NuclioFunctions1764700000000 } from "./migrations/1764700000000-nuclio-functions.js";
import { ModelCardFacts1764900000000 } from "./migrations/1764900000000-model-card-facts.js";

/** The PostgreSQL schema (namespace) this service owns. */
export const MODEL_REGISTRY_SCHEMA = "model_registry";

export type DatabaseOptions = DatabaseConnection;

const modelRegistry = defineServiceDatabase({
  schema: MODEL_REGISTRY_SCHEMA,
  /** Any fixed 64-bit key: serialises migrations between replicas starting at once. */
  lockKey: 7_204_011_002,
  transaction: "all",
  applicationName: "model-registry",
  entities: [ModelEntity],
  migrations: [
    CreateModel1764100000000,
    AddModelArtifacts1764200000000,
    AddHubModels1764300000000,
    ImportHubOnnx1764400000000,
    ModelTenantRequired1764500000000,
    ModelTombstone1764600000000,
    NuclioFunctions1764700000000,
    ModelCardFacts1764900000000,
  ],
});

export const { createDataSource, runMigrations } = modelRegistry;

/** This service's database as service-kit's runner opens and migrates it. */
export const modelRegistryDatabase = modelRegistry.database;
