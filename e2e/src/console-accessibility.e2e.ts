import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  assertNoSeriousAccessibilityViolations,
  facePhotosDir,
  launchBrowser,
  modelTaskLabels,
  openWatchedPage,
  type WatchedPage,
} from "@prelabel/testing";
import type { Browser, Locator, Page } from "playwright-core";
import { waitForJob } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, MODELS, START } from "./support/operations.js";
import { startSystem, type System } from "./support/system.js";

/** Generous: two cores run the stack, the models and Chromium at once. */
const UI_TIMEOUT = 30_000;
const MODEL = "face-detection-with-attributes";

/** What has the focus, described for assertions and messages: tag, accessible-ish name, and whether it is in the dialog. */
interface Focused {
  readonly description: string;
  readonly inDialog: boolean;
}

// These run in the page; e2e compiles without the DOM library, so the page's globals are reached untyped.
async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = (globalThis as any).document.activeElement;
    const name = el?.getAttribute("aria-label") ?? el?.labels?.[0]?.textContent ?? el?.textContent ?? "";
    return {
      description: `${String(el?.tagName ?? "none").toLowerCase()} "${String(name).trim().slice(0, 60)}"`,
      inDialog: Boolean(el?.closest('[role="dialog"]')),
    };
  });
}

/**
 * The console on the whole stack, checked with axe-core (serious and critical violations fail) on each page a user
 * meets, and driven by the keyboard alone through the automatic annotation dialog and the frame's shapes.
 */
