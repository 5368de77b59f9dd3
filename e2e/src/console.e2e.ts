import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { facePhotosDir, launchBrowser, modelTaskLabels, openWatchedPage, type WatchedPage } from "@prelabel/testing";
import type { Browser, Locator, Page } from "playwright-core";
import { allAnnotations, waitForJob } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, MODELS, START } from "./support/operations.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

/** Generous: two cores run the stack, the models and Chromium at once. */
const UI_TIMEOUT = 30_000;
const JOB_TIMEOUT = 180_000;

const TASK_JOBS = /* GraphQL */ `
  query TaskJobs($id: ID!) {
    task(id: $id) {
      autoAnnotationJobs {
        id
        status
        framesDone
        framesTotal
        convertMasksToPolygons
        cleanOldAnnotations
        mapping {
          modelLabel
          taskLabel
          attributes {
            modelAttribute
            taskAttribute
          }
        }
      }
    }
  }
`;

interface BarState {
  value: number;
  max: number;
  text: string;
}

// The functions below run in the page; e2e compiles without the DOM library, so the page's globals are reached untyped.

/** Every state the job's progress bar showed, recorded in the page as it changes (the bar is removed once the job ends). */
async function recordProgressBars(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as any;
    const seen: BarState[] = [];
    g.progressSeen = seen;
    const record = (): void => {
      for (const bar of g.document.querySelectorAll('progress[aria-label="Automatic annotation progress"]')) {
        const state = { value: bar.value, max: bar.max, text: bar.getAttribute("aria-valuetext") ?? "" };
        const last = seen[seen.length - 1];
        if (!last || last.value !== state.value || last.max !== state.max || last.text !== state.text) seen.push(state);
      }
    };
    new g.MutationObserver(record).observe(g.document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    record();
  });
}

async function progressSeen(page: Page): Promise<BarState[]> {
  return page.evaluate(() => (globalThis as any).progressSeen as BarState[]);
}

async function selectedText(select: Locator): Promise<string> {
  return select.evaluate((el: any) => (el.selectedOptions[0]?.text as string | undefined) ?? "");
}

/** A description list's terms and their values, as the shape details panel shows them. */
async function definitions(list: Locator): Promise<Record<string, string>> {
  return list.evaluate((el: any) => {
    const out: Record<string, string> = {};
    for (const dt of el.querySelectorAll("dt")) out[dt.textContent ?? ""] = dt.nextElementSibling?.textContent ?? "";
    return out;
  });
}

/** The newest job in the task page's jobs list (newest first). */
function newestJob(page: Page): Locator {
  return page.getByRole("list", { name: "Automatic annotation jobs" }).getByRole("listitem").first();
}

