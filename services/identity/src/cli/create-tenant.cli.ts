#!/usr/bin/env node
import "reflect-metadata";
import { parseArgs } from "node:util";
import { databaseEnv, parseConfig } from "@prelabel/service-kit";
import { z } from "zod";
import { IdentityService } from "../application/identity.service.js";
import { createDataSource, runMigrations } from "../persistence/data-source.js";
import { TypeormIdentityRepository } from "../persistence/typeorm-identity.repository.js";

/**
 * `prelabel-create-tenant --name "Acme" [--key-name "ops"]` (DATABASE_URL as the service's): creates a tenant and its
 * first ADMIN key and prints, once, one JSON line `{"tenantId","tenantName","keyId","apiKey"}`. The key is not stored
 * anywhere readable: keep it (it creates and revokes the tenant's other keys through createApiKey / revokeApiKey).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { name: { type: "string" }, "key-name": { type: "string" } } });
  if (!values.name?.trim()) throw new Error('usage: prelabel-create-tenant --name "<tenant name>" [--key-name "<first key name>"]');
  const config = parseConfig(z.object({ ...databaseEnv }), process.env);
  const dataSource = await createDataSource({ url: config.DATABASE_URL, poolSize: 1 }).initialize();
  try {
    await runMigrations(dataSource);
    const created = await new IdentityService(new TypeormIdentityRepository(dataSource)).createTenant({
      name: values.name,
      keyName: values["key-name"],
    });
    process.stdout.write(
      `${JSON.stringify({ tenantId: created.tenant.id, tenantName: created.tenant.name, keyId: created.apiKey.id, apiKey: created.key })}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
