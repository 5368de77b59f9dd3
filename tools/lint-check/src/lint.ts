import { relative } from "node:path";
import { ESLint } from "eslint";
import { REPO_ROOT } from "./repo.js";

export interface LintProblem {
  /** Relative to the repository root. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The rule id; "fatal" for a parse error. */
  readonly rule: string;
  readonly message: string;
}

const toProblems = (results: readonly ESLint.LintResult[]): LintProblem[] =>
  results.flatMap((result) =>
    result.messages.map((m) => ({
      file: relative(REPO_ROOT, result.filePath),
      line: m.line,
      column: m.column,
      rule: m.ruleId ?? "fatal",
      message: m.message.split("\n")[0],
    })),
  );

/** ESLint over the whole repository with eslint.config.mjs, as `npm run lint` runs it: every error and warning. */
export async function lintRepository(): Promise<LintProblem[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  return toProblems(await eslint.lintFiles(["."]));
}

/** Lints source that is not on disk as if it were `file` (repository-relative): proves the config catches what it should. */
export async function lintSource(file: string, code: string): Promise<LintProblem[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  return toProblems(await eslint.lintText(code, { filePath: `${REPO_ROOT}/${file}` }));
}

/** "rule: count" lines, most frequent first, then the first problems: enough to act on without flooding the test report. */
export function describeProblems(problems: readonly LintProblem[], shown = 30): string {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  const byRule = [...counts].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `  ${n} ${rule}`);
  const listed = problems.slice(0, shown).map((p) => `  ${p.file}:${p.line}:${p.column} ${p.rule}: ${p.message}`);
  const more = problems.length > shown ? [`  ... and ${problems.length - shown} more: run \`npm run lint\``] : [];
  return [`${problems.length} problem(s), by rule:`, ...byRule, "first:", ...listed, ...more].join("\n");
}
