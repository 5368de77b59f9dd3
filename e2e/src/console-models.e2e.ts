import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import { fakeCredentials, hfFixtureIds, startHubFakes, type HubFakes } from "@prelabel/hub-fakes";
import { SecretBox } from "@prelabel/secret-box";
import { launchBrowser, openWatchedPage, REPO_ROOT, type WatchedPage } from "@prelabel/testing";
import type { Browser, Locator, Page } from "playwright-core";
import { CREATE_TASK } from "./support/operations.js";
import { cloudSystemEnv, startSystem, type System } from "./support/system.js";

/** Generous: two cores run the stack, the models and Chromium at once. */
const UI_TIMEOUT = 30_000;
/** The registry loads an uploaded file and runs it once on a blank input before answering. */
const UPLOAD_TIMEOUT = 90_000;

const CARD_FACTS = /* GraphQL */ `
  query CardFacts {
    models {
      id
      name
      source
      license
      measuredMsPerFrame
    }
  }
`;

/**
 * A tiny ultralytics-style YOLOv8 export (as bring-your-own-model.e2e.ts builds it): input `images` [1, 3, 64, 64],
 * output `output0` [1, 4 + 2, 3], constant, classes person and car.
 */
function tinyYoloV8(): Buffer {
  const g = new GraphBuilder("tiny-yolov8");
  g.addInput("images", DataType.FLOAT, [1, 3, 64, 64]);
  const value = g.addFloat32("detections", [1, 6, 3], [24, 48, 10, 32, 32, 10, 16, 8, 4, 16, 8, 4, 0.05, 0.6, 0.02, 0.9, 0.1, 0.1]);
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 6, 3]);
  return Buffer.from(encodeOnnxModel(g.toModel()));
}

/** A description list's terms and their values, as each model card shows them. */
async function definitions(list: Locator): Promise<Record<string, string>> {
  return list.evaluate((el: any) => {
    const out: Record<string, string> = {};
    for (const dt of el.querySelectorAll("dt")) out[dt.textContent ?? ""] = dt.nextElementSibling?.textContent ?? "";
    return out;
  });
}

/** The text of the elements a field's aria-describedby names: its hint and, after a failure, its errors. */
async function describedBy(field: Locator): Promise<string> {
  return field.evaluate((el: any) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter(Boolean)
      .map((id: string) => el.ownerDocument.getElementById(id)?.textContent ?? "")
      .join("\n"),
  );
}