describe("the console in headless Chromium", () => {
  let sys: System;
  let browser: Browser;
  let consoleUrl: string;
  let modelNames: Map<string, string>;
  const watched: WatchedPage[] = [];

  before(async () => {
    sys = await startSystem({ workers: 1 });
    browser = await launchBrowser();
    consoleUrl = sys.stack.gatewayUrl.replace(/\/graphql$/, "/");
    const { models } = await sys.client.must(MODELS);
    modelNames = new Map(models.map((m: { id: string; name: string }) => [m.id, m.name]));
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

  /** A test whose failure leaves a screenshot of the page it last opened, to see what the browser showed. */
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

  async function jobsOf(taskId: string): Promise<any[]> {
    const { task } = await sys.client.must(TASK_JOBS, { id: taskId });
    return task.autoAnnotationJobs;
  }

  async function openTask(w: WatchedPage, task: { id: string; name: string }): Promise<void> {
    await w.page.goto(consoleUrl);
    await w.page.getByRole("link", { name: task.name }).click();
    await w.page.getByRole("heading", { level: 2, name: task.name }).waitFor();
  }

  async function openDialog(page: Page, modelId: string): Promise<Locator> {
    await page.getByRole("button", { name: "Automatic annotation" }).click();
    const dialog = page.getByRole("dialog", { name: "Automatic annotation" });
    await dialog.waitFor();
    const name = modelNames.get(modelId);
    assert.ok(name, `${modelId} is in the models list`);
    await dialog.getByLabel("Model").selectOption({ label: name });
    await dialog.getByRole("table", { name: "Label matching" }).waitFor();
    return dialog;
  }

  browserTest(
    "loads from the gateway with its CSP, nothing from the internet, no errors, and lists a task created through GraphQL",
    async () => {
      const { createTask: task } = await sys.client.must(CREATE_TASK, {
        input: { name: "listed from GraphQL", labels: [{ name: "thing", type: "RECTANGLE", attributes: [] }] },
      });
      const w = await open("a-load");
      const response = await w.page.goto(consoleUrl);
      assert.ok(response, "the console answered");
      assert.equal(response.status(), 200);
      const csp = response.headers()["content-security-policy"] ?? "";
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);

      const row = w.page.getByRole("row").filter({ has: w.page.getByRole("link", { name: task.name }) });
      await row.waitFor();
      assert.deepEqual(await row.getByRole("cell").allInnerTexts(), [task.name, "0", "1", "none"]);
      // Wait for the network to settle so that any late request (a font, a map file, a CDN script) is counted.
      await w.page.waitForLoadState("networkidle");
      await w.screenshot("tasks-list");
      w.assertClean();
    },
  );

  browserTest(
    "uploads photos, annotates faces through the dialog with an edited mapping, and draws the boxes with their attributes",
    async () => {
      // The model's own face label, renamed Face, with its gender attribute called "sex": the suggestion matches face → Face
      // and age/emotion by name, and the user maps gender → sex by hand.
      const [face] = await modelTaskLabels(sys.client, "face-detection-with-attributes");
      const attributes = (face.attributes ?? []).map((a) => (a.name === "gender" ? { ...a, name: "sex" } : a));
      assert.deepEqual(
        attributes.map((a) => a.name),
        ["age", "sex", "emotion"],
      );
      const { createTask: task } = await sys.client.must(CREATE_TASK, {
        input: { name: "faces in the browser", labels: [{ ...face, name: "Face", attributes }] },
      });
      const w = await open("b-faces");
      const { page } = w;
      await openTask(w, task);
      await page.getByText("No frames yet").waitFor();

      const photos = ["sample1.jpg", "sample4.jpg"];
      await page.getByLabel("Choose images").setInputFiles(photos.map((name) => join(facePhotosDir(), name)));
      await page.getByRole("status").filter({ hasText: "2 frames added; the task has 2." }).waitFor();
      await page.getByText("2 frames", { exact: true }).waitFor();
      const frames = page.getByRole("list", { name: "Frames" }).getByRole("button");
      await frames.nth(1).waitFor();
      assert.deepEqual(
        (await frames.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") as string))).map((l) => l?.replace(/ \(.*\)$/, "")),
        ["Frame 0: sample1.jpg", "Frame 1: sample4.jpg"],
      );
      await w.screenshot("frames-uploaded");

      const dialog = await openDialog(page, "face-detection-with-attributes");
      const taskLabel = dialog.getByLabel("Task label for face");
      assert.equal(await selectedText(taskLabel), "Face (rectangle)", "the suggestion prefilled face → Face");
      await dialog.getByRole("button", { name: "Map attributes and points of face" }).click();
      const gender = dialog.getByLabel("Task attribute for face gender");
      assert.equal(await selectedText(gender), "not mapped", "gender has no task attribute of its name");
      assert.equal(await selectedText(dialog.getByLabel("Task attribute for face age")), "age");
      assert.equal(await selectedText(dialog.getByLabel("Task attribute for face emotion")), "emotion");
      await gender.selectOption({ label: "sex" });
      await w.screenshot("dialog-mapping-edited");

      await recordProgressBars(page);
      await dialog.getByRole("button", { name: "Annotate" }).click();
      await dialog.waitFor({ state: "detached" });
      await newestJob(page).filter({ hasText: "COMPLETED" }).waitFor({ timeout: JOB_TIMEOUT });
      await w.screenshot("job-completed");

      const [job] = await jobsOf(task.id);
      assert.equal(job.status, "COMPLETED");
      assert.equal(job.mapping.length, 1);
      const { attributes: mappedAttributes, ...mappedLabel } = job.mapping[0];
      assert.deepEqual(mappedLabel, { modelLabel: "face", taskLabel: "Face" });
      assert.deepEqual(
        [...mappedAttributes].sort((a: any, b: any) => a.modelAttribute.localeCompare(b.modelAttribute)),
        [
          { modelAttribute: "age", taskAttribute: "age" },
          { modelAttribute: "emotion", taskAttribute: "emotion" },
          { modelAttribute: "gender", taskAttribute: "sex" },
        ],
        "the edited mapping was the one used",
      );
      const seen = await progressSeen(page);
      assert.ok(seen.length > 0, "the progress bar was shown");
      const full = seen.find((s) => s.max === 2 && s.value === 2);
      assert.ok(full, `the bar reached 100 %: ${JSON.stringify(seen)}`);
      assert.match(full.text, /2 of 2 frames done/);
      assert.ok(
        seen.every((s, i) => i === 0 || s.value >= seen[i - 1].value),
        "the bar never went back",
      );

      const annotations = await allAnnotations(sys.client, task.id);
      const onFrame0 = annotations.filter((a) => a.frame === 0);
      assert.ok(onFrame0.length >= 1, "faces were found in sample1");
      await frames.first().click();
      const canvas = page.getByRole("group", { name: "Annotations of frame 0" });
      const boxes = canvas.getByRole("img", { name: /^Face rectangle, score \d\.\d\d$/ });
      await boxes.nth(onFrame0.length - 1).waitFor();
      assert.equal(await boxes.count(), onFrame0.length, "every face of the frame is drawn");
      assert.equal(await canvas.locator("g[data-type=RECTANGLE] > rect").count(), onFrame0.length);

      const details = page.getByRole("region", { name: "Shape details" });
      for (const [index, act] of [
        [0, "hover"],
        [onFrame0.length - 1, "focus"],
      ] as const) {
        const box = boxes.nth(index);
        if (act === "hover") await box.hover();
        else await box.focus();
        const score = /score (\d\.\d\d)$/.exec((await box.getAttribute("aria-label")) ?? "")![1];
        await details.getByText(score, { exact: true }).waitFor();
        const shown = await definitions(details);
        const match = onFrame0.find(
          (a) => a.score.toFixed(2) === score && a.attributes.every((attr: any) => shown[attr.name] === attr.value),
        );
        assert.ok(match, `the details ${JSON.stringify(shown)} are those of a face of frame 0`);
        assert.equal(shown.Label, "Face");
        assert.deepEqual(
          Object.keys(shown)
            .filter((k) => ["age", "sex", "emotion"].includes(k))
            .sort(),
          ["age", "emotion", "sex"],
        );
        assert.ok(["female", "male"].includes(shown.sex), `sex is ${shown.sex}`);
      }
      await w.screenshot("frame-faces");
      w.assertClean();
    },
  );

  browserTest("explains a bad threshold and an empty mapping in the dialog, and starts no job", async () => {
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "refused in the dialog", labels: [{ name: "Text", type: "POLYGON", attributes: [] }] },
    });
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", sampleDocuments().slice(0, 1));
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const w = await open("c-refused");
    const { page } = w;
    await openTask(w, task);

    const dialog = await openDialog(page, "text-detection");
    assert.equal(await selectedText(dialog.getByLabel("Task label for text")), "Text (polygon)");
    const threshold = dialog.getByLabel("Threshold");
    assert.equal(await threshold.getAttribute("placeholder"), "0.5", "the model's default is the placeholder");
    await threshold.fill("1.5");
    const annotate = dialog.getByRole("button", { name: "Annotate" });
    await annotate.click();
    await dialog.getByText("The threshold must be at most 1: scores are between 0 and 1.").waitFor();
    assert.equal(await threshold.getAttribute("aria-invalid"), "true");
    await w.screenshot("bad-threshold");

    await threshold.fill("");
    await dialog.getByLabel("Task label for text").selectOption({ label: "ignored" });
    await dialog.getByText("Map at least one model label to a task label to annotate.").waitFor();
    assert.equal(await annotate.isDisabled(), true, "Annotate stays disabled with nothing mapped");
    const hintId = await annotate.getAttribute("aria-describedby");
    assert.ok(hintId, "the hint describes the disabled button");
    assert.equal(await page.locator(`[id="${hintId}"]`).innerText(), "Map at least one model label to a task label to annotate.");
    await w.screenshot("nothing-mapped");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });

    assert.deepEqual(await jobsOf(task.id), [], "no job was started");
    assert.equal(w.graphqlBodies.filter((b) => b.includes("startAutoAnnotation")).length, 0, "the page never sent startAutoAnnotation");
    w.assertClean();
  });

  browserTest(
    "cancels text detection (masks as polygons) mid-run from the progress bar and leaves the annotations as they were",
    async () => {
      const docs = sampleDocuments();
      const { createTask: task } = await sys.client.must(CREATE_TASK, {
        input: { name: "cancelled in the browser", labels: [{ name: "Text", type: "POLYGON", attributes: [] }] },
      });
      const seedFrames = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", docs.slice(0, 1));
      assert.equal(seedFrames.errors, undefined, JSON.stringify(seedFrames.errors));
      // Annotations from an earlier job: the cancelled job (which cleans old annotations) must leave them untouched.
      const seed = await sys.client.must(START, { input: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true } });
      assert.equal((await waitForJob(sys.client, seed.startAutoAnnotation.id, { logDir: sys.logDir })).status, "COMPLETED");
      const before = await allAnnotations(sys.client, task.id);
      assert.ok(before.length > 0, "the seed job annotated the first document");
      const more = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", [...docs, ...docs, ...docs, ...docs]);
      assert.equal(more.errors, undefined, JSON.stringify(more.errors));
      const total = 1 + docs.length * 4;

      const w = await open("d-cancel");
      const { page } = w;
      await openTask(w, task);
      const dialog = await openDialog(page, "text-detection");
      await dialog.getByLabel("Return masks as polygons").check();
      await dialog.getByLabel("Clean old annotations").check();
      await dialog.getByRole("button", { name: "Annotate" }).click();
      await dialog.waitFor({ state: "detached" });

      const bar = page.getByRole("region", { name: "Automatic annotation job" });
      await bar
        .getByRole("status")
        .filter({ hasText: new RegExp(`^Running: [1-9]\\d* of ${total} frames done`) })
        .waitFor({ timeout: JOB_TIMEOUT });
      await w.screenshot("text-running");
      await bar.getByRole("button", { name: "Cancel" }).click();
      await newestJob(page).filter({ hasText: "CANCELLED" }).waitFor({ timeout: JOB_TIMEOUT });
      await w.screenshot("text-cancelled");

      const [job] = await jobsOf(task.id);
      assert.equal(job.status, "CANCELLED");
      assert.equal(job.convertMasksToPolygons, true);
      assert.equal(job.cleanOldAnnotations, true);
      assert.ok(job.framesDone < job.framesTotal, `it stopped before the end (${job.framesDone} of ${job.framesTotal})`);
      const afterCancel = await allAnnotations(sys.client, task.id);
      assert.deepEqual(afterCancel, before, "the task's annotations are exactly as before");
      w.assertClean();
    },
  );
});
