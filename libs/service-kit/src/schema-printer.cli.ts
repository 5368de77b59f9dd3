import { readFileSync, writeFileSync } from "node:fs";

/**
 * A subgraph's `print-schema` command: `--out schema.graphql` writes the SDL composition reads;
 * `--check schema.graphql` fails when the committed file differs (a missing file counts as drift);
 * no flag prints to stdout. `workspace` names the npm workspace in the fix-it message.
 */
export async function runSchemaPrinter(printSdl: () => Promise<string>, workspace: string, args: readonly string[]): Promise<void> {
  const sdl = await printSdl();
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
      console.error(`${file} is out of date: run \`npm run print-schema -w ${workspace}\` and commit it.`);
      process.exitCode = 1;
    }
  } else {
    process.stdout.write(sdl);
  }
}
