import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ModelUploadForm, type ModelUploadFormProps } from "./model-upload.form.js";
import type { UploadModelResult } from "./model-upload.client.js";

const onnx = () => new File([new Uint8Array([8, 1, 2])], "pets.onnx", { type: "application/octet-stream" });

function renderForm(upload: ModelUploadFormProps["upload"], onUploaded = vi.fn()) {
  render(<ModelUploadForm upload={upload} onUploaded={onUploaded} />);
  return { onUploaded };
}

async function fillValid() {
  await userEvent.upload(screen.getByLabelText("ONNX file"), onnx());
  await userEvent.type(screen.getByLabelText("Name"), "Pets");
  await userEvent.clear(screen.getByLabelText("Input width (px)"));
  await userEvent.type(screen.getByLabelText("Input width (px)"), "64");
  await userEvent.clear(screen.getByLabelText("Input height (px)"));
  await userEvent.type(screen.getByLabelText("Input height (px)"), "64");
  await userEvent.type(screen.getByLabelText("Class names"), "cat{enter}dog");
}

/** The error text shown beside a field (its aria-describedby). */
const errorOf = (label: string) => {
  const ids = screen.getByLabelText(label).getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
};

// userEvent types key by key: slow on a loaded machine, hence the longer timeout.
describe("ModelUploadForm", { timeout: 30_000 }, () => {
  it("explains every missing or invalid value before sending anything", async () => {
    const upload = vi.fn();
    renderForm(upload);
    await userEvent.clear(screen.getByLabelText("Default threshold"));
    await userEvent.type(screen.getByLabelText("Default threshold"), "0");
    await userEvent.click(screen.getByRole("button", { name: "Upload model" }));
    expect(upload).not.toHaveBeenCalled();
    expect(errorOf("ONNX file")).toContain("Choose the model's .onnx file.");
    expect(errorOf("Name")).toContain("Give the model a name.");
    expect(errorOf("Class names")).toContain("List at least one class name");
    expect(errorOf("Default threshold")).toContain("Greater than 0 and at most 1.");
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    // The first field to fix gets the focus.
    expect(screen.getByLabelText("ONNX file")).toHaveFocus();
  });

  it("sends the file with its spec, shows progress, and reports the new model", async () => {
    let finish!: (r: UploadModelResult) => void;
    const upload = vi.fn<ModelUploadFormProps["upload"]>(
      (request) =>
        new Promise((resolve) => {
          request.onProgress?.({ loaded: 50, total: 200 });
          finish = resolve;
        }),
    );
    const { onUploaded } = renderForm(upload);
    await fillValid();
    await userEvent.click(screen.getByRole("button", { name: "Upload model" }));
    const [request] = upload.mock.calls[0];
    expect(request.file.name).toBe("pets.onnx");
    expect(request.spec).toMatchObject({
      name: "Pets",
      inputWidth: 64,
      inputHeight: 64,
      classNames: ["cat", "dog"],
      outputLayout: "YOLO_V8",
    });
    const progress = await screen.findByLabelText("Uploading");
    expect(progress).toHaveAttribute("value", "50");
    expect(progress).toHaveAttribute("aria-valuetext", "25 %");
    finish({ ok: true, model: { id: "pets-abc123", name: "Pets" } });
    await screen.findByRole("button", { name: "Upload model" });
    expect(onUploaded).toHaveBeenCalledWith({ id: "pets-abc123", name: "Pets" });
    expect(screen.getByLabelText("Name")).toHaveValue("");
  });

  it("shows INVALID_MODEL's problems next to the fields they concern, the rest in the summary", async () => {
    const problems = [
      'input "images" has shape [N, 3, 32, 32], expected [1, 3, 64, 64] (inputWidth × inputHeight)',
      'YOLO_V8 detections output "output0" has shape [1, 6, 10], expected [1, 7, anchors] (cx, cy, w, h + 3 classNames)',
      "the model check crashed",
    ];
    const upload = vi.fn(async (): Promise<UploadModelResult> => ({
      ok: false,
      error: { code: "INVALID_MODEL", message: "The file does not fit the layout you declared.", problems },
    }));
    renderForm(upload);
    await fillValid();
    await userEvent.click(screen.getByRole("button", { name: "Upload model" }));
    const summary = await screen.findByRole("alert");
    expect(summary).toHaveTextContent("The file does not fit the layout you declared.");
    expect(summary).toHaveTextContent("the model check crashed");
    expect(summary).toHaveTextContent("Code: INVALID_MODEL");
    expect(within(summary).queryByText(problems[0])).not.toBeInTheDocument();
    expect(errorOf("Input width (px)")).toContain(problems[0]);
    expect(errorOf("Class names")).toContain(problems[1]);
    expect(screen.getByLabelText("Class names")).toHaveAttribute("aria-invalid", "true");
    // The values stay for fixing.
    expect(screen.getByLabelText("Name")).toHaveValue("Pets");
  });

  it("shows a non-ONNX file's refusal next to the file field", async () => {
    const upload = vi.fn(async (): Promise<UploadModelResult> => ({
      ok: false,
      error: {
        code: "INVALID_MODEL",
        message: "Not a model.",
        problems: ['"pets.onnx" is not an ONNX model that can be loaded: protobuf parsing failed'],
      },
    }));
    renderForm(upload);
    await fillValid();
    await userEvent.click(screen.getByRole("button", { name: "Upload model" }));
    await screen.findByRole("alert");
    expect(errorOf("ONNX file")).toContain("is not an ONNX model that can be loaded");
  });
});
