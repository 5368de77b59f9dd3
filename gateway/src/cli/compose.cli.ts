import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { composeSupergraph, CompositionError } from "../compose.js";
import { SUBGRAPHS } from "../subgraphs.js";

const repoRoot = join(__dirname, "..", "..", "..", "..");
const supergraphFile = join(repoRoot, "gateway", "supergraph.graphql");

/** Reads every subgraph's committed schema.graphql; names every missing one at once. */
function readSubgraphSdls() {
  const missing = SUBGRAPHS.filter((s) => !existsSync(join(repoRoot, s.sdlFile)));
  if (missing.length) {
    throw new Error(
      `Missing subgraph SDL:\n${missing.map((s) => `  - ${s.sdlFile} (run \`npm run print-schema -w ${s.project}\`)`).join("\n")}`,
    );
  }
  return SUBGRAPHS.map((s) => ({ name: s.name, url: s.defaultUrl, sdl: readFileSync(join(repoRoot, s.sdlFile), "utf8") }));
}

/** The first differing line, so a drift failure says where to look. */
export function firstDifference(a: string, b: string): string | undefined {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n    committed: ${la[i] ?? "(end of file)"}\n    composed:  ${lb[i] ?? "(end of file)"}`;
  }
  return undefined;
}

/**
 * `npm run compose -w @prelabel/gateway` writes gateway/supergraph.graphql from the services' committed SDL;
 * `npm run check:supergraph -w @prelabel/gateway` recomposes in memory and fails when the committed file differs.
 */
function run(args: string[]): void {
  const check = args.includes("--check");
  const { supergraphSdl, hints } = composeSupergraph(readSubgraphSdls());
  for (const hint of hints) console.error(`hint: ${hint}`);
  const target = relative(process.cwd(), supergraphFile) || supergraphFile;
  if (!check) {
    writeFileSync(supergraphFile, supergraphSdl);
    console.log(`wrote ${target} (${SUBGRAPHS.map((s) => s.name).join(", ")})`);
    return;
  }
  const committed = existsSync(supergraphFile) ? readFileSync(supergraphFile, "utf8") : "";
  const diff = firstDifference(committed, supergraphSdl);
  if (diff) {
    console.error(
      `${target} is out of date with the services' schema.graphql files (first difference at ${diff}).\n` +
        "Run `npm run compose -w @prelabel/gateway` and commit the result.",
    );
    process.exit(1);
  }
  console.log(`${target} is up to date`);
}

if (require.main === module) {
  try {
    run(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof CompositionError || err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
