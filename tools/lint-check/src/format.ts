import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { REPO_ROOT, repositoryFiles } from "./repo.js";

/** Like the CLI (`npm run format:check`), the API skips what .gitignore and .prettierignore list. */
const IGNORE_FILES = [".gitignore", ".prettierignore"].map((name) => join(REPO_ROOT, name));

/** Files Prettier formats (a known parser, not ignored), relative to the root. */
export async function formattableFiles(files = repositoryFiles()): Promise<string[]> {
  const kept: string[] = [];
  for (const file of files) {
    const info = await prettier.getFileInfo(join(REPO_ROOT, file), { ignorePath: IGNORE_FILES });
    if (!info.ignored && info.inferredParser) kept.push(file);
  }
  return kept;
}

/** The files `prettier --write` would change, with the options .prettierrc resolves for each. */
export async function unformattedFiles(files?: readonly string[]): Promise<string[]> {
  const unformatted: string[] = [];
  for (const file of files ?? (await formattableFiles())) {
    const path = join(REPO_ROOT, file);
    const options = await prettier.resolveConfig(path, { editorconfig: true });
    if (!(await prettier.check(readFileSync(path, "utf8"), { ...options, filepath: path }))) unformatted.push(file);
  }
  return unformatted;
}
