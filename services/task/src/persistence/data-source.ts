import { defineServiceDatabase, type DatabaseConnection } from "@prelabel/service-kit";
import { AnnotationEntity } from "./entities/annotation.entity.js";
import { AppliedJobEntity } from "./entities/applied-job.entity.js";
import { DiscardedJobEntity } from "./entities/discarded-job.entity.js";
import { FrameEntity } from "./entities/frame.entity.js";
import { LabelEntity } from "./entities/label.entity.js";
import { StagedResultEntity } from "./entities/staged-result.entity.js";
import { TaskEntity } from "./entities/task.entity.js";
import { TaskVideoEntity } from "./entities/task-video.entity.js";
import { InitialTaskSchema1732563200000 } from "./migrations/1732563200000-initial-task-schema.js";
import { FrameObjectClaims1764400000000 } from "./migrations/1764400000000-frame-object-claims.js";
import { TaskTenant1764500000000 } from "./migrations/1764500000000-task-tenant.js";
import { TaskTenantRequired1764600000000 } from "./migrations/1764600000000-task-tenant-required.js";
import { FrameImageCache1765000000000 } from "./migrations/1765000000000-frame-image-cache.js";
import { Tracks1765200000000 } from "./migrations/1765200000000-tracks.js";
import { VideoTasks1765300000000 } from "./migrations/1765300000000-video-tasks.js";
import { AnnotationVersions1765400000000 } from "./migrations/1765400000000-annotation-versions.js";
import { ReviewFlags1766000000000 } from "./migrations/1766000000000-review-flags.js";

/** The PostgreSQL schema (namespace) the task service owns. */
export const DB_SCHEMA = "task";

export const entities = [
  TaskEntity,
  LabelEntity,
  FrameEntity,
  AnnotationEntity,
  StagedResultEntity,
  AppliedJobEntity,
  DiscardedJobEntity,
  TaskVideoEntity,
];
export const migrations = [
  InitialTaskSchema1732563200000,
  FrameObjectClaims1764400000000,
  TaskTenant1764500000000,
  TaskTenantRequired1764600000000,
  FrameImageCache1765000000000,
  Tracks1765200000000,
  VideoTasks1765300000000,
  AnnotationVersions1765400000000,
  ReviewFlags1766000000000,
];

export type DataSourceConfig = DatabaseConnection;

const task = defineServiceDatabase({
  schema: DB_SCHEMA,
  /** Arbitrary but fixed key of the session lock that serialises concurrent migration runs ("task"). */
  lockKey: 0x7461736b,
  transaction: "each",
  applicationName: "prelabel-task",
  entities,
  migrations,
});

export const { createDataSource, runMigrations: migrate } = task;

/** This service's database as service-kit's runner opens and migrates it. */
export const taskDatabase = task.database;
