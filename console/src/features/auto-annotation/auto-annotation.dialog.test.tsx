import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { vi } from "vitest";
import { fromValue } from "wonka";
import type { StartAutoAnnotationInput } from "./auto-annotation.api.js";
import { AutoAnnotationDialog } from "./auto-annotation.dialog.js";
import {
  DETAILS,
  graphQLError,
  job,
  mockClient,
  MODELS,
  SUGGESTIONS,
  TASK_LABELS,
  variablesOf,
  withClient,
  type MockClient,
} from "./auto-annotation.testing.js";

function setup(mutation?: Parameters<typeof mockClient>[0]["mutation"]) {
  const mock = mockClient({
    query: (name, variables) => {
      if (name === "AutoAnnotationModels") return fromValue({ data: { models: MODELS } });
      if (name === "AutoAnnotationModel") return fromValue({ data: { model: DETAILS[variables.id as string] ?? null } });
      if (name === "AutoAnnotationSuggestedMapping")
        return fromValue({ data: { suggestLabelMapping: SUGGESTIONS[variables.modelId as string] ?? [] } });
      return undefined;
    },
    mutation:
      mutation ??
      ((name) => (name === "StartAutoAnnotation" ? fromValue({ data: { startAutoAnnotation: job({ status: "QUEUED" }) } }) : undefined)),
  });
  const onClose = vi.fn();
  const onStarted = vi.fn();
  const user = userEvent.setup();
  render(<AutoAnnotationDialog taskId="task-1" taskLabels={TASK_LABELS} open onClose={onClose} onStarted={onStarted} />, {
    wrapper: withClient(mock.client),
  });
  return { ...mock, onClose, onStarted, user };
}

const dialog = () => screen.getByRole("dialog", { name: "Automatic annotation" });
const optionNames = (select: HTMLElement) =>
  within(select)
    .getAllByRole("option")
    .map((o) => o.textContent);
const startCalls = (mock: MockClient) => variablesOf(mock.executeMutation, "StartAutoAnnotation");
const startInput = (mock: MockClient) => startCalls(mock)[0].input as StartAutoAnnotationInput;

async function chooseModel(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.selectOptions(screen.getByLabelText("Model"), screen.getByRole("option", { name }));
}

