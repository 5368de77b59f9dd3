import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  createTestDatabase,
  createTestNats,
  launchBrowser,
  openWatchedPage,
  REPO_ROOT,
  type TestDatabase,
  type TestNats,
  type WatchedPage,
} from "@prelabel/testing";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { waitFor, type Output } from "./dev-stack.output.js";

const MAIN = join(REPO_ROOT, "tools", "dev-stack", "dist", "src", "main.js");
/** Six processes starting, then four models over 12 frames and one over a 75-frame video, on a loaded 2-core machine. */
const DEMO_TIMEOUT_MS = 1_200_000;
/** Generous: the stack, its worker and Chromium share two cores. */
const UI_TIMEOUT_MS = 30_000;

/** What the demo writes to --out-dir/summary.json (the fields this test reads). */
interface DemoSummary {
  scenario: string;
  taskId: string;
  jobs: { jobId: string; model: string; status: string }[];
  annotations: number;
  perFrame: { frame: number; name: string; byLabel: Record<string, number> }[];
  /** The video scenario: tracks its job wrote, and the frame drawn into tracks-frame.png. */
  tracks?: number;
  stillFrame?: number;
}

/**
 * `npm start -- --demo` as a user runs it, then what the user does next: open the URL it printed in a browser and
 * look at the demo's tasks, their finished jobs and what the models drew. The real dev stack process, on its own
 * database, NATS namespace, ports, data and output directories.
 */
describe("npm start -- --demo, then the console at the URL it prints", () => {
  let db: TestDatabase;
  let nats: TestNats;
  let dataDir: string;
  let outDir: string;
  let child: ChildProcess;
  const output: Output = { text: "" };
  let exited: Promise<number | null>;
  let consoleUrl: string;
  let browser: Browser | undefined;
  let watched: WatchedPage | undefined;

  before(async () => {
    db = await createTestDatabase();
    nats = await createTestNats();
    dataDir = mkdtempSync(join(tmpdir(), "prelabel-dev-stack-"));
    outDir = mkdtempSync(join(tmpdir(), "prelabel-demo-out-"));
    child = spawn(process.execPath, [MAIN, "--demo", "--data-dir", dataDir, "--out-dir", outDir], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: db.url, NATS_URL: nats.url, NATS_NAMESPACE: nats.namespace, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a stuck stack and its services can be killed together (after()).
      detached: true,
    });
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output.text += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output.text += chunk));
    exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        output.exited = signal ? `signal ${signal}` : `exit code ${code}`;
        resolve(code);
      }),
    );
    const [, url] = await waitFor(
      output,
      child,
      // Up to the demo's last line: the two lines are two writes, and may reach this pipe as two chunks.
      /The demo is done and Prelabel keeps running\. The web console: open (http:\/\/\S+\/) in a browser\nIts tasks are named .*\n/,
      DEMO_TIMEOUT_MS,
    );
    consoleUrl = url!;
  });

  after(async () => {
    await watched?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (child && output.exited === undefined) {
      process.kill(-child.pid!, "SIGTERM");
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    await nats?.cleanup().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    for (const dir of [dataDir, outDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const summary = (): DemoSummary[] => JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8")) as DemoSummary[];

  it("prints the console's URL when the stack is up, and again with how to open it once the demo is done", () => {
    const up = output.text.match(/Prelabel is up: (http:\/\/\S+)\/graphql /);
    assert.ok(up, output.text);
    assert.equal(consoleUrl, `${up[1]}/`, "the console is the gateway's /");
    assert.match(output.text, new RegExp(`^The web console: open ${consoleUrl.replace(/[.]/g, "\\.")} in a browser$`, "m"));
    assert.match(output.text, /^Its tasks are named demo: documents, demo: people and demo: video\. Ctrl\+C stops everything\.$/m);
    const tasks = summary();
    assert.deepEqual(
      tasks.map((t) => t.scenario),
      ["documents", "people", "video"],
    );
    for (const t of tasks) for (const job of t.jobs) assert.equal(job.status, "COMPLETED", `${t.scenario}: ${job.model}`);
  });

  it("tracks the faces of the demo video and previews them as an animated GIF with track ids, plus one still frame", async () => {
    const video = summary().find((t) => t.scenario === "video")!;
    // Five faces, one of which leaves and comes back as a new track (the e2e measures 6).
    assert.ok(video.tracks! >= 5 && video.tracks! <= 10, `${video.tracks} tracks`);
    assert.equal(video.perFrame.length, 75);
    const gif = await sharp(join(outDir, "video", "tracks.gif"), { animated: true }).metadata();
    assert.deepEqual([gif.format, gif.pages, gif.width, gif.loop], ["gif", 75, 480, 0]);
    const still = await sharp(join(outDir, "video", "tracks-frame.png")).metadata();
    assert.deepEqual([still.format, still.width, still.height], ["png", 640, 360]);
    assert.ok(Object.values(video.perFrame[video.stillFrame!].byLabel)[0] >= 4, "the still shows most of the faces");
  });

  it("keeps serving after the demo: the process has not exited", () => {
    assert.equal(output.exited, undefined, output.text);
  });

  it("the printed URL opens the console, which lists the demo's tasks with their finished jobs and shows what the models drew", async () => {
    browser = await launchBrowser();
    watched = await openWatchedPage(browser, { prefix: "dev-stack-demo" });
    const { page } = watched;
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    try {
      await page.goto(consoleUrl);
      for (const t of summary()) {
        const link = page.getByRole("link", { name: `demo: ${t.scenario}` });
        await link.waitFor();
        const row = page.getByRole("row").filter({ has: link });
        assert.match(await row.innerText(), /completed/i, `the list shows demo: ${t.scenario}'s last job finished`);
      }
      await watched.screenshot("tasks");

      const people = summary().find((t) => t.scenario === "people")!;
      await page.getByRole("link", { name: "demo: people" }).click();
      await page.getByRole("heading", { level: 2, name: "demo: people" }).waitFor();
      const jobs = page.getByRole("list", { name: "Automatic annotation jobs" }).getByRole("listitem");
      await jobs.nth(people.jobs.length - 1).waitFor();
      for (const job of people.jobs) {
        const item = page.getByRole("listitem", { name: `Job ${job.jobId}` });
        assert.match(await item.innerText(), /COMPLETED/i, `job ${job.jobId} (${job.model}) shows as finished`);
      }

      const first = people.perFrame[0];
      const drawn = Object.values(first.byLabel).reduce((a, b) => a + b, 0);
      assert.ok(drawn > 0, `the demo found something on ${first.name}`);
      await page.getByRole("list", { name: "Frames" }).getByRole("button").first().click();
      const canvas = page.getByRole("group", { name: "Annotations of frame 0" });
      await canvas.getByRole("img").first().waitFor();
      assert.ok((await canvas.getByRole("img").count()) > 0, "the frame viewer draws the demo's annotations");
      await canvas
        .getByRole("img", { name: /^face rectangle, score \d\.\d\d$/i })
        .first()
        .waitFor();
      await watched.screenshot("people-frame-0");
      watched.assertClean();
    } catch (err) {
      const path = await watched.screenshot("failure").catch(() => undefined);
      if (path) process.stdout.write(`failure screenshot: ${path}\n`);
      throw err;
    }
  });

  it("stops every process it started on SIGTERM and exits 0", async () => {
    child.kill("SIGTERM");
    assert.equal(await exited, 0, output.text.slice(-2000));
  });
});
