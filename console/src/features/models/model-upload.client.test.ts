import { Client, fetchExchange } from "@urql/core";
import { uploadModel, xhrFetch } from "./model-upload.client.js";

/** An XMLHttpRequest that records what is sent and answers when told to. */
class FakeXhr {
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = "";
  timeout = 0;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  getResponseHeader() {
    return "application/json";
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  answer(status: number, body: unknown) {
    this.upload.onprogress?.({ lengthComputable: true, loaded: 10, total: 10 });
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const spec = { name: "Pets", outputLayout: "YOLO_V8" as const, inputWidth: 64, inputHeight: 64, classNames: ["cat"] };
const client = () => new Client({ url: "/graphql", exchanges: [fetchExchange], preferGetMethod: false });

async function sent(xhr: FakeXhr) {
  await vi.waitFor(() => expect(xhr.body).toBeDefined());
  return xhr.body as FormData;
}

describe("uploadModel", () => {
  it("sends a GraphQL multipart request with the session's headers and reports progress", async () => {
    const xhr = new FakeXhr();
    const progress = vi.fn();
    const file = new File(["onnx"], "pets.onnx");
    const pending = uploadModel(client(), {
      file,
      spec,
      headers: { "x-graphql-yoga-csrf": "1", authorization: "Bearer plk_k" },
      onProgress: progress,
      createXhr: () => xhr as unknown as XMLHttpRequest,
    });
    const body = await sent(xhr);
    expect([xhr.method, xhr.url]).toEqual(["POST", "/graphql"]);
    expect(xhr.headers).toMatchObject({ "x-graphql-yoga-csrf": "1", authorization: "Bearer plk_k", "apollo-require-preflight": "true" });
    const operations = JSON.parse(body.get("operations") as string) as { query: string; variables: { file: unknown; spec: unknown } };
    expect(operations.query).toMatch(/mutation UploadModel\(\$file: Upload!, \$spec: ModelSpecInput!\)/);
    expect(operations.variables).toEqual({ file: null, spec });
    expect(JSON.parse(body.get("map") as string)).toEqual({ "0": ["variables.file"] });
    expect((body.get("0") as File).name).toBe("pets.onnx");
    xhr.answer(200, { data: { uploadModel: { __typename: "Model", id: "pets-1a2b3c", name: "Pets" } } });
    expect(await pending).toEqual({ ok: true, model: { __typename: "Model", id: "pets-1a2b3c", name: "Pets" } });
    expect(progress).toHaveBeenCalledWith({ loaded: 10, total: 10 });
  });

  it("returns INVALID_MODEL with its meaning and every problem", async () => {
    const xhr = new FakeXhr();
    const pending = uploadModel(client(), {
      file: new File(["x"], "a.txt"),
      spec,
      headers: {},
      createXhr: () => xhr as unknown as XMLHttpRequest,
    });
    await sent(xhr);
    xhr.answer(200, {
      data: null,
      errors: [
        {
          message: "The model file is not valid: …",
          extensions: { code: "INVALID_MODEL", details: { problems: ['"a.txt" is not an ONNX model'] } },
        },
      ],
    });
    const result = await pending;
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.error).toMatchObject({ code: "INVALID_MODEL", problems: ['"a.txt" is not an ONNX model'] });
    expect(result.ok ? "" : result.error.message).toMatch(/not an ONNX model that loads/);
  });

  it("reports a cancelled upload", async () => {
    const xhr = new FakeXhr();
    const controller = new AbortController();
    const pending = uploadModel(client(), {
      file: new File(["x"], "a.onnx"),
      spec,
      headers: {},
      signal: controller.signal,
      createXhr: () => xhr as unknown as XMLHttpRequest,
    });
    await sent(xhr);
    controller.abort();
    expect(await pending).toEqual({ ok: false, error: { code: "UPLOAD_CANCELLED", message: "The upload was cancelled.", problems: [] } });
  });

  it("xhrFetch rejects on a network failure, as fetch does", async () => {
    const xhr = new FakeXhr();
    const pending = xhrFetch({ createXhr: () => xhr as unknown as XMLHttpRequest })("/graphql", { method: "POST", body: "{}" });
    xhr.onerror?.();
    await expect(pending).rejects.toThrow(TypeError);
  });
});
