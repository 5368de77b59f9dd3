#!/usr/bin/env node
import "reflect-metadata";
import { Messaging } from "@prelabel/messaging";
import { Buckets } from "@prelabel/proto";
import type { TaskConfig } from "./config.js";
import { createDataSource } from "./persistence/data-source.js";
import { FrameObjectRepository } from "./persistence/frame-object.repository.js";
import { FrameObjectCollector, type FrameSweepReport } from "./storage/frame-object.collector.js";
import { FrameStore } from "./storage/frame-store.js";

/**
 * One sweep of the frames bucket against the configured database and NATS: expired import claims
 * go, then every frame object no frame row or claim references. Safe next to running services.
 */
export async function sweepFrameObjects(config: TaskConfig): Promise<FrameSweepReport> {
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: "prelabel-task-gc" });
  await dataSource.initialize();
  try {
    const messaging = await Messaging.connect({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, name: "task-gc" });
    try {
      const failures: string[] = [];
      const collector = new FrameObjectCollector(
        new FrameObjectRepository(dataSource, config.FRAME_CLAIM_TTL_MS),
        new FrameStore(await messaging.objectStore(Buckets.frames)),
        (err, name) => failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`),
      );
      const report = await collector.sweep();
      for (const failure of failures) console.error(`not removed: ${failure}`);
      return report;
    } finally {
      await messaging.close();
    }
  } finally {
    await dataSource.destroy();
  }
}

/** `prelabel-task-gc` (`npm run gc -w @prelabel/task`): sweep once, print the report as JSON, exit. */
if (require.main === module) {
  // Loaded lazily: main.ts imports this file for its `gc` mode.
  void import("./main.js").then(({ main, exitOnFailure }) => main("gc").then(() => process.exit(0), exitOnFailure));
}