/** Fills the upload form for the tiny YOLOv8 export (64×64, person and car) and submits it with `file`. */
async function submitUpload(page: Page, name: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<Locator> {
  const form = page.getByRole("form", { name: "Upload an ONNX detector" });
  await form.getByLabel("ONNX file").setInputFiles(file);
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Input width (px)").fill("64");
  await form.getByLabel("Input height (px)").fill("64");
  await form.getByLabel("Class names").fill("person\ncar");
  await form.getByRole("button", { name: "Upload model" }).click();
  return form;
}

function sharedBrowser(prefixBase: string) {
  let browser: Browser;
  const watched: WatchedPage[] = [];
  return {
    async launch() {
      browser = await launchBrowser();
    },
    async close() {
      for (const w of watched) await w.close().catch(() => undefined);
      await browser?.close();
    },
    async open(prefix: string, init?: (page: Page) => Promise<void>): Promise<WatchedPage> {
      const w = await openWatchedPage(browser, { prefix: `${prefixBase}-${prefix}` });
      w.page.setDefaultTimeout(UI_TIMEOUT);
      await init?.(w.page);
      watched.push(w);
      return w;
    },
    /** A test whose failure leaves a screenshot of the page it last opened. */
    test(name: string, body: () => Promise<void>): void {
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
    },
  };
}

describe("the console's Models page in headless Chromium (self-hosted)", () => {
  let sys: System;
  let consoleUrl: string;
  const browser = sharedBrowser("models");

  before(async () => {
    sys = await startSystem({ workers: 1 });
    await browser.launch();
    consoleUrl = sys.stack.gatewayUrl.replace(/\/graphql$/, "/");
  });
  after(async () => {
    await browser.close();
    await sys?.stop();
  });

  browser.test("shows every catalog model's card with its measured speed and licence, as the API gives them", async () => {
    const { models } = await sys.client.must(CARD_FACTS);
    const catalog = (models as { id: string; name: string; source: string; license: string; measuredMsPerFrame: number }[]).filter(
      (m) => m.source === "CATALOG",
    );
    assert.ok(catalog.length >= 5, "the catalog ships five models");
    const w = await browser.open("a-catalog");
    await w.page.goto(consoleUrl);
    await w.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
    const section = w.page.getByRole("region", { name: /^Catalog/ });
    await section.getByRole("article").first().waitFor();
    assert.equal(await section.getByRole("article").count(), catalog.length);
    for (const model of catalog) {
      const card = section.getByRole("article", { name: model.name, exact: true });
      const facts = await definitions(card.locator("dl"));
      assert.ok(model.measuredMsPerFrame > 0 && model.license.length > 0, `${model.id} has both facts`);
      assert.equal(facts["Measured speed"], `${Math.round(model.measuredMsPerFrame)} ms/frame (model call, 2-core CPU)`, model.id);
      assert.equal(facts.License, model.license, model.id);
      assert.equal(facts.Kind, "DETECTOR");
      assert.equal(facts.Supported, "yes");
    }
    // The person-pose card lists its skeleton's 17 points.
    const pose = section.getByRole("article", { name: /^Person pose/ });
    await pose.getByText(/labels?$/).click();
    await pose.getByText(/^17 points: nose, left_eye/).waitFor();
    assert.equal(await section.getByRole("button", { name: /^Delete/ }).count(), 0, "catalog models cannot be deleted");
    await w.page.waitForLoadState("networkidle");
    await w.screenshot("catalog-cards");
    w.assertClean();
  });

  browser.test("explains a non-ONNX upload in the form, next to the file field", async () => {
    const w = await browser.open("b-not-onnx");
    await w.page.goto(`${consoleUrl}models`);
    const jpeg = readFileSync(join(REPO_ROOT, "samples", "documents", "receipt-01.jpg"));
    const form = await submitUpload(w.page, "Not a model", { name: "receipt-01.jpg", mimeType: "image/jpeg", buffer: jpeg });
    const summary = form.getByRole("alert");
    await summary.waitFor({ timeout: UPLOAD_TIMEOUT });
    assert.match(await summary.innerText(), /not an ONNX model that loads/);
    assert.match(await summary.innerText(), /Code: INVALID_MODEL/);
    const fileErrors = await describedBy(form.getByLabel("ONNX file"));
    assert.match(fileErrors, /"receipt-01\.jpg" is not an ONNX model that can be loaded/);
    assert.equal(await form.getByLabel("ONNX file").getAttribute("aria-invalid"), "true");
    // The values stay for another try, and nothing was added.
    assert.equal(await form.getByLabel("Name", { exact: true }).inputValue(), "Not a model");
    assert.equal(await w.page.getByRole("region", { name: /^Uploaded/ }).count(), 0);
    await w.screenshot("not-onnx-refused");
    w.assertClean();
  });

  browser.test("uploads a valid ONNX detector: it joins the list and the automatic annotation dialog's models", async () => {
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "for the uploaded model", labels: [{ name: "car", type: "RECTANGLE", attributes: [] }] },
    });
    const w = await browser.open("c-upload");
    const { page } = w;
    // The dialog first, so its list of models is cached in this page before the upload.
    await page.goto(consoleUrl);
    await page.getByRole("link", { name: task.name }).click();
    await page.getByRole("heading", { level: 2, name: task.name }).waitFor();
    await page.getByRole("button", { name: "Automatic annotation" }).click();
    const dialog = page.getByRole("dialog", { name: "Automatic annotation" });
    await dialog
      .getByLabel("Model")
      .locator("option", { hasText: /COCO objects/ })
      .waitFor({ state: "attached" });
    assert.equal(await dialog.getByLabel("Model").locator("option", { hasText: "Tiny cars" }).count(), 0);
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
    const form = await submitUpload(page, "Tiny cars", {
      name: "tiny-yolov8.onnx",
      mimeType: "application/octet-stream",
      buffer: tinyYoloV8(),
    });
    await page.getByRole("status").filter({ hasText: "Uploaded Tiny cars" }).waitFor({ timeout: UPLOAD_TIMEOUT });
    const card = page.getByRole("region", { name: /^Uploaded/ }).getByRole("article", { name: "Tiny cars" });
    await card.waitFor();
    const facts = await definitions(card.locator("dl"));
    assert.equal(facts["Input size"], "64×64");
    assert.equal(facts["Measured speed"], "not measured");
    await card.getByText("2 labels").click();
    await card.getByText("car RECTANGLE").waitFor();
    assert.equal(await form.getByLabel("Name", { exact: true }).inputValue(), "", "the form is reset for the next upload");
    await w.screenshot("uploaded-card");

    // Back to the task in the same page: the dialog lists the new model under Uploaded without a reload.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tasks" }).click();
    await page.getByRole("link", { name: task.name }).click();
    await page.getByRole("button", { name: "Automatic annotation" }).click();
    const uploaded = dialog.getByLabel("Model").locator('optgroup[label="Uploaded"] option', { hasText: "Tiny cars" });
    await uploaded.waitFor({ state: "attached" });
    await dialog.getByLabel("Model").selectOption({ label: "Tiny cars" });
    await dialog.getByRole("table", { name: "Label matching" }).waitFor();
    await w.screenshot("uploaded-in-dialog");
    w.assertClean();
  });
});

