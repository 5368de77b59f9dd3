import "reflect-metadata";
import { printSubgraphSdl, runSchemaPrinter } from "@prelabel/service-kit";
import type { IdentityRepository } from "../domain/identity.repository.js";
import { IdentityService } from "../application/identity.service.js";
import { buildIdentitySchema } from "../subgraph.js";

/** Printing needs only the schema's shape: resolvers are never called. */
const unavailable = () => Promise.reject(new Error("no database while printing the schema"));
const noRepository: IdentityRepository = {
  createTenant: unavailable,
  findTenant: unavailable,
  insertApiKey: unavailable,
  findApiKey: unavailable,
  listApiKeys: unavailable,
  revokeApiKey: unavailable,
  touchApiKey: unavailable,
};

export async function printIdentitySdl(): Promise<string> {
  return printSubgraphSdl(await buildIdentitySchema({ identity: new IdentityService(noRepository) }));
}

if (require.main === module) {
  runSchemaPrinter(printIdentitySdl, "@prelabel/identity-service", process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
