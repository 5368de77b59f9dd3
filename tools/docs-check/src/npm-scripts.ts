import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { REPO_ROOT } from "./error-codes.js";

/** One `npm run <script>` (or `npm start`, `npm test`) named in a doc, a shell script, the Dockerfile or a package.json script. */
export interface ScriptMention {
  readonly file: string;
  readonly line: number;
  readonly command: string;
  readonly script: string;
  /** `-w`/`--workspace` values as written (package name, folder, or a placeholder such as `<project>` or `"$ws"`); empty: none. */
  readonly workspaces: readonly string[];
}

/** The root package and every workspace package: name, folder (relative to the root) and script names. */
export interface PackageScripts {
  readonly name: string;
  readonly dir: string;
  readonly scripts: ReadonlySet<string>;
}

const LIFECYCLE_COMMANDS = new Map([
  ["start", "start"],
  ["test", "test"],
  ["t", "test"],
  ["tst", "test"],
  ["restart", "restart"],
  ["stop", "stop"],
]);
const WORKSPACE_FLAGS = new Set(["-w", "--workspace"]);

/** The script and workspaces of one npm command line (the words after `npm`), or undefined when it runs no script. */
export function parseNpmCommand(words: readonly string[]): { script: string; workspaces: string[] } | undefined {
  const [verb, ...rest] = words;
  const lifecycle = verb === undefined ? undefined : LIFECYCLE_COMMANDS.get(verb);
  if (verb !== "run" && verb !== "run-script" && !lifecycle) return undefined;
  const workspaces: string[] = [];
  let script = lifecycle;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (word === "--") break;
    const inline = /^(?:-w|--workspace)=(.+)$/.exec(word);
    if (inline) workspaces.push(inline[1]);
    else if (WORKSPACE_FLAGS.has(word) && rest[i + 1] !== undefined) workspaces.push(rest[++i]);
    else if (word.startsWith("-")) continue;
    else if (!script) script = word;
    else break;
  }
  return script ? { script, workspaces } : undefined;
}

/** Every npm script mention in a text: inline code, code blocks, shell lines and their comments, one per `&&`/`;`/`|` part. */
export function mentionsIn(text: string, file: string): ScriptMention[] {
  const found: ScriptMention[] = [];
  text.split("\n").forEach((lineText, index) => {
    for (const piece of lineText.split("`")) {
      for (const part of piece.split(/&&|\|\||;|\||#/)) {
        const start = /(?:^|[\s("'])npm\s+(.*)$/.exec(part);
        if (!start) continue;
        const words = start[1]
          .split(/\s+/)
          .map((w) => w.replace(/^["'(]+|["'),.:]+$/g, ""))
          .filter(Boolean);
        const parsed = parseNpmCommand(words);
        if (parsed) found.push({ file, line: index + 1, command: `npm ${words.join(" ")}`, ...parsed });
      }
    }
  });
  return found;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "dist") return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

/** The root package.json and each workspace's (`libs/*` expanded). */
export function packageScripts(root = REPO_ROOT): PackageScripts[] {
  const read = (dir: string): PackageScripts => {
    const pkg = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as { name: string; scripts?: Record<string, string> };
    return { name: pkg.name, dir, scripts: new Set(Object.keys(pkg.scripts ?? {})) };
  };
  const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] };
  const dirs = workspaces.flatMap((pattern) =>
    pattern.endsWith("/*")
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => `${pattern.slice(0, -2)}/${e.name}`)
      : [pattern],
  );
  return [read("."), ...dirs.filter((dir) => existsSync(join(root, dir, "package.json"))).map(read)];
}

/** Every mention in the docs (all Markdown), scripts/*.sh, the Dockerfile and the package.json scripts themselves. */
export function scriptMentions(root = REPO_ROOT): ScriptMention[] {
  const mentions: ScriptMention[] = [];
  const scan = (path: string): void => {
    if (existsSync(path)) mentions.push(...mentionsIn(readFileSync(path, "utf8"), relative(root, path)));
  };
  markdownFiles(root).forEach(scan);
  if (existsSync(join(root, "scripts"))) {
    readdirSync(join(root, "scripts"))
      .filter((name) => name.endsWith(".sh"))
      .forEach((name) => scan(join(root, "scripts", name)));
  }
  scan(join(root, "Dockerfile"));
  for (const pkg of packageScripts(root)) {
    const file = join(pkg.dir, "package.json");
    const scripts = (JSON.parse(readFileSync(join(root, file), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
    for (const [name, body] of Object.entries(scripts)) {
      mentions.push(...mentionsIn(body, file).map((m) => ({ ...m, command: `${m.command} (script "${name}")` })));
    }
  }
  return mentions;
}

const isPlaceholder = (workspace: string): boolean => /^<.*>$|\$/.test(workspace);

/**
 * What is wrong with a mention, or undefined: a named workspace must exist and have the script; a placeholder
 * workspace needs some workspace with it; with no workspace, the root has it, or the package whose folder holds the
 * file (a package's README or scripts run from its folder).
 */
export function problemWith(mention: ScriptMention, packages: readonly PackageScripts[]): string | undefined {
  const where = `${mention.file}:${mention.line} \`${mention.command}\``;
  if (mention.workspaces.length === 0) {
    const home = packages.filter((p) => p.dir === "." || `${dirname(mention.file)}/`.startsWith(`${p.dir}/`));
    return home.some((p) => p.scripts.has(mention.script))
      ? undefined
      : `${where}: no "${mention.script}" script in ${home.map((p) => `${p.dir}/package.json`).join(" or ")}`;
  }
  for (const workspace of mention.workspaces) {
    if (isPlaceholder(workspace)) {
      if (!packages.some((p) => p.dir !== "." && p.scripts.has(mention.script))) return `${where}: no workspace has "${mention.script}"`;
      continue;
    }
    const pkg = packages.find((p) => p.dir !== "." && (p.name === workspace || p.dir === workspace.replace(/^\.\/|\/$/g, "")));
    if (!pkg) return `${where}: no workspace ${workspace}`;
    if (!pkg.scripts.has(mention.script)) return `${where}: ${workspace} has no "${mention.script}" script`;
  }
  return undefined;
}
