import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { UploadFramesRequest, UploadFramesResult } from "./frame-upload.client.js";
import { FrameUploadZone } from "./frame-upload-zone.js";

const photo = (name: string) => new File([new Uint8Array([1])], name, { type: "image/png" });

/** An upload the test drives: it reports progress and settles when told to. */
function controlledUpload() {
  let request: UploadFramesRequest | undefined;
  let settle: (result: UploadFramesResult) => void = () => undefined;
  const upload = vi.fn(
    (r: UploadFramesRequest) =>
      new Promise<UploadFramesResult>((resolve) => {
        request = r;
        settle = resolve;
      }),
  );
  return { upload, request: () => request!, settle: (r: UploadFramesResult) => act(async () => settle(r)) };
}

describe("FrameUploadZone", () => {
  it("uploads the picked files with a progress bar, then reports the new size", async () => {
    const user = userEvent.setup();
    const control = controlledUpload();
    const onUploaded = vi.fn();
    render(<FrameUploadZone taskId="t1" upload={control.upload} headers={() => ({ authorization: "Bearer k" })} onUploaded={onUploaded} />);
    await user.upload(screen.getByLabelText("Choose images"), [photo("a.png"), photo("b.png")]);
    expect(control.request()).toMatchObject({ taskId: "t1", headers: { authorization: "Bearer k" } });
    expect(control.request().files.map((f) => f.name)).toEqual(["a.png", "b.png"]);

    act(() => control.request().onProgress?.({ loaded: 30, total: 100 }));
    expect(screen.getByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("value", "0.3");

    await control.settle({ ok: true, taskId: "t1", size: 12 });
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("2 frames added; the task has 12.");
    expect(onUploaded).toHaveBeenCalledWith(12);
  });

  it("uploads dropped files and lists the server's errors by file", async () => {
    const control = controlledUpload();
    const onUploaded = vi.fn();
    render(<FrameUploadZone taskId="t1" upload={control.upload} onUploaded={onUploaded} />);
    fireEvent.drop(screen.getByTestId("frame-drop-zone"), { dataTransfer: { files: [photo("huge.png")] } });
    expect(control.request().files.map((f) => f.name)).toEqual(["huge.png"]);

    await control.settle({
      ok: false,
      errors: [{ code: "PAYLOAD_TOO_LARGE", message: "exceeds the limit", file: "huge.png" }],
    });
    const list = screen.getByRole("list", { name: "Upload errors" });
    expect(within(list).getByRole("listitem")).toHaveTextContent("huge.png: exceeds the limit PAYLOAD_TOO_LARGE");
    expect(onUploaded).not.toHaveBeenCalled();
  });

  it.each([
    ["an HTTP 401", { code: "HTTP_401", message: "The server answered 401 without a result" }],
    ["UNAUTHENTICATED", { code: "UNAUTHENTICATED", message: "The API key is not valid" }],
  ])("tells the session when the upload is refused for its credential (%s), and only then", async (_what, error) => {
    const user = userEvent.setup();
    const control = controlledUpload();
    const onRefused = vi.fn();
    render(<FrameUploadZone taskId="t1" upload={control.upload} onRefused={onRefused} />);
    await user.upload(screen.getByLabelText("Choose images"), [photo("a.png")]);
    await control.settle({ ok: false, errors: [{ code: "PAYLOAD_TOO_LARGE", message: "exceeds the limit", file: "a.png" }] });
    expect(onRefused).not.toHaveBeenCalled();
    await user.upload(screen.getByLabelText("Choose images"), [photo("b.png")]);
    await control.settle({ ok: false, errors: [error] });
    expect(onRefused).toHaveBeenCalledTimes(1);
  });
});
