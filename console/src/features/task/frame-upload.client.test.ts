import { buildAddFramesBody, parseAddFramesResponse, uploadFrames } from "./frame-upload.client.js";

const photo = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: "image/jpeg" });

describe("buildAddFramesBody", () => {
  it("follows the multipart request spec: operations, map, then each file under its map key", () => {
    const body = buildAddFramesBody("t1", [photo("a.jpg"), photo("b.jpg")]);
    expect([...body.keys()]).toEqual(["operations", "map", "0", "1"]);
    const operations = JSON.parse(body.get("operations") as string) as { query: string; variables: unknown };
    expect(operations.query).toMatch(/addFrames\(taskId: \$taskId, files: \$files\)/);
    expect(operations.variables).toEqual({ taskId: "t1", files: [null, null] });
    expect(JSON.parse(body.get("map") as string)).toEqual({ "0": ["variables.files.0"], "1": ["variables.files.1"] });
    expect((body.get("1") as File).name).toBe("b.jpg");
  });
});

describe("parseAddFramesResponse", () => {
  it("reads the task's new size", () => {
    expect(parseAddFramesResponse(200, JSON.stringify({ data: { addFrames: { id: "t1", size: 7 } } }))).toEqual({
      ok: true,
      taskId: "t1",
      size: 7,
    });
  });

  it("keeps each error's code and the file it names", () => {
    const text = JSON.stringify({
      data: null,
      errors: [{ message: 'File "big.png" exceeds …', extensions: { code: "PAYLOAD_TOO_LARGE", file: "big.png" } }],
    });
    expect(parseAddFramesResponse(200, text)).toEqual({
      ok: false,
      errors: [{ code: "PAYLOAD_TOO_LARGE", message: 'File "big.png" exceeds …', file: "big.png" }],
    });
  });

  it("turns a non-JSON answer into an HTTP error", () => {
    expect(parseAddFramesResponse(502, "<html>")).toMatchObject({ ok: false, errors: [{ code: "HTTP_502" }] });
  });
});

/** Enough of XMLHttpRequest for uploadFrames: records what was sent and lets the test answer. */
class FakeXhr {
  method = "";
  url = "";
  timeout = 0;
  status = 0;
  responseText = "";
  headers: Record<string, string> = {};
  sent: FormData | undefined;
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
}

describe("uploadFrames", () => {
  it("posts to /graphql with the CSRF header and the caller's headers, reporting progress", async () => {
    const xhr = new FakeXhr();
    const progress: number[] = [];
    const done = uploadFrames({
      taskId: "t1",
      files: [photo("a.jpg")],
      headers: { authorization: "Bearer plk_x" },
      onProgress: (p) => progress.push(p.loaded / p.total),
      createXhr: () => xhr as unknown as XMLHttpRequest,
    });
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/graphql");
    expect(xhr.headers).toEqual({ "apollo-require-preflight": "true", authorization: "Bearer plk_x" });
    expect(xhr.sent?.get("0")).toBeInstanceOf(File);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 } as ProgressEvent);
    xhr.status = 200;
    xhr.responseText = JSON.stringify({ data: { addFrames: { id: "t1", size: 1 } } });
    xhr.onload?.();
    await expect(done).resolves.toEqual({ ok: true, taskId: "t1", size: 1 });
    expect(progress).toEqual([0.5]);
  });

  it("refuses an empty selection and too many files without sending", async () => {
    const createXhr = vi.fn();
    await expect(uploadFrames({ taskId: "t1", files: [], createXhr })).resolves.toMatchObject({
      errors: [{ code: "NO_FILES" }],
    });
    const many = Array.from({ length: 501 }, (_, i) => photo(`${i}.jpg`));
    await expect(uploadFrames({ taskId: "t1", files: many, createXhr })).resolves.toMatchObject({
      errors: [{ code: "TOO_MANY_FILES" }],
    });
    expect(createXhr).not.toHaveBeenCalled();
  });

  it("aborts when the signal fires", async () => {
    const xhr = new FakeXhr();
    const controller = new AbortController();
    const done = uploadFrames({
      taskId: "t1",
      files: [photo("a.jpg")],
      signal: controller.signal,
      createXhr: () => xhr as unknown as XMLHttpRequest,
    });
    controller.abort();
    await expect(done).resolves.toMatchObject({ errors: [{ code: "UPLOAD_CANCELLED" }] });
  });
});
