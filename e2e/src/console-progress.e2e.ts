import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { launchBrowser, openWatchedPage, startTcpProxy, type TcpProxy, type WatchedPage } from "@prelabel/testing";
import type { Browser, Page } from "playwright-core";
import { allAnnotations } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, MODELS } from "./support/operations.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

/**
 * The progress bar as users live with it: a page reloaded mid-run and a connection dropped mid-run both come back to
 * the job's current state and keep counting; the annotations appear when the job completes, without a reload. The
 * browser reaches the gateway through a loopback TCP proxy, so the test can drop the page's connections (the
 * subscription's WebSocket included) while the system keeps running.
 */

const UI_TIMEOUT = 30_000;
const JOB_TIMEOUT = 240_000;
const BAR_LABEL = "Automatic annotation progress";

interface BarState {
  value: number;
  max: number;
  text: string;
  /** Date.now() in the page when it showed this state (the same clock as the test's). */
  at: number;
}

/** Records every state of the progress bar from the start of each page load (the recorder survives reloads). */
async function recordBarsFromEveryLoad(page: Page): Promise<void> {
  // Runs in the page; e2e compiles without the DOM library, so the page's globals are reached untyped.
  await page.addInitScript((label: string) => {
    const g = globalThis as any;
    const seen: BarState[] = [];
    g.progressSeen = seen;
    const record = (): void => {
      for (const bar of g.document.querySelectorAll(`progress[aria-label="${label}"]`)) {
        const state = { value: bar.value, max: bar.max, text: bar.getAttribute("aria-valuetext") ?? "", at: Date.now() };
        const last = seen[seen.length - 1];
        if (!last || last.value !== state.value || last.max !== state.max || last.text !== state.text) seen.push(state);
      }
    };
    g.document.addEventListener("DOMContentLoaded", () => {
      new g.MutationObserver(record).observe(g.document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      record();
    });
  }, BAR_LABEL);
}

/** The states the bar showed with the job's figures (before the first event it is indeterminate: "Connecting…"). */
async function progressSeen(page: Page): Promise<BarState[]> {
  const seen = await page.evaluate(() => ((globalThis as any).progressSeen ?? []) as BarState[]);
  return seen.filter((s) => !s.text.startsWith("Connecting"));
}

async function waitForBarAtLeast(page: Page, done: number, total: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([label, min, max]) => {
      const bar = (globalThis as any).document.querySelector(`progress[aria-label="${label}"]`);
      return bar && bar.max === max && bar.value >= min ? (bar.value as number) : false;
    },
    [BAR_LABEL, done, total] as const,
    { timeout: JOB_TIMEOUT },
  );
  return (await handle.jsonValue()) as number;
}