describe("the console's accessibility (axe-core and the keyboard, headless Chromium)", () => {
  let sys: System;
  let browser: Browser;
  let consoleUrl: string;
  let modelName: string;
  let task: { id: string; name: string };
  const watched: WatchedPage[] = [];

  before(async () => {
    sys = await startSystem({ workers: 1 });
    browser = await launchBrowser();
    consoleUrl = sys.stack.gatewayUrl.replace(/\/graphql$/, "/");
    const { models } = await sys.client.must(MODELS);
    modelName = models.find((m: { id: string }) => m.id === MODEL).name;
    // A task with frames and a finished job, made through the API as a frontend would, so every page has content.
    const [face] = await modelTaskLabels(sys.client, MODEL);
    ({ createTask: task } = await sys.client.must(CREATE_TASK, { input: { name: "accessible faces", labels: [face] } }));
    const photos = ["sample1.jpg", "sample4.jpg"].map((name) => ({
      name,
      bytes: readFileSync(join(facePhotosDir(), name)),
      type: "image/jpeg",
    }));
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", photos);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const { startAutoAnnotation: job } = await sys.client.must(START, { input: { taskId: task.id, modelId: MODEL } });
    assert.equal((await waitForJob(sys.client, job.id, { logDir: sys.logDir, timeoutMs: 180_000 })).status, "COMPLETED");
  });
  after(async () => {
    for (const w of watched) await w.close().catch(() => undefined);
    await browser?.close();
    await sys?.stop();
  });

  async function open(prefix: string): Promise<WatchedPage> {
    const w = await openWatchedPage(browser, { prefix });
    w.page.setDefaultTimeout(UI_TIMEOUT);
    watched.push(w);
    return w;
  }

  /** A test whose failure leaves a screenshot of the page it last opened. */
  function browserTest(name: string, body: () => Promise<void>): void {
    it(name, async () => {
      const opened = watched.length;
      try {
        await body();
      } catch (err) {
        const w = watched.length > opened ? watched[watched.length - 1] : undefined;
        const path = await w?.screenshot("failure").catch(() => undefined);
        if (path) process.stdout.write(`failure screenshot: ${path}\n`);
        throw err;
      }
    });
  }

  async function openTask(page: Page): Promise<void> {
    await page.goto(consoleUrl);
    await page.getByRole("link", { name: task.name }).click();
    await page.getByRole("heading", { level: 2, name: task.name }).waitFor();
    await page.getByRole("list", { name: "Frames" }).getByRole("button").nth(1).waitFor();
  }

  async function chooseModel(dialog: Locator): Promise<void> {
    await dialog.getByLabel("Model").selectOption({ label: modelName });
    await dialog.getByRole("table", { name: "Label matching" }).waitFor();
  }

  browserTest("the tasks list has no serious or critical axe violations", async () => {
    const w = await open("a11y-tasks");
    await w.page.goto(consoleUrl);
    const row = w.page.getByRole("row").filter({ has: w.page.getByRole("link", { name: task.name }) });
    await row.filter({ hasText: /completed/i }).waitFor();
    await assertNoSeriousAccessibilityViolations(w.page, "the tasks list");
    await w.screenshot("tasks");
    // The new-task form, with an attribute row and a problem shown (an empty name, explained before sending).
    await w.page.getByRole("button", { name: "New task" }).click();
    const form = w.page.getByRole("form", { name: "New task" });
    await form.getByRole("button", { name: "Add attribute to label 1" }).click();
    await form.getByRole("button", { name: "Create task" }).click();
    await form.locator("[aria-invalid=true]").first().waitFor();
    await assertNoSeriousAccessibilityViolations(w.page, "the new-task form with its problems shown");
    await w.screenshot("task-form");
    w.assertClean();
  });

  browserTest("the task page (frame grid, frame viewer open on a frame with shapes, jobs) has none either", async () => {
    const w = await open("a11y-task");
    await openTask(w.page);
    await w.page.getByRole("list", { name: "Frames" }).getByRole("button").first().click();
    await w.page.getByRole("group", { name: "Annotations of frame 0" }).getByRole("img").first().waitFor();
    await w.page.getByRole("list", { name: "Automatic annotation jobs" }).getByRole("listitem").first().waitFor();
    await assertNoSeriousAccessibilityViolations(w.page, "the task page with the frame viewer open");
    await w.screenshot("task");
    w.assertClean();
  });

  browserTest("the automatic annotation dialog, with a model chosen and its mapping rows expanded, has none either", async () => {
    const w = await open("a11y-dialog");
    await openTask(w.page);
    await w.page.getByRole("button", { name: "Automatic annotation" }).click();
    const dialog = w.page.getByRole("dialog", { name: "Automatic annotation" });
    await dialog.waitFor();
    await assertNoSeriousAccessibilityViolations(w.page, "the dialog before a model is chosen");
    await chooseModel(dialog);
    await dialog
      .getByRole("button", { name: /^Map attributes and points of / })
      .first()
      .click();
    await assertNoSeriousAccessibilityViolations(w.page, "the dialog with a model chosen and a mapping row expanded");
    await w.screenshot("dialog");
    w.assertClean();
  });

  browserTest("the dialog's run options and a preview's results (issue 16) have none either", async () => {
    const w = await open("a11y-preview");
    await openTask(w.page);
    await w.page.getByRole("button", { name: "Automatic annotation" }).click();
    const dialog = w.page.getByRole("dialog", { name: "Automatic annotation" });
    await chooseModel(dialog);
    await dialog.getByRole("checkbox", { name: "Tile the frames" }).check();
    await dialog.getByLabel("Flag for review below").fill("0.9");
    // The task's 2 frames are proposed; the preview runs them on the worker and writes nothing.
    assert.equal(await dialog.getByLabel("Frames to preview").inputValue(), "0-1");
    await dialog.getByRole("button", { name: "Preview", exact: true }).click();
    const results = dialog.getByRole("region", { name: "Preview results" });
    await results.getByRole("figure", { name: "Preview of frame 1" }).waitFor();
    const shapes = results.getByRole("list", { name: "Shapes of frame 0 with their scores" }).getByRole("listitem");
    assert.match((await shapes.first().textContent()) ?? "", /^face rectangle, \d\.\d\d/);
    await assertNoSeriousAccessibilityViolations(w.page, "the dialog with tiling on and a preview's results");
    await w.screenshot("preview");
    w.assertClean();
  });

  browserTest("the Models page has none either", async () => {
    const w = await open("a11y-models");
    await w.page.goto(consoleUrl);
    await w.page.getByRole("link", { name: "Models" }).click();
    await w.page.getByRole("heading", { level: 2, name: "Models" }).waitFor();
    // The catalog arrives after the heading: let the page's queries settle before axe looks at it.
    await w.page.waitForLoadState("networkidle");
    await assertNoSeriousAccessibilityViolations(w.page, "the Models page");
    await w.screenshot("models");
    w.assertClean();
  });

  browserTest(
    "keyboard only: the dialog opens from its button, Tab and Shift+Tab stay inside it, Escape closes it and focus returns to the opener",
    async () => {
      const w = await open("a11y-keyboard");
      const { page } = w;
      await openTask(page);

      // Tab from the top of the page to the dialog's button, as a keyboard user would reach it.
      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = (await focused(page)).description === 'button "Automatic annotation"';
      }
      assert.ok(reached, `Tab never reached the Automatic annotation button (last: ${(await focused(page)).description})`);
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Automatic annotation" });
      await dialog.waitFor();
      assert.ok((await focused(page)).inDialog, "opening the dialog moves the focus into it");
      await chooseModel(dialog);
      await dialog.getByLabel("Model").focus();

      // Twice round the dialog each way: every stop is inside it, and the cycle comes back to where it started.
      for (const key of ["Tab", "Shift+Tab"]) {
        const start = await focused(page);
        const stops: Focused[] = [];
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press(key);
          const now = await focused(page);
          stops.push(now);
          assert.ok(
            now.inDialog,
            `${key} #${i + 1} left the dialog for ${now.description}; before: ${stops.map((s) => s.description).join(", ")}`,
          );
        }
        assert.ok(
          stops.some((s) => s.description === start.description),
          `${key} cycles back to ${start.description}: ${stops.map((s) => s.description).join(", ")}`,
        );
        assert.ok(new Set(stops.map((s) => s.description)).size >= 4, `${key} visits the dialog's controls`);
      }
      await w.screenshot("keyboard-dialog");

      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      assert.equal((await focused(page)).description, 'button "Automatic annotation"', "focus returns to the opener");
      w.assertClean();
    },
  );
  browserTest(
    "keyboard only: the frame's shapes are one Tab stop, arrow keys, Home and End move between them and show their details",
    async () => {
      const w = await open("a11y-shapes");
      const { page } = w;
      await openTask(page);
      await page.getByRole("list", { name: "Frames" }).getByRole("button").first().click();
      const shapes = page.getByRole("group", { name: "Annotations of frame 0" }).getByRole("img");
      await shapes.first().waitFor();
      const count = await shapes.count();
      const names = await shapes.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
      assert.ok(
        names.every((n) => /^face rectangle, score \d\.\d\d$/i.test(n)),
        `the shapes' names: ${names.join(", ")}`,
      );
      const isShape = (f: Focused) => /^rect "face rectangle/i.test(f.description);

      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = isShape(await focused(page));
      }
      assert.ok(reached, `Tab never reached a shape (last: ${(await focused(page)).description})`);
      assert.equal((await focused(page)).description, `rect "${names[0]}"`, "Tab reaches the first shape");
      await page.keyboard.press("Tab");
      assert.ok(!isShape(await focused(page)), `one Tab leaves the ${count} shapes (now on ${(await focused(page)).description})`);
      await page.keyboard.press("Shift+Tab");
      assert.equal((await focused(page)).description, `rect "${names[0]}"`);

      const details = page.getByRole("region", { name: "Shape details" });
      const showsScoreOf = async (name: string) => details.getByText(/score (\d\.\d\d)$/.exec(name)![1], { exact: true }).waitFor();
      await page.keyboard.press("End");
      assert.equal((await focused(page)).description, `rect "${names[count - 1]}"`, "End goes to the last shape");
      await showsScoreOf(names[count - 1]);
      if (count > 1) {
        await page.keyboard.press("ArrowLeft");
        assert.equal((await focused(page)).description, `rect "${names[count - 2]}"`, "ArrowLeft goes to the shape before");
        await showsScoreOf(names[count - 2]);
      }
      await page.keyboard.press("Home");
      assert.equal((await focused(page)).description, `rect "${names[0]}"`, "Home goes to the first shape");
      await showsScoreOf(names[0]);
      if (count > 1) {
        await page.keyboard.press("ArrowRight");
        assert.equal((await focused(page)).description, `rect "${names[1]}"`, "ArrowRight goes to the next shape");
      }
      await w.screenshot("keyboard-shapes");
      w.assertClean();
    },
  );
});
