import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { FrameFailureCode } from "@prelabel/proto";
import { HubPublicCode } from "@prelabel/hubs";
import { ErrorCode, StandardGraphqlCode } from "@prelabel/service-kit";

/** The repository root (this file runs from tools/docs-check/dist). */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

/** The kinds of code a client can receive; each is one `## ` section of docs/errors.md with a table of its codes. */
export type CodeKind = "graphql" | "frameFailure" | "jobFailure" | "evaluationFailure" | "mappingProblem";

export const SECTION_HEADINGS: Readonly<Record<CodeKind, string>> = {
  graphql: "GraphQL error codes",
  frameFailure: "Frame failure codes",
  jobFailure: "Job failure codes",
  evaluationFailure: "Evaluation failure codes",
  mappingProblem: "Label-mapping problem codes",
};

const requireBuilt = createRequire(__filename);

/** Service code is read from its build output, as tools/k8s-check reads config schemas: a tool imports no service. */
function builtExport(projectDir: string, module: string, name: string): Record<string, string> {
  const file = join(REPO_ROOT, projectDir, "dist", module);
  if (!existsSync(file)) throw new Error(`${relative(REPO_ROOT, file)} is missing: build the project first (npm run build)`);
  const value = (requireBuilt(file) as Record<string, unknown>)[name];
  if (!value || typeof value !== "object") throw new Error(`${projectDir}/dist/${module} does not export ${name}`);
  return value as Record<string, string>;
}

/** Each service's own GraphQL codes (service-kit knows only the shared ones): project, built module, export. */
const SERVICE_CODE_REGISTRIES: readonly (readonly [string, string, string])[] = [
  ["services/task", "src/domain/task-error-codes.js", "TaskErrorCode"],
  ["services/annotation-job", "src/domain/annotation-job-error-codes.js", "AnnotationJobErrorCode"],
  ["services/model-registry", "src/domain/model-registry-error-codes.js", "ModelRegistryErrorCode"],
];

/** Every code a client can receive, by kind, taken from the registries the code itself uses. */
export function codesInCode(): Record<CodeKind, ReadonlySet<string>> {
  return {
    graphql: new Set([
      ...Object.values(ErrorCode),
      ...Object.values(StandardGraphqlCode),
      ...Object.values(HubPublicCode),
      ...SERVICE_CODE_REGISTRIES.flatMap(([project, module, name]) => Object.values(builtExport(project, module, name))),
    ]),
    frameFailure: new Set(Object.values(FrameFailureCode)),
    jobFailure: new Set(Object.values(builtExport("services/annotation-job", "src/domain/job-failure.js", "JobFailureCode"))),
    evaluationFailure: new Set(Object.values(builtExport("services/annotation-job", "src/domain/evaluation.js", "EvaluationFailureCode"))),
    mappingProblem: new Set(Object.values(builtExport("services/annotation-job", "src/domain/label-mapping.js", "MappingProblemCode"))),
  };
}

/** The codes in the first column of each section's table(s) in docs/errors.md. */
export function codesInDocs(markdown: string): Record<CodeKind, ReadonlySet<string>> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of markdown.split("\n")) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) sections.set(heading[1].trim(), (current = []));
    else current?.push(line);
  }
  const result = {} as Record<CodeKind, ReadonlySet<string>>;
  for (const [kind, title] of Object.entries(SECTION_HEADINGS) as [CodeKind, string][]) {
    const lines = sections.get(title);
    if (!lines) throw new Error(`docs/errors.md has no "## ${title}" section`);
    const codes = new Set<string>();
    for (const line of lines) {
      const row = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/.exec(line);
      if (row) codes.add(row[1]);
    }
    result[kind] = codes;
  }
  return result;
}

/** Where a client-facing code is spelled as a literal instead of through a registry. */
export interface LiteralCode {
  readonly code: string;
  readonly file: string;
  readonly line: number;
}

// `code: "X"` (GraphQL extensions, outcome objects), `failed(job, "X", …)` and `new FrameFailure("X", …)` (a frame's
// failure) in service code.
const LITERAL_CODE_PATTERNS = [
  /\bcode:\s*"([A-Z][A-Z0-9_]+)"/g,
  /\bfailed\(\s*\w+,\s*"([A-Z][A-Z0-9_]+)"/g,
  /\bnew FrameFailure\(\s*"([A-Z][A-Z0-9_]+)"/g,
];

const SCANNED_ROOTS = ["gateway/src", "services", "libs/service-kit/src"];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name === "dist" || entry.name === "test" ? [] : sourceFiles(path);
    const isSource = entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts");
    const isTest = /\.(spec|int-spec|e2e)\.ts$|\.testing\.ts$/.test(entry.name);
    return isSource && !isTest ? [path] : [];
  });
}

/** Codes written as string literals in the services, the gateway and service-kit (tests excluded). */
export function literalCodesInSource(roots: readonly string[] = SCANNED_ROOTS.map((root) => join(REPO_ROOT, root))): LiteralCode[] {
  const found: LiteralCode[] = [];
  for (const root of roots) {
    for (const file of sourceFiles(root)) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((text, index) => {
          for (const pattern of LITERAL_CODE_PATTERNS) {
            for (const match of text.matchAll(pattern)) found.push({ code: match[1], file: relative(REPO_ROOT, file), line: index + 1 });
          }
        });
    }
  }
  return found;
}
