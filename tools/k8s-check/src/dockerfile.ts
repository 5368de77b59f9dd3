import { readFileSync } from "node:fs";
import { DockerfileParser, JSONInstruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { bakeTargetOf, TEMPLATE } from "./image-builds.js";
import { repoPath, type Deployable } from "./repo.js";

export interface StageFacts {
  /** FROM image (a base image, or an earlier stage's name). */
  readonly image: string;
  readonly name: string | null;
  /** The ARGs declared in the stage, with their defaults (undefined: none, so the build must pass one). */
  readonly args: ReadonlyMap<string, string | undefined>;
}

export interface DockerfileFacts {
  readonly path: string;
  readonly stages: StageFacts[];
  /** ARGs declared before the first FROM (they would reach every stage's FROM line). */
  readonly globalArgs: string[];
  /** Instructions of the last (runtime) stage, keyword upper-cased, build arguments substituted in `args`. */
  readonly runtime: { keyword: string; args: string; raw: string }[];
  readonly user: string | undefined;
  readonly exposed: string[];
  /** CMD of the runtime stage when in exec (JSON) form; undefined for shell form or none. */
  readonly cmd: string[] | undefined;
  readonly healthcheck: boolean;
  readonly labels: Record<string, string>;
  /** dockerfile-utils' diagnostics (syntax and instruction checks), as "line: message". */
  readonly problems: string[];
}

/** `${NAME}`, `${NAME:-default}` and `$NAME`, as the builder expands them in LABEL, EXPOSE, USER and the like. */
function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g,
    (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const value = vars.get((braced ?? bare)!);
      return value || (fallback ?? "");
    },
  );
}

/**
 * The image template's facts for one build: `buildArgs` are what `--build-arg` (or the bake target) passes. As with
 * docker, an argument reaches a stage only where the stage declares it (ARG), else the declared default applies.
 */
export function readTemplate(buildArgs: Readonly<Record<string, string>> = {}): DockerfileFacts {
  const text = readFileSync(repoPath(TEMPLATE), "utf8");
  const parsed = DockerfileParser.parse(text);
  const froms = parsed.getFROMs();
  const fromLines = froms.map((f) => f.getRange().start.line);
  const stageIndexOf = (line: number): number => fromLines.filter((start) => start <= line).length - 1;
  const argDecls = parsed.getARGs().map((a) => ({ line: a.getRange().start.line, property: a.getProperty() }));
  const stages: StageFacts[] = froms.map((f, index) => ({
    image: [f.getImageName(), f.getImageTag()].filter(Boolean).join(":"),
    name: f.getBuildStage(),
    args: new Map(
      argDecls
        .filter((a) => a.property && stageIndexOf(a.line) === index)
        .map((a) => [a.property!.getName(), a.property!.getValue() ?? undefined]),
    ),
  }));
  const globalArgs = argDecls.filter((a) => a.property && stageIndexOf(a.line) < 0).map((a) => a.property!.getName());

  const last = stages[stages.length - 1];
  const vars = new Map(
    [...(last?.args ?? new Map<string, string | undefined>())].map(([name, fallback]) => [name, buildArgs[name] ?? fallback ?? ""]),
  );
  const lastFromLine = fromLines.length ? fromLines[fromLines.length - 1] : 0;
  const runtimeInstructions = parsed.getInstructions().filter((i) => i.getRange().start.line >= lastFromLine);
  const lines = text.split("\n");
  const runtime = runtimeInstructions.map((i) => ({
    keyword: i.getKeyword().toUpperCase(),
    args: substitute(i.getArgumentsContent() ?? "", vars),
    raw: lines.slice(i.getRange().start.line, i.getRange().end.line + 1).join("\n"),
  }));
  const users = runtime.filter((i) => i.keyword === "USER");
  const cmdInstruction = runtimeInstructions.filter((i) => i.getKeyword().toUpperCase() === "CMD").pop();
  const cmd =
    cmdInstruction instanceof JSONInstruction && cmdInstruction.getJSONStrings().length
      ? cmdInstruction.getJSONStrings().map((s) => s.getJSONValue())
      : undefined;
  const labels: Record<string, string> = {};
  for (const i of runtime.filter((x) => x.keyword === "LABEL")) {
    for (const m of i.args.matchAll(/([\w.-]+)="([^"]*)"/g)) labels[m[1]] = m[2];
  }
  return {
    path: TEMPLATE,
    stages,
    globalArgs,
    runtime,
    user: users.length ? users[users.length - 1].args.trim() : undefined,
    exposed: runtime.filter((i) => i.keyword === "EXPOSE").flatMap((i) => i.args.trim().split(/\s+/).filter(Boolean)),
    cmd,
    healthcheck: parsed.getInstructions().some((i) => i.getKeyword().toUpperCase() === "HEALTHCHECK"),
    labels,
    problems: validate(text).map((p) => `${p.range.start.line + 1}: ${typeof p.message === "string" ? p.message : p.message.value}`),
  };
}

/** The template as the deployable's bake target builds it. */
export const readDockerfile = (d: Deployable): DockerfileFacts => readTemplate(bakeTargetOf(d).args);

/** Image name without registry rewrites: the base manifests use `prelabel/<name>`, which each image's title label carries. */
export const imageTitle = (facts: DockerfileFacts): string | undefined => facts.labels["org.opencontainers.image.title"];
