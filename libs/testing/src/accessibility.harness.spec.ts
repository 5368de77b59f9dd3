import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { accessibilityViolations, assertNoSeriousAccessibilityViolations, formatAccessibilityViolations } from "./accessibility.harness.js";
import { launchBrowser } from "./browser.harness.js";

/** The console's policy in its essentials: scripts from this origin only, so an injected inline script is refused. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'";

const PAGES: Record<string, string> = {
  "/clean": `<!doctype html><html lang="en"><head><title>Clean</title></head><body><main><h1>Tasks</h1>
    <label for="n">Name</label><input id="n"><button type="button">Create</button></main></body></html>`,
  "/broken": `<!doctype html><html lang="en"><head><title>Broken</title></head><body><main><h1>Tasks</h1>
    <input id="unlabelled"><button type="button"></button><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>
    <script>window.inlineRan = true</script></body></html>`,
};

describe("accessibility harness: axe-core in a page under a strict Content-Security-Policy", () => {
  let server: Server;
  let base: string;
  let browser: Browser;

  before(async () => {
    server = createServer((req, res) => {
      const page = PAGES[req.url ?? ""];
      res.writeHead(page ? 200 : 404, { "content-type": "text/html; charset=utf-8", "content-security-policy": CSP });
      res.end(page ?? "");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("finds serious and critical violations with the policy in force, and says where and what to fix", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/broken`);
      assert.equal(await page.evaluate(() => (globalThis as { inlineRan?: boolean }).inlineRan), undefined, "the policy is in force");
      await assert.rejects(page.addScriptTag({ content: "window.injected = true" }), "an inline script tag is refused by the page's CSP");
      const violations = await accessibilityViolations(page);
      const ids = violations.map((v) => v.id).sort();
      assert.deepEqual(ids, ["button-name", "image-alt", "label"]);
      for (const v of violations) assert.ok(v.impact === "serious" || v.impact === "critical", `${v.id}: ${v.impact}`);
      const text = formatAccessibilityViolations(violations);
      assert.match(
        text,
        /^label \(critical\): Form elements must have labels\n {2}https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/label/m,
      );
      assert.match(text, /^ {2}- #unlabelled\n {4}<input id="unlabelled">\n {4}Fix any of the following:/m);
      await assert.rejects(
        assertNoSeriousAccessibilityViolations(page, "the broken page"),
        /3 serious or critical accessibility violation\(s\) on the broken page:/,
      );
    } finally {
      await page.close();
    }
  });

  it("passes a clean page, checks only `include` when given, and honours disabled rules", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/clean`);
      assert.deepEqual(await accessibilityViolations(page), []);
      await assertNoSeriousAccessibilityViolations(page, "the clean page");
      await page.goto(`${base}/broken`);
      assert.deepEqual(
        (await accessibilityViolations(page, { include: "img" })).map((v) => v.id),
        ["image-alt"],
      );
      assert.deepEqual(
        (await accessibilityViolations(page, { disableRules: ["label", "button-name"] })).map((v) => v.id),
        ["image-alt"],
      );
    } finally {
      await page.close();
    }
  });
});
