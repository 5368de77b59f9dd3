import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import { printSubgraphSdl } from "@prelabel/service-kit";
import type { IdentityRepository } from "../domain/identity.repository.js";
import { IdentityService } from "../domain/identity.service.js";
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

/** `--out schema.graphql` writes the SDL composition reads; `--check schema.graphql` fails on drift; no flag prints it. */
async function run(args: string[]): Promise<void> {
  const sdl = await printIdentitySdl();
  const [flag, file] = args;
  if (flag === "--out" && file) {
    writeFileSync(file, sdl);
  } else if (flag === "--check" && file) {
    let committed = "";
    try {
      committed = readFileSync(file, "utf8");
    } catch {
      // missing counts as drift
    }
    if (committed !== sdl) {
      console.error(`${file} is out of date: run \`npm run print-schema -w @prelabel/identity-service\` and commit it.`);
      process.exit(1);
    }
  } else {
    process.stdout.write(sdl);
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