describe("the console's Models page in headless Chromium (cloud mode)", () => {
  let fakes: HubFakes;
  let sys: System;
  let consoleUrl: string;
  const browser = sharedBrowser("models-cloud");

  before(async () => {
    fakes = await startHubFakes();
    sys = await startSystem({ workers: 0, env: cloudSystemEnv(fakes.endpoints, SecretBox.generateKey("e2e")) });
    await browser.launch();
    consoleUrl = sys.stack.gatewayUrl.replace(/\/graphql$/, "/");
  });
  after(async () => {
    await browser.close();
    await sys?.stop();
    await fakes?.close();
  });

  /**
   * Signs in as the tenant's ADMIN through the console's sign-in page (the key then lives in the tab's sessionStorage).
   */
  async function signedIn(prefix: string): Promise<WatchedPage> {
    const apiKey = sys.tenant?.apiKey;
    assert.ok(apiKey, "a cloud system has a tenant key");
    const w = await browser.open(prefix);
    await w.page.goto(consoleUrl);
    await w.page.getByRole("heading", { level: 2, name: "Sign in" }).waitFor();
    await w.page.getByLabel("API key").fill(apiKey);
    await w.page.getByRole("button", { name: "Sign in" }).click();
    await w.page.getByRole("heading", { level: 2, name: "Tasks" }).waitFor();
    return w;
  }

  /** Clean but for the 401 that answers a signed-out page's first request (the mode check), which Chromium logs. */
  function assertCleanButSignIn401(w: WatchedPage): void {
    w.assertClean({ allowConsoleErrors: true });
    const others = w.consoleErrors.filter((e) => !/status of 401 \(Unauthorized\)/.test(e));
    assert.deepEqual(others, [], "console errors other than the sign-in page's 401");
  }

  /** The token anywhere in the page: text, attributes, or an input's current value. */
  async function tokenInPage(page: Page, token: string): Promise<boolean> {
    const html = await page.content();
    const values = await page.locator("input").evaluateAll((inputs: any[]) => inputs.map((i) => i.value as string));
    return html.includes(token) || values.some((v) => v.includes(token));
  }

  browser.test("adds a Hugging Face model with a token that the page never shows back, then replaces the token", async () => {
    const w = await signedIn("a-hugging-face");
    const { page } = w;
    await page.goto(consoleUrl);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
    const form = page.getByRole("form", { name: "Add a Hugging Face model" });
    const token = form.getByLabel("Access token");
    assert.equal(await token.getAttribute("type"), "password");
    assert.equal(await token.getAttribute("autocomplete"), "off");
    assert.equal(await token.inputValue(), "", "never pre-filled");
    await form.getByLabel("Model URL or repo id").fill(`https://huggingface.co/${hfFixtureIds.detector}`);
    await token.fill(fakeCredentials.hfToken);
    await form.getByLabel("Display name").fill("DETR from the hub");
    await form.getByRole("button", { name: "Add Hugging Face model" }).click();

    const card = page.getByRole("region", { name: /^Hugging Face/ }).getByRole("article", { name: "DETR from the hub" });
    await card.waitFor();
    const facts = await definitions(card.locator("dl"));
    assert.equal(facts["Hub model"], `${hfFixtureIds.detector} (object-detection)`);
    assert.equal(facts["Stored credential"], `ends in …${fakeCredentials.hfToken.slice(-4)}`);
    assert.equal(await token.inputValue(), "", "emptied after sending");
    assert.equal(await tokenInPage(page, fakeCredentials.hfToken), false, "the token is nowhere in the page");
    // Sent once, in the mutation's variables, and never again.
    assert.equal(w.graphqlBodies.filter((b) => b.includes(fakeCredentials.hfToken)).length, 1);
    await w.screenshot("hugging-face-added");

    // Replace it with another token the fake hub grants.
    await card.getByRole("button", { name: "Update credential of DETR from the hub" }).click();
    const update = page.getByRole("form", { name: "Update the credential of DETR from the hub" });
    await update.getByLabel("New token or API key").fill(fakeCredentials.hfTokenGranted);
    await update.getByRole("button", { name: "Save credential" }).click();
    await update
      .getByRole("status")
      .filter({ hasText: `ending in …${fakeCredentials.hfTokenGranted.slice(-4)}` })
      .waitFor();
    assert.equal(await tokenInPage(page, fakeCredentials.hfTokenGranted), false);
    assert.equal(await tokenInPage(page, fakeCredentials.hfToken), false);

    // A reload asks the server again: still only the hint.
    await page.reload();
    await card.waitFor();
    assert.equal((await definitions(card.locator("dl")))["Stored credential"], `ends in …${fakeCredentials.hfTokenGranted.slice(-4)}`);
    assert.equal(await tokenInPage(page, fakeCredentials.hfTokenGranted), false);
    await w.screenshot("hugging-face-credential-replaced");
    assertCleanButSignIn401(w);
  });

  browser.test("explains a token the hub rejects (HUB_UNAUTHORIZED) in the form", async () => {
    const w = await signedIn("b-hub-error");
    const { page } = w;
    await page.goto(consoleUrl);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
    const form = page.getByRole("form", { name: "Add a Hugging Face model" });
    await form.getByLabel("Model URL or repo id").fill(hfFixtureIds.detector);
    await form.getByLabel("Access token").fill(fakeCredentials.hfTokenUnknown);
    await form.getByRole("button", { name: "Add Hugging Face model" }).click();
    const alert = form.getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.innerText(), /The hub rejected the token or API key/);
    assert.match(await alert.innerText(), /Code: HUB_UNAUTHORIZED/);
    assert.equal(await tokenInPage(page, fakeCredentials.hfTokenUnknown), false);
    await w.screenshot("hub-unauthorized");
    // The refusal is an answer, not a page error; the browser logs no error for it.
    assertCleanButSignIn401(w);
  });
});