describe("AutoAnnotationDialog", () => {
  it("groups the models by source and lists unsupported ones disabled with their reason", () => {
    setup();
    const picker = screen.getByLabelText("Model");
    const groups = within(picker)
      .getAllByRole("group")
      .map((g) => g.getAttribute("label"));
    expect(groups).toEqual(["Catalog", "Uploaded", "Nuclio functions", "Hugging Face", "Roboflow"]);
    const sam = within(picker).getByRole("option", { name: "SAM interactor (not supported: interactor functions are not run by jobs)" });
    expect(sam).toBeDisabled();
    expect(within(picker).getByRole("option", { name: "Face detection" })).toBeEnabled();
  });

  it("prefills the table from suggestLabelMapping and shows unmatched labels as ignored", async () => {
    const { user } = setup();
    await chooseModel(user, "Face detection");
    expect(screen.getByRole("combobox", { name: "Task label for face" })).toHaveValue("t-face");
    expect(screen.getByRole("combobox", { name: "Task label for head" })).toHaveValue("");
    expect(screen.getByRole("combobox", { name: "Task label for head" })).toHaveDisplayValue("ignored");
    expect(screen.getByLabelText("Threshold")).toHaveAttribute("placeholder", "0.5");
  });

  it("offers only compatible task labels (mask onto polygon, never a rectangle onto points)", async () => {
    const { user } = setup();
    await chooseModel(user, "Face detection");
    expect(optionNames(screen.getByRole("combobox", { name: "Task label for face" }))).toEqual([
      "ignored",
      "face (rectangle)",
      "car (rectangle)",
    ]);
    await chooseModel(user, "Text segmentation");
    expect(optionNames(screen.getByRole("combobox", { name: "Task label for text" }))).toEqual(["ignored", "text (polygon)"]);
  });

  it("sends exactly the edited mapping, many model labels onto one task label, with the options", async () => {
    const { user, onStarted, ...mock } = setup();
    await chooseModel(user, "Face detection");
    await user.selectOptions(screen.getByRole("combobox", { name: "Task label for head" }), "t-face");
    await user.click(screen.getByRole("button", { name: /^Map attributes and points of face: Show \(\d+\)$/ }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Task attribute for face emotion" }), "mood");
    await user.click(screen.getByRole("checkbox", { name: "Clean old annotations" }));
    await user.type(screen.getByLabelText("Threshold"), "0.4");
    await user.click(screen.getByRole("button", { name: "Annotate" }));

    expect(startCalls(mock)).toHaveLength(1);
    expect(startCalls(mock)[0]).toEqual({
      input: {
        taskId: "task-1",
        modelId: "m-face",
        mapping: [
          {
            modelLabel: "face",
            taskLabel: "t-face",
            attributes: [
              { modelAttribute: "age", taskAttribute: "age" },
              { modelAttribute: "gender", taskAttribute: "gender" },
              { modelAttribute: "emotion", taskAttribute: "mood" },
            ],
          },
          { modelLabel: "head", taskLabel: "t-face", attributes: [] },
        ],
        threshold: 0.4,
        convertMasksToPolygons: false,
        cleanOldAnnotations: true,
      },
    });
    expect(onStarted).toHaveBeenCalledWith(job({ status: "QUEUED" }));
  });

  it("explains two attributes onto one task attribute and sends nothing", async () => {
    const { user, ...mock } = setup();
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("button", { name: /^Map attributes and points of face: Show \(\d+\)$/ }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Task attribute for face emotion" }), "gender");
    expect(screen.getByText(/Task attribute "gender" of "face" would receive "gender" and "emotion"/)).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Task label for face" })).toHaveAttribute("aria-invalid", "true");
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Fix the label matching above before annotating.");
    expect(startCalls(mock)).toHaveLength(0);
  });

  it("maps skeleton points one to one in the expandable row", async () => {
    const { user, ...mock } = setup();
    await chooseModel(user, "Pose");
    const expand = screen.getByRole("button", { name: /^Map attributes and points of person: Show \(\d+\)$/ });
    expect(expand).toHaveAttribute("aria-expanded", "false");
    await user.click(expand);
    expect(expand).toHaveAttribute("aria-expanded", "true");
    // The visible text is part of the accessible name (WCAG 2.5.3), in either state.
    expect(expand).toHaveTextContent(/^Hide \(\d+\)$/);
    expect(expand).toHaveAccessibleName(`Map attributes and points of person: ${expand.textContent}`);
    const rightEye = screen.getByRole("combobox", { name: "Task point for person right_eye" });
    expect(rightEye).toHaveValue("t-right-eye");
    expect(optionNames(rightEye)).toEqual(["not mapped", "nose", "left eye", "right eye"]);

    await user.selectOptions(rightEye, "t-left-eye");
    expect(screen.getByText(/Skeleton point "left eye" of "person" would receive "left_eye" and "right_eye"/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(startCalls(mock)).toHaveLength(0);

    await user.selectOptions(rightEye, "");
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(startInput(mock).mapping).toEqual([
      {
        modelLabel: "person",
        taskLabel: "t-person",
        attributes: [],
        sublabels: [
          { modelLabel: "nose", taskLabel: "t-nose" },
          { modelLabel: "left_eye", taskLabel: "t-left-eye" },
        ],
      },
    ]);
  });

  it("enables Return masks as polygons only for a model that returns masks", async () => {
    const { user, ...mock } = setup();
    await chooseModel(user, "Face detection");
    expect(screen.getByRole("checkbox", { name: "Return masks as polygons" })).toBeDisabled();
    expect(screen.getByText("This model does not return masks.")).toBeInTheDocument();
    await chooseModel(user, "Text segmentation");
    const masks = screen.getByRole("checkbox", { name: "Return masks as polygons" });
    expect(masks).toBeEnabled();
    await user.click(masks);
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(startInput(mock)).toMatchObject({
      modelId: "m-text",
      convertMasksToPolygons: true,
      cleanOldAnnotations: false,
    });
    expect(startInput(mock)).not.toHaveProperty("threshold");
  });

  it.each([
    ["0", "The threshold must be greater than 0 (leave it empty for the model's default)."],
    ["1.5", "The threshold must be at most 1: scores are between 0 and 1."],
    ["abc", '"abc" is not a number: enter a value such as 0.5, or leave it empty.'],
  ])("explains the threshold %s in place and sends nothing", async (text, message) => {
    const { user, ...mock } = setup();
    await chooseModel(user, "Face detection");
    const threshold = screen.getByLabelText("Threshold");
    await user.type(threshold, text);
    await user.tab();
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(threshold).toHaveAttribute("aria-invalid", "true");
    expect(threshold).toHaveAccessibleDescription(expect.stringContaining(message));
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(startCalls(mock)).toHaveLength(0);
  });

  it("keeps Annotate disabled until a label is mapped, and says why", async () => {
    const { user } = setup();
    await chooseModel(user, "Pose");
    await user.selectOptions(screen.getByRole("combobox", { name: "Task label for person" }), "");
    const annotate = screen.getByRole("button", { name: "Annotate" });
    expect(annotate).toBeDisabled();
    expect(annotate).toHaveAccessibleDescription("Map at least one model label to a task label to annotate.");
    await user.selectOptions(screen.getByRole("combobox", { name: "Task label for truck" }), "t-car");
    expect(annotate).toBeEnabled();
  });

  it("shows a server INVALID_MAPPING in place with its problems", async () => {
    const { user, onStarted } = setup(() =>
      fromValue({
        error: graphQLError("INVALID_MAPPING", "Invalid mapping", {
          problems: [{ path: "mapping[0].taskLabel", code: "UNKNOWN_TASK_LABEL", message: 'The task has no label "face" any more' }],
        }),
      }),
    );
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    const alert = within(dialog()).getByRole("alert");
    expect(alert).toHaveTextContent("The server refused the label matching: fix the rows it names and try again.");
    expect(alert).toHaveTextContent('The task has no label "face" any more');
    expect(alert).toHaveTextContent("Code: INVALID_MAPPING");
    expect(onStarted).not.toHaveBeenCalled();
  });

  it("shows JOB_ALREADY_RUNNING's meaning", async () => {
    const { user } = setup(() => fromValue({ error: graphQLError("JOB_ALREADY_RUNNING", "active job") }));
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(screen.getByRole("alert")).toHaveTextContent("This task already has an automatic annotation running");
  });
});

describe("AutoAnnotationDialog run options", () => {
  it("sends per-class thresholds for mapped labels, tiling and reviewBelow with the start", async () => {
    const { user, ...mock } = setup();
    await chooseModel(user, "Face detection");
    await user.selectOptions(screen.getByRole("combobox", { name: "Task label for head" }), "t-car");
    await user.type(screen.getByLabelText("Threshold"), "0.4");
    // One field per mapped task label, its placeholder the global threshold it falls back on.
    expect(screen.getByLabelText("Threshold for face")).toHaveAttribute("placeholder", "0.4");
    expect(screen.queryByLabelText("Threshold for text")).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("Threshold for car"), "0.7");
    // Tiling is off until asked for.
    expect(screen.queryByLabelText("Tile size (pixels)")).not.toBeInTheDocument();
    await user.click(screen.getByRole("checkbox", { name: "Tile the frames" }));
    await user.clear(screen.getByLabelText("Tile size (pixels)"));
    await user.type(screen.getByLabelText("Tile size (pixels)"), "1024");
    await user.clear(screen.getByLabelText("Tile overlap"));
    await user.type(screen.getByLabelText("Tile overlap"), "0.25");
    await user.selectOptions(screen.getByLabelText("Merge detections"), "WBF");
    await user.type(screen.getByLabelText("Flag for review below"), "0.6");
    await user.click(screen.getByRole("button", { name: "Annotate" }));

    expect(startInput(mock)).toMatchObject({
      threshold: 0.4,
      thresholds: [{ label: "t-car", threshold: 0.7 }],
      tiling: { tileSize: 1024, overlap: 0.25, merge: "WBF" },
      reviewBelow: 0.6,
    });
  });

  it("sends none of them when left alone", async () => {
    const { user, ...mock } = setup();
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(startInput(mock)).not.toHaveProperty("thresholds");
    expect(startInput(mock)).not.toHaveProperty("tiling");
    expect(startInput(mock)).not.toHaveProperty("reviewBelow");
  });

  it("explains each option the server would refuse in place and sends nothing", async () => {
    const { user, ...mock } = setup();
    await chooseModel(user, "Face detection");
    await user.type(screen.getByLabelText("Threshold for face"), "1.5");
    await user.tab();
    const face = screen.getByLabelText("Threshold for face");
    expect(face).toHaveAttribute("aria-invalid", "true");
    expect(face).toHaveAccessibleDescription('The threshold of "face" must be at most 1: scores are between 0 and 1.');

    await user.click(screen.getByRole("checkbox", { name: "Tile the frames" }));
    await user.clear(screen.getByLabelText("Tile size (pixels)"));
    await user.type(screen.getByLabelText("Tile size (pixels)"), "64");
    await user.clear(screen.getByLabelText("Tile overlap"));
    await user.type(screen.getByLabelText("Tile overlap"), "0.7");
    await user.type(screen.getByLabelText("Flag for review below"), "0");
    await user.click(screen.getByRole("button", { name: "Annotate" }));

    expect(screen.getByLabelText("Tile size (pixels)")).toHaveAccessibleDescription(
      expect.stringContaining("The tile size must be a whole number of pixels from 128 to 4096."),
    );
    expect(screen.getByLabelText("Tile overlap")).toHaveAccessibleDescription(expect.stringContaining("The overlap must be from 0 to 0.5"));
    expect(screen.getByLabelText("Flag for review below")).toHaveAccessibleDescription(
      expect.stringContaining('"Flag for review below" must be greater than 0 (leave it empty for no review).'),
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Fix the options marked above before annotating.");
    expect(startCalls(mock)).toHaveLength(0);
  });

  it("does not offer tiling for a hosted model, and says why", async () => {
    const { user, ...mock } = setup();
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("checkbox", { name: "Tile the frames" }));
    await chooseModel(user, "Pose");
    const tiling = screen.getByRole("checkbox", { name: "Tile the frames" });
    expect(tiling).toBeDisabled();
    expect(tiling).not.toBeChecked();
    expect(tiling).toHaveAccessibleDescription(expect.stringContaining("not offered for hosted (Hugging Face, Roboflow) models"));
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(startInput(mock)).not.toHaveProperty("tiling");
  });

  it.each([
    [
      "INVALID_TILING",
      { problems: [{ path: "tiling.overlap", message: "overlap must be from 0 to 0.5 of the tile (got 0.6)." }] },
      "overlap must be from 0 to 0.5 of the tile (got 0.6).",
    ],
    [
      "TILING_NOT_APPLICABLE",
      { reason: "every mapped model label is a tag" },
      "Tiling cannot be used with this model: every mapped model label is a tag.",
    ],
    [
      "INVALID_THRESHOLD",
      { problems: [{ path: "thresholds[0].label", message: 'The task has no label "face" any more.' }] },
      'The task has no label "face" any more.',
    ],
  ])("shows the server's %s in place", async (code, details, text) => {
    const { user, onStarted } = setup(() => fromValue({ error: graphQLError(code, "refused", details) }));
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    const alert = within(dialog()).getByRole("alert");
    expect(alert).toHaveTextContent(text);
    expect(alert).toHaveTextContent(`Code: ${code}`);
    expect(onStarted).not.toHaveBeenCalled();
  });
});

describe("AutoAnnotationDialog focus", () => {
  function Page() {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button onClick={() => setOpen(true)}>Automatic annotation…</button>
        <AutoAnnotationDialog
          taskId="task-1"
          taskLabels={TASK_LABELS}
          open={open}
          onClose={() => setOpen(false)}
          onStarted={() => undefined}
        />
      </>
    );
  }

  it("moves focus in, keeps it there on Tab and Shift+Tab, closes on Escape and returns focus to the opener", async () => {
    const { client } = mockClient({
      query: (name) => (name === "AutoAnnotationModels" ? fromValue({ data: { models: MODELS } }) : undefined),
    });
    const user = userEvent.setup();
    render(<Page />, { wrapper: withClient(client) });
    const opener = screen.getByRole("button", { name: "Automatic annotation…" });
    await user.click(opener);

    const modal = dialog();
    expect(modal).toHaveAttribute("aria-modal", "true");
    expect(screen.getByLabelText("Model")).toHaveFocus();
    for (let i = 0; i < 12; i++) {
      await user.tab();
      expect(modal).toContainElement(document.activeElement as HTMLElement);
    }
    screen.getByLabelText("Model").focus();
    await user.tab({ shift: true });
    expect(within(modal).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.tab();
    expect(screen.getByLabelText("Model")).toHaveFocus();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });
});