describe("the console's progress bar across reloads and dropped connections", () => {
  let sys: System;
  let proxy: TcpProxy;
  let browser: Browser;
  let consoleUrl: string;
  let textModelName: string;
  const watched: WatchedPage[] = [];

  before(async () => {
    sys = await startSystem({ workers: 1 });
    const gateway = new URL(sys.stack.gatewayUrl);
    proxy = await startTcpProxy({ host: gateway.hostname, port: Number(gateway.port) });
    consoleUrl = `http://127.0.0.1:${proxy.port}/`;
    browser = await launchBrowser();
    const { models } = await sys.client.must(MODELS);
    textModelName = models.find((m: { id: string }) => m.id === "text-detection").name;
  });
  after(async () => {
    for (const w of watched) await w.close().catch(() => undefined);
    await browser?.close();
    await proxy?.cut();
    await sys?.stop();
  });

  it("keeps counting after a reload and a dropped connection, then draws the polygons without a reload", async () => {
    const docs = sampleDocuments();
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "text through a reload", labels: [{ name: "Text", type: "POLYGON", attributes: [] }] },
    });
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", Array.from({ length: 16 }, () => docs).flat());
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    // Enough frames that the job is still running after the reload and the drop.
    const total = docs.length * 16;

    const w = await openWatchedPage(browser, { prefix: "progress" });
    watched.push(w);
    const { page } = w;
    page.setDefaultTimeout(UI_TIMEOUT);
    try {
      await recordBarsFromEveryLoad(page);
      await page.goto(consoleUrl);
      await page.getByRole("link", { name: task.name }).click();
      await page.getByRole("heading", { level: 2, name: task.name }).waitFor();
      const taskUrl = page.url();

      await page.getByRole("button", { name: "Automatic annotation" }).click();
      const dialog = page.getByRole("dialog", { name: "Automatic annotation" });
      await dialog.getByLabel("Model").selectOption({ label: textModelName });
      await dialog.getByRole("table", { name: "Label matching" }).waitFor();
      await dialog.getByLabel("Return masks as polygons").check();
      await dialog.getByRole("button", { name: "Annotate" }).click();
      await dialog.waitFor({ state: "detached" });

      const beforeReload = await waitForBarAtLeast(page, 1, total);
      assert.ok(beforeReload < total, `the job was still running when the page reloaded (${beforeReload} of ${total})`);
      await page.reload();
      assert.equal(page.url(), taskUrl);
      // The first state the reloaded page shows is the job's current one, never a restart from zero.
      await waitForBarAtLeast(page, 1, total);
      const firstAfterReload = (await progressSeen(page))[0];
      assert.ok(firstAfterReload, "the reloaded page shows the bar");
      assert.ok(
        firstAfterReload.value >= beforeReload,
        `after the reload the bar starts at ${firstAfterReload.value}, not below ${beforeReload}`,
      );
      await w.screenshot("after-reload");

      // Open frame 0 now: its polygons must appear when the job completes, with no reload.
      const frames = page.getByRole("list", { name: "Frames" }).getByRole("button");
      await frames.first().click();
      const canvas = page.getByRole("group", { name: "Annotations of frame 0" });
      await canvas.getByTestId("frame-image").waitFor();
      const polygons = canvas.locator("path[data-type=POLYGON]");
      assert.equal(await polygons.count(), 0, "nothing is drawn before the job commits");

      // Drop every connection of the page, the subscription's WebSocket included; the system keeps running.
      // The new socket's opening is stamped in the test's clock; the page stamps each state of the bar with the same clock.
      const reconnected = page.waitForEvent("websocket", { timeout: JOB_TIMEOUT }).then(() => Date.now());
      const seenBeforeDrop = (await progressSeen(page)).length;
      assert.ok(proxy.drop() > 0, "the page had open connections to drop");
      const droppedAt = Date.now();
      const atDrop = await page.evaluate(
        (label) => (globalThis as any).document.querySelector(`progress[aria-label="${label}"]`).value as number,
        BAR_LABEL,
      );
      assert.ok(atDrop < total, `the job was still running when the connection dropped (${atDrop} of ${total})`);
      const reconnectedAt = await reconnected;
      assert.ok(reconnectedAt >= droppedAt);
      // Counting resumes on the new connection: the bar moves past where it was, after that socket opened.
      await waitForBarAtLeast(page, atDrop + 1, total);
      const moved = (await progressSeen(page)).find((s) => s.value > atDrop);
      assert.ok(moved && moved.at >= reconnectedAt, `the bar moved past ${atDrop} after the new WebSocket opened`);
      const onFrame0 = async () => (await allAnnotations(sys.client, task.id)).filter((a) => a.frame === 0);
      const newestJob = page.getByRole("list", { name: "Automatic annotation jobs" }).getByRole("listitem").first();
      await newestJob.filter({ hasText: "COMPLETED" }).waitFor({ timeout: JOB_TIMEOUT });
      const seen = await progressSeen(page);
      assert.ok(seen.length > seenBeforeDrop, "the bar changed after the drop");
      assert.ok(
        seen.every((s, i) => i === 0 || s.value >= seen[i - 1].value),
        `the bar never went back: ${JSON.stringify(seen.map((s) => s.value))}`,
      );
      assert.ok(
        seen.some((s) => s.value === total && s.max === total),
        `the bar reached 100 %: ${JSON.stringify(seen.map((s) => s.value))}`,
      );
      const expected = await onFrame0();
      assert.ok(expected.length > 0, "text was found on frame 0");
      assert.ok(
        expected.every((a) => a.type === "POLYGON"),
        "masks were returned as polygons",
      );
      await polygons.nth(expected.length - 1).waitFor();
      assert.equal(await polygons.count(), expected.length, "every polygon of frame 0 is drawn, without a reload");
      await w.screenshot("polygons");

      // The dropped WebSocket may be reported by Chromium; nothing else may be.
      const unexpected = w.consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION|net::/i.test(e));
      assert.deepEqual(unexpected, []);
      assert.deepEqual(w.nonLocalRequests, []);
    } catch (err) {
      const path = await w.screenshot("failure").catch(() => undefined);
      if (path) process.stdout.write(`failure screenshot: ${path}\n`);
      throw err;
    }
  });
});
