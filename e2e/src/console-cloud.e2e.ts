import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import { SecretBox } from "@prelabel/secret-box";
import {
  assertNoSeriousAccessibilityViolations,
  GraphQLTestClient,
  launchBrowser,
  openWatchedPage,
  type WatchedPage,
} from "@prelabel/testing";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { ADD_FRAMES, CREATE_API_KEY, CREATE_TASK, MODELS, VIEWER } from "./support/operations.js";
import { startSystem, type CreatedTenant, type System } from "./support/system.js";

/** Generous: two cores run the stack and Chromium at once. */
const UI_TIMEOUT = 30_000;
/** Short, so a revoked key is refused within seconds (production: 30 s). */
const AUTH_CACHE_TTL_MS = 2_000;
/** What the console says when the gateway refuses the key a signed-in page uses (features/identity). */
const REFUSED_MESSAGE = "Your API key was revoked or is not valid any more; sign in again.";
/** Where the console keeps the key (console/src/graphql/api-key.store.ts). */
const STORAGE_KEY = "prelabel.apiKey";

const UPLOAD_MODEL = /* GraphQL */ `
  mutation UploadModel($file: Upload!, $spec: ModelSpecInput!) {
    uploadModel(file: $file, spec: $spec) {
      id
      name
      source
    }
  }
`;

/**
 * A tiny ultralytics-style YOLOv8 export (as bring-your-own-model.e2e.ts builds it): input `images` [1, 3, 64, 64],
 * constant output `output0` [1, 6, 3]. Only its listing matters here; no job runs it.
 */
function tinyYoloV8(): Uint8Array {
  const g = new GraphBuilder("tiny-yolov8");
  g.addInput("images", DataType.FLOAT, [1, 3, 64, 64]);
  const value = g.addFloat32("detections", [1, 6, 3], [24, 48, 10, 32, 32, 10, 16, 8, 4, 16, 8, 4, 0.05, 0.6, 0.02, 0.9, 0.1, 0.1]);
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 6, 3]);
  return encodeOnnxModel(g.toModel());
}

// The functions below run in the page; e2e compiles without the DOM library, so the page's globals are reached untyped.

/** Where a page could have put the key: its URL, localStorage, cookies, and sessionStorage (where it belongs). */
async function keyPlaces(page: Page): Promise<{ url: string; localStorage: string[]; cookie: string; session: string | null }> {
  return page.evaluate((storageKey) => {
    const g = globalThis as any;
    const local: string[] = [];
    for (let i = 0; i < g.localStorage.length; i++) local.push(`${g.localStorage.key(i)}=${g.localStorage.getItem(g.localStorage.key(i))}`);
    return {
      url: g.location.href as string,
      localStorage: local,
      cookie: g.document.cookie as string,
      session: g.sessionStorage.getItem(storageKey),
    };
  }, STORAGE_KEY);
}

/** The texts of the dialog's model list, once it holds the option `expected` (the models arrive after the dialog opens). */
async function modelOptions(page: Page, expected: string): Promise<string[]> {
  const select = page.getByRole("dialog", { name: "Automatic annotation" }).getByLabel("Model", { exact: true });
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const texts = await select.evaluate((el: any) => [...el.options].map((o: any) => o.text as string));
    if (texts.some((t) => t.startsWith(expected))) return texts;
    assert.ok(Date.now() < deadline, `the model list never offered ${expected}: ${texts.join(" | ")}`);
    await page.waitForTimeout(200);
  }
}

