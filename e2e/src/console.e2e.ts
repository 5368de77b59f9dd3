import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { facePhotosDir, launchBrowser, modelTaskLabels, openWatchedPage, REPO_ROOT, type WatchedPage } from "@prelabel/testing";
import type { Browser, Locator, Page } from "playwright-core";
import { allAnnotations, waitForJob } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, DELETE_TASK, MODELS, START } from "./support/operations.js";
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

const TASK_LABELS = /* GraphQL */ `
  query TaskLabels($id: ID!) {
    task(id: $id) {
      name
      size
      labels {
        name
        type
        attributes {
          name
          inputType
          values
          defaultValue
        }
      }
      frames(first: 50) {
        edges {
          node {
            index
            name
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

/** Every state of the upload progress bar, and how many bars appeared (one per upload), recorded in the page. */
async function recordUploadBars(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as any;
    const seen: { value: number; max: number }[] = [];
    const bars = new g.WeakSet();
    const state = { seen, appeared: 0 };
    g.uploadSeen = state;
    const record = (): void => {
      for (const bar of g.document.querySelectorAll('progress[aria-label="Upload progress"]')) {
        if (!bars.has(bar)) {
          bars.add(bar);
          state.appeared += 1;
        }
        const last = seen[seen.length - 1];
        if (!last || last.value !== bar.value || last.max !== bar.max) seen.push({ value: bar.value, max: bar.max });
      }
    };
    new g.MutationObserver(record).observe(g.document.body, { subtree: true, childList: true, attributes: true });
    record();
  });
}

async function uploadSeen(page: Page): Promise<{ seen: { value: number; max: number }[]; appeared: number }> {
  return page.evaluate(() => (globalThis as any).uploadSeen);
}

/**
 * Drags a file from outside the browser onto `zone` as Chromium delivers it: dragenter, dragover and drop, each
 * carrying a DataTransfer (built in the page, with the file's bytes) whose `files` the drop reads.
 */
async function dropFile(zone: Locator, path: string, name: string): Promise<void> {
  const data = readFileSync(path).toString("base64");
  await zone.evaluate(
    (el: any, file: { name: string; data: string }) => {
      const g = globalThis as any;
      const binary = g.atob(file.data);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([bytes], file.name, { type: "image/jpeg" }));
      for (const type of ["dragenter", "dragover", "drop"]) {
        el.dispatchEvent(new g.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    { name, data },
  );
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
    // IMPORT_ROOT: the task service imports server directories from the repository's samples (importFrames).
    sys = await startSystem({ workers: 1, env: { IMPORT_ROOT: join(REPO_ROOT, "samples") } });
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
      // The first cell holds the row's "Select" checkbox (several tasks → one batch), with no text of its own.
      assert.deepEqual(await row.getByRole("cell").allInnerTexts(), ["", task.name, "0", "1", "none"]);
      assert.equal(await row.getByRole("checkbox", { name: `Select ${task.name}` }).isChecked(), false);
      // Wait for the network to settle so that any late request (a font, a map file, a CDN script) is counted.
      await w.page.waitForLoadState("networkidle");
      await w.screenshot("tasks-list");
      w.assertClean();
    },
  );

  browserTest(
    "creates a task in the form, uploads photos by file picker and drag-and-drop, annotates faces through the dialog with an edited mapping, and draws the boxes with their attributes",
    async () => {
      // The model's own face label, renamed Face, with its gender attribute called "sex": the suggestion matches face → Face
      // and age/emotion by name, and the user maps gender → sex by hand.
      const [face] = await modelTaskLabels(sys.client, "face-detection-with-attributes");
      const attributes = (face.attributes ?? []).map((a) => (a.name === "gender" ? { ...a, name: "sex" } : a));
      assert.deepEqual(
        attributes.map((a) => a.name),
        ["age", "sex", "emotion"],
      );
      const w = await open("b-faces");
      const { page } = w;
      await page.goto(consoleUrl);
      await page.getByRole("button", { name: "New task" }).click();
      const form = page.getByRole("form", { name: "New task" });
      await form.getByLabel("Task name", { exact: true }).fill("faces in the browser");
      await form.getByLabel("Label 1 name", { exact: true }).fill("Face");
      await form.getByLabel("Label 1 shape type", { exact: true }).selectOption(face.type);
      for (const [j, attribute] of attributes.entries()) {
        await form.getByRole("button", { name: "Add attribute to label 1" }).click();
        const field = (what: string) => form.getByLabel(`Label 1 attribute ${j + 1} ${what}`, { exact: true });
        await field("name").fill(attribute.name);
        await field("input type").selectOption(attribute.inputType);
        await field("values").fill((attribute.values ?? []).join(","));
        if (attribute.defaultValue != null) await field("default").fill(attribute.defaultValue);
      }
      await w.screenshot("task-form");
      await form.getByRole("button", { name: "Create task" }).click();
      await page.getByRole("heading", { level: 2, name: "faces in the browser" }).waitFor();
      const taskId = decodeURIComponent(/\/tasks\/([^/]+)$/.exec(new URL(page.url()).pathname)?.[1] ?? "");
      assert.ok(taskId, `the console went to the new task (${page.url()})`);
      const task = { id: taskId, name: "faces in the browser" };
      const created = (await sys.client.must(TASK_LABELS, { id: task.id })).task;
      assert.deepEqual(
        created.labels,
        [
          {
            name: "Face",
            type: face.type,
            attributes: attributes.map((a) => ({
              name: a.name,
              inputType: a.inputType,
              values: a.values ?? [],
              defaultValue: a.defaultValue ?? null,
            })),
          },
        ],
        "the form sent the label schema as entered",
      );
      await page.getByText("No frames yet").waitFor();

      // One photo through the file picker, the other dropped on the zone: each upload shows its progress bar.
      await recordUploadBars(page);
      await page.getByLabel("Choose images").setInputFiles(join(facePhotosDir(), "sample1.jpg"));
      await page.getByRole("status").filter({ hasText: "1 frame added; the task has 1." }).waitFor();
      await dropFile(page.getByTestId("frame-drop-zone"), join(facePhotosDir(), "sample4.jpg"), "sample4.jpg");
      await page.getByRole("status").filter({ hasText: "1 frame added; the task has 2." }).waitFor();
      await page.getByText("2 frames", { exact: true }).waitFor();
      const upload = await uploadSeen(page);
      assert.equal(upload.appeared, 2, `each upload showed its progress bar: ${JSON.stringify(upload)}`);
      assert.ok(
        upload.seen.every((s) => s.max === 1 && s.value >= 0 && s.value <= 1),
        `the bar shows the fraction sent: ${JSON.stringify(upload.seen)}`,
      );
      assert.equal(await page.getByRole("progressbar", { name: "Upload progress" }).count(), 0, "the bar is gone once the upload ended");
      assert.deepEqual(
        (await sys.client.must(TASK_LABELS, { id: task.id })).task.frames.edges.map((e: any) => e.node.name),
        ["sample1.jpg", "sample4.jpg"],
        "both photos reached the task through the gateway's multipart upload",
      );
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
      assert.equal(await canvas.locator("rect[data-type=RECTANGLE]").count(), onFrame0.length);

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
    const threshold = dialog.getByLabel("Threshold", { exact: true });
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
  browserTest("shows a running job's live progress in the tasks list, then its final status without a reload", async () => {
    const docs = sampleDocuments();
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "followed in the list", labels: [{ name: "Text", type: "POLYGON", attributes: [] }] },
    });
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", [...docs, ...docs, ...docs, ...docs]);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const total = docs.length * 4;
    const { startAutoAnnotation: job } = await sys.client.must(START, { input: { taskId: task.id, modelId: "text-detection" } });

    const w = await open("e-list-progress");
    const { page } = w;
    await page.goto(consoleUrl);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: task.name }) });
    await row
      .getByRole("status")
      .filter({ hasText: new RegExp(`^(Queued|Running): \\d+ of ${total} frames done`) })
      .waitFor({ timeout: JOB_TIMEOUT });
    await recordProgressBars(page);
    await row.getByText(/^\d+ done \/ \d+ failed \/ \d+ total$/).waitFor();
    await w.screenshot("list-running");

    await row
      .getByRole("cell")
      .nth(4)
      .filter({ hasText: /^COMPLETED$/ })
      .waitFor({ timeout: JOB_TIMEOUT });
    assert.equal(await row.getByRole("progressbar").count(), 0, "the bar is gone once the job ended");
    assert.deepEqual(await row.getByRole("cell").allInnerTexts(), ["", task.name, String(total), "1", "COMPLETED"]);
    await w.screenshot("list-completed");

    const seen = await progressSeen(page);
    assert.ok(seen.length > 0, "the list showed the bar while the job ran");
    assert.ok(
      seen.every((s, i) => s.max === total && (i === 0 || s.value >= seen[i - 1].value)),
      `the bar counted up to the task's ${total} frames: ${JSON.stringify(seen)}`,
    );
    assert.equal(
      w.graphqlBodies.filter((b) => b.includes("query Tasks")).length,
      1,
      "the final status came from the subscription, not from loading the list again",
    );
    assert.equal((await jobsOf(task.id))[0].id, job.id);
    w.assertClean();
  });

  browserTest("imports a server directory into a task, and explains a path outside the import root", async () => {
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "imported from the server", labels: [{ name: "Text", type: "POLYGON", attributes: [] }] },
    });
    const w = await open("f-import");
    const { page } = w;
    await openTask(w, task);
    const importForm = page.getByRole("form", { name: "Import from a server directory" });
    const directory = importForm.getByLabel("Server directory");

    await directory.fill("../..");
    await importForm.getByRole("button", { name: "Import" }).click();
    const refusal = importForm.getByRole("alert");
    await refusal.getByText("Code: INVALID_PATH").waitFor();
    assert.match(await refusal.innerText(), /not a directory of images below the server's import root/);
    assert.equal(await directory.getAttribute("aria-invalid"), "true");
    await w.screenshot("import-refused");

    await directory.fill("documents");
    await importForm.getByRole("button", { name: "Import" }).click();
    const expected = sampleDocuments()
      .map((d) => d.name)
      .sort();
    await importForm
      .getByRole("status")
      .filter({ hasText: `Imported “documents”; the task has ${expected.length} frames.` })
      .waitFor();
    assert.equal(await importForm.getByRole("alert").count(), 0, "the earlier refusal is gone");
    const frames = page.getByRole("list", { name: "Frames" }).getByRole("button", { name: /^Frame \d+:/ });
    await frames.nth(expected.length - 1).waitFor();
    assert.deepEqual(
      (await frames.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") as string))).map((l) =>
        l.replace(/^Frame \d+: /, "").replace(/ \(.*\)$/, ""),
      ),
      expected,
      "the directory's images, sorted by name",
    );
    await w.screenshot("imported");
    const { task: stored } = await sys.client.must(TASK_LABELS, { id: task.id });
    assert.equal(stored.size, expected.length);
    w.assertClean();
  });

  browserTest("deletes a task after a keyboard-operable confirmation, and shows the server's refusal in the dialog", async () => {
    const make = async (name: string) =>
      (await sys.client.must(CREATE_TASK, { input: { name, labels: [{ name: "thing", type: "RECTANGLE", attributes: [] }] } })).createTask;
    const doomed = await make("deleted in the browser");
    const gone = await make("deleted elsewhere");
    const w = await open("g-delete");
    const { page } = w;
    const focusedText = () => page.evaluate(() => ((globalThis as any).document.activeElement?.textContent as string | undefined) ?? "");

    await openTask(w, doomed);
    const opener = page.getByRole("button", { name: "Delete task" });
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog", { name: "Delete task" });
    await dialog.waitFor();
    assert.equal(await focusedText(), "Keep the task", "the safe choice has the focus");
    await page.keyboard.press("Tab");
    assert.equal(await focusedText(), "Delete");
    await page.keyboard.press("Tab");
    assert.equal(await focusedText(), "Keep the task", "Tab stays inside the dialog");
    await w.screenshot("delete-confirm");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.equal(await focusedText(), "Delete task", "the focus went back to the button");

    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 2, name: "Tasks" }).waitFor();
    await page.getByRole("link", { name: gone.name }).waitFor();
    await page.getByRole("link", { name: doomed.name }).waitFor({ state: "detached" });
    const { task: afterDelete } = await sys.client.must(TASK_LABELS, { id: doomed.id });
    assert.equal(afterDelete, null, "the server deleted the task");

    // A task deleted by someone else meanwhile: the server's NOT_FOUND is explained in the dialog, which stays open.
    await openTask(w, gone);
    await sys.client.must(DELETE_TASK, { id: gone.id });
    await page.getByRole("button", { name: "Delete task" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await dialog.getByRole("alert").getByText("Code: NOT_FOUND").waitFor();
    assert.match(await dialog.getByRole("alert").innerText(), /does not exist \(it may have been deleted/);
    await w.screenshot("delete-refused");
    w.assertClean();
  });
});
