import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium (scripts/ensure-browser.sh installs it); Playwright's own browser download cannot work here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Headless, as root, with nothing of Chromium's own traffic: without the background-networking flags it keeps
 * trying Google's hosts, which this machine's closed network refuses.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (err) {
    throw new Error(`Chromium did not start from ${CHROMIUM_PATH} (scripts/ensure-browser.sh installs it): ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Loopback only: the console must fetch nothing from anywhere else. */
export function isLocalUrl(url: string): boolean {
  const parsed = new URL(url);
  if (["data:", "blob:", "about:"].includes(parsed.protocol)) return true;
  const host = parsed.hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

export interface WatchedPage {
  readonly page: Page;
  /** Uncaught exceptions in the page. */
  readonly pageErrors: readonly string[];
  /** `console.error` messages. */
  readonly consoleErrors: readonly string[];
  /** Requests (and sockets) to anything but loopback. */
  readonly nonLocalRequests: readonly string[];
  /** Requests that got no response (refused, aborted), for the failure message. */
  readonly failedRequests: readonly string[];
  /** Request bodies the page sent to `/graphql`, in order (to prove a request was never sent). */
  readonly graphqlBodies: readonly string[];
  /** Throws naming every page error, non-local request and (unless allowed) console error seen so far. */
  assertClean(options?: { allowConsoleErrors?: boolean }): void;
  /** A full-page PNG in the run's screenshot directory; returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

let runDir: string | undefined;

/**
 * One directory per test run for screenshots (SCREENSHOT_DIR overrides), printed once so that a person can look
 * at what the browser showed.
 */
export function screenshotDir(): string {
  if (!runDir) {
    const fixed = process.env.SCREENSHOT_DIR;
    if (fixed) mkdirSync(fixed, { recursive: true });
    runDir = fixed ?? mkdtempSync(join(tmpdir(), "prelabel-screenshots-"));
    process.stdout.write(`browser screenshots: ${runDir}\n`);
  }
  return runDir;
}

/** A fresh context and page whose errors and requests are recorded from its first request on. */
export async function openWatchedPage(browser: Browser, options: { prefix?: string } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const nonLocalRequests: string[] = [];
  const failedRequests: string[] = [];
  const graphqlBodies: string[] = [];
  page.on("pageerror", (err) => pageErrors.push(err.stack ?? err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on("request", (request) => {
    if (!isLocalUrl(request.url())) nonLocalRequests.push(request.url());
    if (new URL(request.url()).pathname === "/graphql" && request.method() === "POST") graphqlBodies.push(request.postData() ?? "");
  });
  page.on("websocket", (socket) => {
    if (!isLocalUrl(socket.url())) nonLocalRequests.push(socket.url());
  });
  page.on("requestfailed", (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`));

  let shots = 0;
  const prefix = options.prefix ? `${options.prefix}-` : "";
  return {
    page,
    pageErrors,
    consoleErrors,
    nonLocalRequests,
    failedRequests,
    graphqlBodies,
    assertClean({ allowConsoleErrors = false } = {}) {
      const problems = [
        ...pageErrors.map((e) => `page error: ${e}`),
        ...nonLocalRequests.map((u) => `request to a non-local host: ${u}`),
        ...(allowConsoleErrors ? [] : consoleErrors.map((e) => `console error: ${e}`)),
      ];
      if (problems.length) {
        const failed = failedRequests.length ? `\nfailed requests:\n${failedRequests.join("\n")}` : "";
        throw new Error(`the page was not clean:\n${problems.join("\n")}${failed}`);
      }
    },
    async screenshot(name) {
      shots += 1;
      const path = join(screenshotDir(), `${prefix}${String(shots).padStart(2, "0")}-${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => context.close(),
  };
}