describe("the console in cloud mode (two tenants, headless Chromium)", () => {
  let sys: System;
  let browser: Browser;
  let consoleUrl: string;
  let tenantB: CreatedTenant;
  let b: GraphQLTestClient;
  const extraClients: GraphQLTestClient[] = [];
  const watched: WatchedPage[] = [];
  /** Every URL a page asked for (requests and sockets), to prove none carried a key. */
  const urlsSeen: string[] = [];
  const aTask = { id: "", name: "Acme secret survey" };
  const aModelName = "Acme private detector";
  const bTask = { id: "", name: "Globex street scenes" };

  before(async () => {
    sys = await startSystem({
      workers: 0,
      tenantName: "Acme (tenant A)",
      env: { PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: SecretBox.generateKey("e2e") },
      gatewayEnv: { AUTH_CACHE_TTL_MS: String(AUTH_CACHE_TTL_MS) },
    });
    consoleUrl = sys.stack.gatewayUrl.replace(/\/graphql$/, "/");
    browser = await launchBrowser();

    // Tenant A, through the API: a task with frames and an uploaded ONNX model.
    const labels = [
      { name: "person", type: "RECTANGLE", attributes: [] },
      { name: "car", type: "RECTANGLE", attributes: [] },
    ];
    aTask.id = (await sys.client.must(CREATE_TASK, { input: { name: aTask.name, labels } })).createTask.id;
    const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: "#6080a0" } })
      .png()
      .toBuffer();
    const added = await sys.client.upload(ADD_FRAMES, { taskId: aTask.id }, "files", [
      { name: "a-1.png", bytes: png, type: "image/png" },
      { name: "a-2.png", bytes: png, type: "image/png" },
    ]);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    const uploaded = await sys.client.uploadFile(
      UPLOAD_MODEL,
      { spec: { name: aModelName, outputLayout: "YOLO_V8", inputWidth: 64, inputHeight: 64, classNames: ["person", "car"] } },
      "file",
      { name: "acme.onnx", bytes: tinyYoloV8() },
    );
    assert.equal(uploaded.errors, undefined, JSON.stringify(uploaded.errors));

    // Tenant B: its own task (so its dialog has a task to open on); B's key is typed into the browser.
    tenantB = await sys.createTenant("Globex (tenant B)");
    b = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: tenantB.apiKey });
    bTask.id = (await b.must(CREATE_TASK, { input: { name: bTask.name, labels } })).createTask.id;
  });
  after(async () => {
    for (const w of watched) await w.close().catch(() => undefined);
    await browser?.close();
    for (const c of extraClients) await c.close().catch(() => undefined);
    await b?.close();
    await sys?.stop();
  });

  async function open(prefix: string): Promise<WatchedPage> {
    const w = await openWatchedPage(browser, { prefix });
    w.page.setDefaultTimeout(UI_TIMEOUT);
    w.page.on("request", (r) => urlsSeen.push(r.url()));
    w.page.on("websocket", (s) => urlsSeen.push(s.url()));
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

  /** Signs in through the sign-in page and waits for the tasks list. */
  async function signIn(w: WatchedPage, key: string, tenantName: string, role: string): Promise<void> {
    const { page } = w;
    await page.goto(consoleUrl);
    await page.getByRole("heading", { level: 2, name: "Sign in" }).waitFor();
    const input = page.getByLabel("API key");
    assert.equal(await input.getAttribute("type"), "password");
    await input.fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 2, name: "Tasks" }).waitFor();
    await page.getByRole("banner").getByText(`Signed in to ${tenantName} as ${role}`).waitFor();
  }

  /**
   * The page is clean but for the refusals cloud mode expects: the first request of a signed-out page (the mode check)
   * and the next one after a revocation are answered 401, which Chromium logs as a failed resource.
   */
  function assertCleanBut401(w: WatchedPage): void {
    w.assertClean({ allowConsoleErrors: true });
    const others = w.consoleErrors.filter((e) => !/status of 401 \(Unauthorized\)/.test(e));
    assert.deepEqual(others, [], "console errors other than the expected 401s");
  }

  /** Until the gateway refuses `key` (its cache keeps an accepted key for AUTH_CACHE_TTL_MS). */
  async function untilRefused(key: string): Promise<void> {
    const started = Date.now();
    for (;;) {
      const res = await fetch(sys.stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: "{ deploymentMode }" }),
      });
      if (res.status === 401) return;
      assert.ok(Date.now() - started < AUTH_CACHE_TTL_MS + 10_000, "the revoked key still works after the cache TTL");
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  browserTest("tenant B signs in through the UI and its console never shows tenant A's task or model", async () => {
    const w = await open("a-tenant-b");
    const { page } = w;
    const response = await page.goto(consoleUrl);
    assert.equal(response?.status(), 200, "the console's files are served without a key");
    await page.getByRole("heading", { level: 2, name: "Sign in" }).waitFor();
    // No pages behind the sign-in form, and no message about a revoked key on a first visit.
    assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 0);
    assert.equal(await page.getByText(REFUSED_MESSAGE).count(), 0);
    await assertNoSeriousAccessibilityViolations(page, "the sign-in page");
    await w.screenshot("sign-in");

    // A wrong key is refused in place.
    await page.getByLabel("API key").fill(`plk_0123456789abcdef_${"A".repeat(43)}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "This API key was not accepted" }).waitFor();
    assert.equal((await keyPlaces(page)).session, null, "a refused key is not kept");

    await signIn(w, tenantB.apiKey, "Globex (tenant B)", "ADMIN");
    const tasks = page.getByRole("table");
    await tasks.getByRole("link", { name: bTask.name }).waitFor();
    const listed = await tasks.getByRole("link").allInnerTexts();
    assert.deepEqual(listed, [bTask.name], "B's tasks list shows B's task only");
    assert.ok(!(await page.content()).includes(aTask.name));
    await w.screenshot("tasks-of-b");

    // A's task by its address: the same page as for an id that never existed.
    await page.goto(`${consoleUrl}tasks/${aTask.id}`);
    await page
      .getByRole("alert")
      .filter({ hasText: `Task ${aTask.id} does not exist.` })
      .waitFor();
    assert.ok(!(await page.content()).includes(aTask.name));
    await w.screenshot("a-task-not-found");

    // B's own task: the automatic annotation dialog lists the catalog, not A's uploaded model.
    const catalog = ((await b.must(MODELS)).models as { name: string; source: string }[]).filter((m) => m.source === "CATALOG");
    assert.ok(catalog.length > 0, "the catalog has models");
    await page.goto(`${consoleUrl}tasks/${bTask.id}`);
    await page.getByRole("heading", { level: 2, name: bTask.name }).waitFor();
    await page.getByRole("button", { name: "Automatic annotation" }).click();
    const dialog = page.getByRole("dialog", { name: "Automatic annotation" });
    await dialog.waitFor();
    const offered = await modelOptions(page, catalog[0].name);
    for (const m of catalog)
      assert.ok(
        offered.some((o) => o.startsWith(m.name)),
        `the catalog's ${m.name} is offered`,
      );
    assert.ok(!offered.some((o) => o.includes(aModelName)), `A's model is not offered to B: ${offered.join(" | ")}`);
    await w.screenshot("b-dialog-models");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    // B's Models page: the catalog's cards, none of A's.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
    const catalogCards = page.getByRole("region", { name: /^Catalog/ }).getByRole("article");
    await catalogCards.first().waitFor();
    assert.equal(await catalogCards.count(), catalog.length, "B sees every catalog model");
    assert.equal(await page.getByRole("article", { name: aModelName }).count(), 0, "A's model has no card on B's Models page");
    assert.ok(!(await page.content()).includes(aModelName), "A's model's name is nowhere on B's Models page");
    await w.screenshot("b-models-page");

    // The key: in this tab's sessionStorage, never in a URL, localStorage, a cookie, a request body or the page.
    const places = await keyPlaces(page);
    assert.equal(places.session, tenantB.apiKey);
    assert.deepEqual(places.localStorage, []);
    assert.equal(places.cookie, "");
    assert.deepEqual(await page.context().cookies(), []);
    assert.ok(!urlsSeen.some((u) => u.includes(tenantB.apiKey) || u.includes(tenantB.keyId)), "no URL carried the key");
    assert.ok(!w.graphqlBodies.some((body) => body.includes(tenantB.apiKey)), "no request body carried the key");
    assert.ok(!(await page.content()).includes(tenantB.apiKey), "the page does not show the key");
    assertCleanBut401(w);
  });

  browserTest("tenant A's own console lists its model in the same dialog (what B must not see is there to see)", async () => {
    const w = await open("b-tenant-a");
    const { page } = w;
    await signIn(w, sys.tenant!.apiKey, "Acme (tenant A)", "ADMIN");
    await page.getByRole("table").getByRole("link", { name: aTask.name }).click();
    await page.getByRole("heading", { level: 2, name: aTask.name }).waitFor();
    await page.getByText("2 frames", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Automatic annotation" }).click();
    const dialog = page.getByRole("dialog", { name: "Automatic annotation" });
    assert.ok((await modelOptions(page, aModelName)).includes(aModelName));
    await w.screenshot("a-dialog-models");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
    await page.getByRole("article", { name: aModelName }).waitFor();
    await w.screenshot("a-models-page");
    assertCleanBut401(w);
  });

  browserTest("an ADMIN creates a key in the UI and sees it once; a MEMBER signed in with it cannot manage keys", async () => {
    const w = await open("c-create-key");
    const { page } = w;
    await signIn(w, tenantB.apiKey, "Globex (tenant B)", "ADMIN");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
    await page.getByRole("heading", { level: 2, name: "API keys" }).waitFor();
    await page.getByRole("row").filter({ hasText: "first admin key (this session)" }).waitFor();

    await page.getByLabel("Name").fill("labelling laptop");
    await page.getByLabel("Role").selectOption("MEMBER");
    await page.getByRole("button", { name: "Create key" }).click();
    const notice = page.getByRole("region", { name: "New key “labelling laptop”" });
    await notice.waitFor();
    await notice.getByText("it will not be shown again").waitFor();
    const key = await notice.getByLabel("New API key").inputValue();
    assert.match(key, /^plk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    await page.getByRole("row").filter({ hasText: "labelling laptop" }).waitFor();
    await w.screenshot("key-created");
    await assertNoSeriousAccessibilityViolations(page, "the API keys page with a new key shown");

    // The key works, for tenant B, as a MEMBER.
    const member = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: key });
    extraClients.push(member);
    const { viewer } = await member.must(VIEWER);
    assert.deepEqual([viewer.tenant.id, viewer.roles], [tenantB.tenantId, ["MEMBER"]]);

    // Once: dismissed, or after a reload, it is nowhere on the page; the list shows its hint only.
    await notice.getByRole("button", { name: "Done" }).click();
    assert.ok(!(await page.content()).includes(key));
    await page.reload();
    const row = page.getByRole("row").filter({ hasText: "labelling laptop" });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`plk_${key.slice(4, 20)}_…`));
    assert.ok(!(await page.content()).includes(key));
    assertCleanBut401(w);

    // Signed in with the new MEMBER key (another browser session): no API keys link, and the page says why.
    const m = await open("c-member");
    await signIn(m, key, "Globex (tenant B)", "MEMBER");
    assert.equal(await m.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).count(), 0);
    await m.page.goto(`${consoleUrl}api-keys`);
    await m.page.getByText("Your role (MEMBER) cannot manage API keys").waitFor();
    assert.equal(await m.page.getByRole("table").count(), 0);
    await m.screenshot("member-api-keys");
    assertCleanBut401(m);
  });

  browserTest("revoking the key in use (from another page) sends the first page back to sign-in with the reason", async () => {
    const doomed = (await b.must(CREATE_API_KEY, { input: { name: "key to revoke", role: "ADMIN" } })).createApiKey;
    const first = await open("d-revoked");
    await signIn(first, doomed.key, "Globex (tenant B)", "ADMIN");
    assert.equal((await keyPlaces(first.page)).session, doomed.key);

    // A second page, signed in with B's first key, revokes it through the confirmation, by keyboard.
    const admin = await open("d-admin");
    await signIn(admin, tenantB.apiKey, "Globex (tenant B)", "ADMIN");
    await admin.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
    const revoke = admin.page.getByRole("button", { name: "Revoke key to revoke" });
    await revoke.focus();
    await admin.page.keyboard.press("Enter");
    const confirm = admin.page.getByRole("alertdialog", { name: "Revoke the key “key to revoke”?" });
    await confirm.waitFor();
    assert.equal(
      await confirm.getByRole("button", { name: "Cancel" }).evaluate((el: any) => el === (globalThis as any).document.activeElement),
      true,
    );
    await admin.screenshot("revoke-confirmation");
    await admin.page.keyboard.press("Shift+Tab");
    await admin.page.keyboard.press("Enter");
    await admin.page.getByText("The key “key to revoke” is revoked").waitFor();
    // Its row stays, revoked, without a Revoke button.
    await revoke.waitFor({ state: "detached" });
    await admin.page.getByRole("row").filter({ hasText: "key to revoke" }).waitFor();
    await admin.screenshot("revoked");
    assertCleanBut401(admin);

    // The first page's next action is refused: it shows sign-in with the reason and forgets the key.
    await untilRefused(doomed.key);
    await first.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" }).click();
    await first.page.getByRole("alert").filter({ hasText: REFUSED_MESSAGE }).waitFor();
    await first.page.getByRole("heading", { level: 2, name: "Sign in" }).waitFor();
    assert.equal(await first.page.getByRole("button", { name: "Sign out" }).count(), 0);
    assert.equal((await keyPlaces(first.page)).session, null);
    await first.screenshot("sent-back-to-sign-in");

    // And signing in again with a valid key works from there.
    await first.page.getByLabel("API key").fill(tenantB.apiKey);
    await first.page.getByRole("button", { name: "Sign in" }).click();
    await first.page.getByRole("banner").getByText("Signed in to Globex (tenant B) as ADMIN").waitFor();
    assertCleanBut401(first);
  });

  browserTest("Sign out forgets the key in this tab", async () => {
    const w = await open("e-sign-out");
    await signIn(w, tenantB.apiKey, "Globex (tenant B)", "ADMIN");
    await w.page.getByRole("button", { name: "Sign out" }).click();
    await w.page.getByText("You signed out").waitFor();
    assert.equal((await keyPlaces(w.page)).session, null);
    // A reload asks again: nothing else kept the key.
    await w.page.reload();
    await w.page.getByRole("heading", { level: 2, name: "Sign in" }).waitFor();
    await w.screenshot("signed-out");
    assertCleanBut401(w);
  });
});
