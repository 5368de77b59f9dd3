import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

/** The repository root (this file runs from tools/console-check/dist). */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");
export const CONSOLE_DIR = join(REPO_ROOT, "console");

/** A whole Vitest run may take this long (it takes seconds; a hang must not hold `npm test`). */
const VITEST_TIMEOUT_MS = 5 * 60_000;

/** One Vitest test as its JSON reporter gives it. */
export interface VitestTest {
  /** The test file, relative to the repository root. */
  readonly file: string;
  /** describe() titles, then the test's own. */
  readonly titles: readonly string[];
  readonly status: "passed" | "failed" | "skipped" | "pending" | "todo" | "disabled";
  readonly failureMessages: readonly string[];
}

/** A test file Vitest could not run at all (a syntax or import error): its tests are unknown. */
export interface VitestFileError {
  readonly file: string;
  readonly message: string;
}

export type VitestRun =
  | { readonly ran: true; readonly tests: readonly VitestTest[]; readonly fileErrors: readonly VitestFileError[] }
  | { readonly ran: false; readonly reason: string };

interface JsonReport {
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: { ancestorTitles: string[]; title: string; status: VitestTest["status"]; failureMessages: string[] | null }[];
  }[];
}

// eslint-disable-next-line no-control-regex -- Vitest's messages may carry colour codes; the node report must not.
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (text: string): string => text.replace(ANSI, "");

/** The JSON report → tests and broken files (exported for its spec: parsing must not hide a failure). */
export function parseVitestReport(json: string, root = REPO_ROOT): { tests: VitestTest[]; fileErrors: VitestFileError[] } {
  const report = JSON.parse(json) as JsonReport;
  const tests: VitestTest[] = [];
  const fileErrors: VitestFileError[] = [];
  for (const result of report.testResults) {
    const file = relative(root, result.name);
    if (result.status === "failed" && result.assertionResults.length === 0)
      fileErrors.push({ file, message: plain(result.message || "the file failed before any test ran") });
    for (const a of result.assertionResults)
      tests.push({ file, titles: [...a.ancestorTitles, a.title], status: a.status, failureMessages: (a.failureMessages ?? []).map(plain) });
  }
  return { tests, fileErrors };
}

/**
 * `vitest run --reporter=json` in console/, as the console's own `npm test` runs it (its vite.config.ts: jsdom,
 * setup file, src/**\/*.test.tsx), by the vitest installed in the repository. Exit status 1 only means failed tests;
 * a run without a report (vitest missing, a config error, a timeout) is `ran: false` with what it printed.
 */
export function runVitest(consoleDir = CONSOLE_DIR): VitestRun {
  const out = mkdtempSync(join(tmpdir(), "prelabel-vitest-"));
  const reportFile = join(out, "report.json");
  try {
    let cli: string;
    try {
      cli = join(dirname(require.resolve("vitest/package.json", { paths: [consoleDir] })), "vitest.mjs");
    } catch (err) {
      return { ran: false, reason: `vitest is not installed (npm ci at the repository root): ${String(err)}` };
    }
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", CI: "1" };
    delete env.FORCE_COLOR;
    // The runner's own test context must not leak into Vitest's workers.
    delete env.NODE_TEST_CONTEXT;
    const run = spawnSync(process.execPath, [cli, "run", "--reporter=json", `--outputFile=${reportFile}`], {
      cwd: consoleDir,
      env,
      encoding: "utf8",
      timeout: VITEST_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    const printed = plain(`${run.stderr ?? ""}\n${run.stdout ?? ""}`)
      .trim()
      .slice(-4000);
    if (run.error) return { ran: false, reason: `vitest did not finish: ${run.error.message}\n${printed}` };
    let json: string;
    try {
      json = readFileSync(reportFile, "utf8");
    } catch {
      return { ran: false, reason: `vitest exited with ${run.status ?? run.signal} and wrote no report:\n${printed}` };
    }
    return { ran: true, ...parseVitestReport(json) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
