#!/usr/bin/env node
import "reflect-metadata";
import { databaseEnv, parseConfig } from "@prelabel/service-kit";
import { SecretBox, SecretBoxError } from "@prelabel/secret-box";
import { z } from "zod";
import { createDataSource, runMigrations } from "../persistence/data-source.js";
import { resealCredentials } from "../persistence/credential-resealer.js";

/**
 * `prelabel-reseal-secrets`: after putting a new key first in PRELABEL_SECRET_KEYS, reseals every stored hub
 * credential under it and prints the counts as JSON. Then the old key can be dropped from the ring.
 */
const schema = z.object({
  ...databaseEnv,
  PRELABEL_SECRET_KEYS: z.string().min(1, "required: the key ring, new key first"),
});

async function main(): Promise<void> {
  const config = parseConfig(schema, process.env);
  let box: SecretBox;
  try {
    box = SecretBox.fromConfig(config.PRELABEL_SECRET_KEYS);
  } catch (err) {
    // SecretBox messages never contain key material.
    throw new Error(`PRELABEL_SECRET_KEYS: ${err instanceof SecretBoxError ? err.message : "not a key ring"}`, { cause: err });
  }
  const dataSource = await createDataSource({ url: config.DATABASE_URL, poolSize: 1 }).initialize();
  try {
    await runMigrations(dataSource);
    const report = await resealCredentials(dataSource, box);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
