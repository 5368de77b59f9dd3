import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

/** The impacts that fail a test: axe's "serious" and "critical" (minor and moderate are left to review). */
const FAILING_IMPACTS = new Set(["serious", "critical"]);

/** One axe-core result, reduced to what a failure message needs. */
export interface AccessibilityViolation {
  /** axe's rule id, e.g. `color-contrast`, `label`, `aria-required-children`. */
  readonly id: string;
  readonly impact: "minor" | "moderate" | "serious" | "critical" | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { target: readonly string[]; html: string; failureSummary?: string }[];
}

export interface AccessibilityCheckOptions {
  /** A CSS selector to check instead of the whole document (an open dialog, say). */
  readonly include?: string;
  /** Rule ids not to run, each with a reason in the calling test. */
  readonly disableRules?: readonly string[];
}

let axeSource: string | undefined;

/** axe-core's browser build (a root devDependency), read once per process. */
function readAxeSource(): string {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/**
 * Runs axe-core in the page as it is and returns its serious and critical violations.
 *
 * The console is served with `script-src 'self'`, so `page.addScriptTag({ content })` (an inline script element)
 * is refused by the page's own policy. axe is evaluated through the DevTools protocol instead (`page.evaluate` of
 * its source: Runtime.evaluate is not subject to the page's CSP, like a script typed into DevTools), which leaves
 * the policy in force for everything the console does. A context with `bypassCSP` would also work but switches the
 * policy off for the whole page, so a test could no longer notice the console breaking its own CSP.
 */
export async function accessibilityViolations(page: Page, options: AccessibilityCheckOptions = {}): Promise<AccessibilityViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === "object");
  if (!loaded) await page.evaluate(readAxeSource());
  const violations = await page.evaluate(
    async ({ include, disableRules }) => {
      // axe's own types are not loaded in the test's compilation; it runs in the page.
      const axe = (globalThis as any).axe;
      const rules = Object.fromEntries(disableRules.map((id: string) => [id, { enabled: false }]));
      const results = await axe.run(include ?? (globalThis as any).document, { rules, resultTypes: ["violations"] });
      return results.violations as AccessibilityViolation[];
    },
    { include: options.include, disableRules: [...(options.disableRules ?? [])] },
  );
  return violations
    .filter((v) => v.impact !== null && FAILING_IMPACTS.has(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
}

/** One block per rule: its id, impact and help, then each offending element with axe's summary of what to fix. */
export function formatAccessibilityViolations(violations: readonly AccessibilityViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => {
        const summary = (n.failureSummary ?? "").replace(/\n\s*/g, " ").trim();
        const html = n.html.length > 200 ? `${n.html.slice(0, 200)}…` : n.html;
        return `  - ${n.target.join(" ")}\n    ${html}${summary ? `\n    ${summary}` : ""}`;
      });
      return `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes.join("\n")}`;
    })
    .join("\n\n");
}

/** Fails with the formatted violations when axe finds a serious or critical one in the page (or `include`). */
export async function assertNoSeriousAccessibilityViolations(
  page: Page,
  where: string,
  options: AccessibilityCheckOptions = {},
): Promise<void> {
  const violations = await accessibilityViolations(page, options);
  if (violations.length) {
    throw new Error(
      `${violations.length} serious or critical accessibility violation(s) on ${where}:\n\n${formatAccessibilityViolations(violations)}`,
    );
  }
}
