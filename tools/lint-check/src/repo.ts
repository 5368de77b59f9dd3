import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root (this file runs from tools/lint-check/dist). */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

/** The workspace folders of the root package.json (`libs/*` expanded), e.g. "services/task". */
export function workspaceDirs(root = REPO_ROOT): string[] {
  const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] };
  return workspaces
    .flatMap((pattern) => {
      if (!pattern.endsWith("/*")) return [pattern];
      const parent = pattern.slice(0, -2);
      return readdirSync(join(root, parent), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${parent}/${entry.name}`);
    })
    .filter((dir) => existsSync(join(root, dir, "package.json")))
    .sort();
}

/** The workspace a repository-relative path belongs to, or undefined for root files (configs, scripts, docs). */
export function workspaceOf(file: string, dirs: readonly string[]): string | undefined {
  return dirs.find((dir) => file.startsWith(`${dir}/`));
}

/** Tracked and untracked-but-not-ignored files, relative to the root: what a commit would carry. */
export function repositoryFiles(root = REPO_ROOT): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((file) => file && existsSync(join(root, file)));
}
