import { readFileSync } from "node:fs";
import { DockerfileParser, JSONInstruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { repoPath, type Deployable } from "./repo.js";

export interface DockerfileFacts {
  readonly path: string;
  /** FROM image of each stage, in order, with its `AS` name. */
  readonly stages: { image: string; name: string | null }[];
  /** Instructions of the last (runtime) stage, keyword upper-cased. */
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

export const dockerfilePath = (d: Deployable): string => `${d.dir}/Dockerfile`;

export function readDockerfile(d: Deployable): DockerfileFacts {
  const path = dockerfilePath(d);
  const text = readFileSync(repoPath(path), "utf8");
  const parsed = DockerfileParser.parse(text);
  const froms = parsed.getFROMs();
  const stages = froms.map((f) => ({ image: [f.getImageName(), f.getImageTag()].filter(Boolean).join(":"), name: f.getBuildStage() }));
  const lastFromLine = froms.length ? froms[froms.length - 1].getRange().start.line : 0;
  const runtimeInstructions = parsed.getInstructions().filter((i) => i.getRange().start.line >= lastFromLine);
  const lines = text.split("\n");
  const runtime = runtimeInstructions.map((i) => ({
    keyword: i.getKeyword().toUpperCase(),
    args: i.getArgumentsContent() ?? "",
    raw: lines.slice(i.getRange().start.line, i.getRange().end.line + 1).join("\n"),
  }));
  const users = runtime.filter((i) => i.keyword === "USER");
  const cmdInstruction = runtimeInstructions.filter((i) => i.getKeyword().toUpperCase() === "CMD").pop();
  const cmd =
    cmdInstruction instanceof JSONInstruction && cmdInstruction.getJSONStrings().length
      ? cmdInstruction.getJSONStrings().map((s) => s.getJSONValue())
      : undefined;
  const labels: Record<string, string> = {};
  for (const i of runtimeInstructions.filter((x) => x.getKeyword().toUpperCase() === "LABEL")) {
    for (const m of (i.getArgumentsContent() ?? "").matchAll(/([\w.-]+)="([^"]*)"/g)) labels[m[1]] = m[2];
  }
  const problems = validate(text).map((p) => `${p.range.start.line + 1}: ${p.message}`);
  return {
    path,
    stages,
    runtime,
    user: users.length ? users[users.length - 1].args.trim() : undefined,
    exposed: runtime.filter((i) => i.keyword === "EXPOSE").flatMap((i) => i.args.trim().split(/\s+/)),
    cmd,
    healthcheck: parsed.getInstructions().some((i) => i.getKeyword().toUpperCase() === "HEALTHCHECK"),
    labels,
    problems,
  };
}

/** Image name without registry rewrites: the base manifests use `prelabel/<name>`, which each image's title label carries. */
export const imageTitle = (facts: DockerfileFacts): string | undefined => facts.labels["org.opencontainers.image.title"];
