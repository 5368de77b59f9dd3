/**
 * `node --test <dir>` (Node 20) runs only files named like tests or kept under a test/ folder, so
 * the colocated `src/**\/*.spec.ts` would be skipped by `node --test services/task/dist/`. This file
 * loads them, so that one command runs every tier.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

function* specFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* specFiles(path);
    else if (entry.name.endsWith(".spec.js")) yield path;
  }
}

for (const file of specFiles(join(__dirname, "..", "src"))) require(file);
