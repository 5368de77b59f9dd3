import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { describe, it } from "node:test";
import { checkBodySize } from "./body-limits.js";

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("request body limits", () => {
  const MiB = 1024 * 1024;
  it("lets bodiless requests and bodies within their limit through", () => {
    assert.equal(checkBodySize(req({}), MiB, 1000), undefined);
    assert.equal(
      checkBodySize(req({ "content-type": "multipart/form-data; boundary=x", "content-length": String(MiB) }), MiB, 1000),
      undefined,
    );
    assert.equal(checkBodySize(req({ "content-type": "application/json", "content-length": "1000" }), MiB, 1000), undefined);
  });

  it("applies the upload limit to multipart and the JSON limit to the rest", () => {
    const upload = checkBodySize(req({ "content-type": "multipart/form-data; boundary=x", "content-length": String(MiB + 1) }), MiB, 1000);
    assert.equal(upload?.status, 413);
    assert.equal(upload?.code, "PAYLOAD_TOO_LARGE");
    assert.match(upload?.message ?? "", /exceeds the upload limit of 1 MiB/);
    const json = checkBodySize(req({ "content-type": "application/json", "content-length": "1001" }), MiB, 1000);
    assert.match(json?.message ?? "", /request limit of 1000 bytes/);
    assert.equal(checkBodySize(req({ "content-length": "nonsense" }), MiB, 1000)?.status, 413);
  });

  it("leaves a chunked body (no Content-Length) to be counted while it is read", () => {
    assert.equal(checkBodySize(req({ "transfer-encoding": "chunked", "content-type": "multipart/form-data" }), MiB, 1000), undefined);
  });
});
