export {
  parseConfig,
  ConfigError,
  commonEnv,
  observabilityEnv,
  tracingOptions,
  httpEnv,
  databaseEnv,
  cloudEnv,
  identityEnv,
  withCloudEnvRules,
  optionalText,
  checkedOptionalText,
  cloudSettings,
  subgraphAuth,
  DeploymentMode,
} from "./config.js";
export type { CloudConfigInput, CloudSettings, SubgraphAuth } from "./config.js";
export { callerTenant, messageTenant, resolveCaller, unauthenticatedError } from "./caller-identity.js";
export type { CallerResolution } from "./caller-identity.js";
export { createLogger, REDACT_PATHS, REDACTED } from "./logger.js";
export type { Logger } from "./logger.js";
export { AppError, ErrorCode, formatGraphQLError, StandardGraphqlCode, UNAVAILABLE_MESSAGE } from "./errors.js";
export { isConnectivityError } from "./connectivity-errors.js";
export { buildFederatedSchema, printSubgraphSdl, FEDERATION_LINK } from "./federation.js";
export type { FederatedSchemaOptions } from "./federation.js";
export {
  costLimitError,
  DEFAULT_OPERATION_LIMITS,
  entityRepresentationCount,
  GATEWAY_LIMIT_CEILINGS,
  MAX_ENTITY_REPRESENTATIONS,
  OperationLimitErrors,
  operationCost,
  operationLimitRules,
  SUBGRAPH_OPERATION_LIMITS,
} from "./operation-limits.js";
export type { CostInput, OperationLimits } from "./operation-limits.js";
export { startSubgraphServer } from "./subgraph-server.js";
export {
  declaredBodyTooLarge,
  drainBody,
  DEFAULT_MAX_DRAIN_BYTES,
  DEFAULT_MAX_DRAIN_MS,
  formatBytes,
  payloadTooLargeBody,
  refuseBody,
  requestTooLargeMessage,
} from "./body-limit.js";
export type { DrainOptions } from "./body-limit.js";
export { DEFAULT_MAX_FIELD_SIZE, MAX_JSON_BYTES, RequestTooLargeError, resolveUploadLimits } from "./multipart-limits.js";
export type { ResolvedUploadLimits, UploadLimits } from "./multipart-limits.js";
export { graphqlObservabilityPlugin, graphqlSpanName, graphqlTracingMiddleware, startGraphqlRequestSpan } from "./graphql-observability.js";
export type { SubgraphServerOptions, RunningServer, CallerContext, HttpRoute } from "./subgraph-server.js";
export { installShutdown } from "./shutdown.js";
export type { ShutdownStep } from "./shutdown.js";
export { connectionOptions, runSubgraphService, startServiceApp, subgraphCommand } from "./subgraph-service.runner.js";
export type {
  ConnectionConfig,
  RunningSubgraphService,
  ServiceAppHandle,
  ServiceAppOptions,
  ServiceConnections,
  ServiceDatabase,
  SubgraphApp,
  SubgraphServiceConfig,
  SubgraphServiceRun,
} from "./subgraph-service.runner.js";
export { runSchemaPrinter } from "./schema-printer.cli.js";
export { runSchemaMigrations } from "./schema-migrations.js";
export type { SchemaMigrationOptions } from "./schema-migrations.js";
export { defineServiceDatabase } from "./service-database.js";
export type { DatabaseConnection, ServiceDatabaseDefinition, ServiceSchema } from "./service-database.js";
export { DEFAULT_TENANT_ID } from "@prelabel/identity";
