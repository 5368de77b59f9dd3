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

function setup(mutation?: Parameters<typeof mockClient>[0]["mutation"], taskSize?: number) {
  const mock = mockClient({
    query: (name, variables) => {
      if (name === "AutoAnnotationModels") return fromValue({ data: { models: MODELS } });
      if (name === "AutoAnnotationModel") return fromValue({ data: { model: DETAILS[variables.id as string] ?? null } });
      if (name === "AutoAnnotationSuggestedMapping")
        return fromValue({ data: { suggestLabelMapping: SUGGESTIONS[variables.modelId as string] ?? [] } });
      if (name === "PreviewFrameImage") {
        const index = variables.index as number;
        const frame = {
          index,
          name: `frame-${index}.jpg`,
          width: 640,
          height: 480,
          image: { dataUrl: `data:image/jpeg;base64,f${index}` },
        };
        return fromValue({ data: { task: { id: "task-1", frame } } });
      }
      return undefined;
    },
    mutation:
      mutation ??
      ((name) => (name === "StartAutoAnnotation" ? fromValue({ data: { startAutoAnnotation: job({ status: "QUEUED" }) } }) : undefined)),
  });
  const onClose = vi.fn();
  const onStarted = vi.fn();
  const user = userEvent.setup();
  render(
    <AutoAnnotationDialog taskId="task-1" taskLabels={TASK_LABELS} taskSize={taskSize} open onClose={onClose} onStarted={onStarted} />,
    {
      wrapper: withClient(mock.client),
    },
  );
  return { ...mock, onClose, onStarted, user };
}

const dialog = () => screen.getByRole("dialog", { name: "Automatic annotation" });
const optionNames = (select: HTMLElement) =>
  within(select)
    .getAllByRole("option")
    .map((o) => o.textContent);
/** FACE_MODEL's suggested mapping as the dialog sends it. */
const startMapping = [
  {
    modelLabel: "face",
    taskLabel: "t-face",
    attributes: [
      { modelAttribute: "age", taskAttribute: "age" },
      { modelAttribute: "gender", taskAttribute: "gender" },
    ],
  },
];
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

describe("AutoAnnotationDialog preview", () => {
  const shape = (score: number, needsReview = false) => ({
    taskLabelId: "t-face",
    taskLabel: "face",
    type: "RECTANGLE",
    points: [10, 20, 110, 140],
    score,
    needsReview,
    occluded: false,
    outside: false,
    attributes: [],
    mask: null,
    elements: [],
  });
  const previewFrame = (frame: number, scores: number[]) => ({
    frame,
    totalMs: 120.4,
    inferenceMs: 95.2,
    decodeMs: 8.9,
    unmappedDetections: 0,
    droppedAttributeValues: 0,
    failure: null,
    shapes: scores.map((s) => shape(s, s < 0.6)),
  });
  const previewMutation: Parameters<typeof setup>[0] = (name, variables) =>
    name === "PreviewAutoAnnotation"
      ? fromValue({
          data: {
            previewAutoAnnotation: {
              taskId: "task-1",
              threshold: 0.4,
              totalMs: 512,
              frames: (variables.frames as number[]).map((f) => (f === 2 ? previewFrame(f, []) : previewFrame(f, [0.93, 0.55]))),
            },
          },
        })
      : undefined;
  const previewCalls = (mock: MockClient) => variablesOf(mock.executeMutation, "PreviewAutoAnnotation");

  it("runs the dialog's settings on the first 4 frames and draws each with its shapes, scores and time; nothing starts", async () => {
    const { user, onStarted, ...mock } = setup(previewMutation, 130);
    await chooseModel(user, "Face detection");
    expect(screen.getByLabelText("Frames to preview")).toHaveValue("0-3");
    await user.type(screen.getByLabelText("Threshold"), "0.4");
    await user.type(screen.getByLabelText("Threshold for face"), "0.5");
    await user.type(screen.getByLabelText("Flag for review below"), "0.6");
    await user.click(screen.getByRole("button", { name: "Preview" }));

    expect(previewCalls(mock)).toEqual([
      {
        frames: [0, 1, 2, 3],
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
              ],
            },
          ],
          threshold: 0.4,
          thresholds: [{ label: "t-face", threshold: 0.5 }],
          reviewBelow: 0.6,
          convertMasksToPolygons: false,
          cleanOldAnnotations: false,
        },
      },
    ]);
    const results = await screen.findByRole("region", { name: "Preview results" });
    expect(within(results).getByRole("status")).toHaveTextContent("4 frames previewed in 512 ms at threshold 0.40; nothing was written.");
    const first = within(results).getByRole("figure", { name: "Preview of frame 0" });
    expect(first).toHaveTextContent("Frame 0 (frame-0.jpg): 2 shapes, 1 flagged for review; 120 ms (model 95 ms, decoding 9 ms)");
    expect(
      within(within(first).getByRole("list", { name: "Shapes of frame 0 with their scores" }))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["face rectangle, 0.93", "face rectangle, 0.55 (flagged for review)"]);
    // Drawn by the frame viewer's shape layer over the frame's image.
    const drawn = within(first).getByRole("group", { name: "Shapes of frame 0" });
    expect(within(drawn).getByRole("img", { name: "face rectangle, score 0.93" })).toHaveAttribute("width", "100");
    expect(drawn.querySelector("image")).toHaveAttribute("href", "data:image/jpeg;base64,f0");
    expect(within(results).getByRole("figure", { name: "Preview of frame 2" })).toHaveTextContent("Frame 2 (frame-2.jpg): 0 shapes");
    expect(startCalls(mock)).toHaveLength(0);
    expect(onStarted).not.toHaveBeenCalled();
  });

  it("checks the frames typed against the task and sends nothing when they do not fit", async () => {
    const { user, ...mock } = setup(previewMutation, 10);
    await chooseModel(user, "Face detection");
    const frames = screen.getByLabelText("Frames to preview");
    await user.clear(frames);
    await user.type(frames, "3, 12");
    await user.click(screen.getByRole("button", { name: "Preview" }));
    expect(frames).toHaveAttribute("aria-invalid", "true");
    expect(frames).toHaveAccessibleDescription(expect.stringContaining("The task has frames 0 to 9: 12 is not among them."));
    expect(previewCalls(mock)).toHaveLength(0);
  });

  it("previews on Enter in the frames field without starting a run", async () => {
    const { user, ...mock } = setup(previewMutation, 10);
    await chooseModel(user, "Face detection");
    const frames = screen.getByLabelText("Frames to preview");
    await user.clear(frames);
    await user.type(frames, "7{Enter}");
    expect(previewCalls(mock).map((v) => v.frames)).toEqual([[7]]);
    expect(startCalls(mock)).toHaveLength(0);
  });

  it("does not preview settings the server would refuse, and says so", async () => {
    const { user, ...mock } = setup(previewMutation, 10);
    await chooseModel(user, "Face detection");
    await user.type(screen.getByLabelText("Threshold for face"), "2");
    await user.click(screen.getByRole("button", { name: "Preview" }));
    expect(screen.getByText("Fix the settings marked above before previewing.")).toHaveAttribute("role", "alert");
    expect(screen.getByLabelText("Threshold for face")).toHaveAttribute("aria-invalid", "true");
    expect(previewCalls(mock)).toHaveLength(0);
  });

  it.each([
    ["PREVIEW_LIMIT", { limit: 2, running: 2 }, "Your organisation already runs as many previews as it may at once (2)"],
    ["INVALID_FRAME_RANGE", { frames: [12] }, "The task has no frame 12"],
    ["TENANT_FRAME_QUOTA", { retryAfterSeconds: 60 }, "past its hourly frame quota"],
  ])("shows the server's %s", async (code, details, text) => {
    const { user } = setup(() => fromValue({ error: graphQLError(code, "refused", details) }), 10);
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("button", { name: "Preview" }));
    const alert = await within(dialog()).findByRole("alert");
    expect(alert).toHaveTextContent(text);
    expect(alert).toHaveTextContent(`Code: ${code}`);
  });

  it("shows a frame the worker failed on", async () => {
    const { user } = setup(
      () =>
        fromValue({
          data: {
            previewAutoAnnotation: {
              taskId: "task-1",
              threshold: 0.5,
              totalMs: 60000,
              frames: [
                {
                  ...previewFrame(0, []),
                  inferenceMs: null,
                  decodeMs: null,
                  failure: { frame: 0, code: "INFERENCE_TIMEOUT", reason: "no answer in 60 s" },
                },
              ],
            },
          },
        }),
      10,
    );
    await chooseModel(user, "Face detection");
    await user.clear(screen.getByLabelText("Frames to preview"));
    await user.type(screen.getByLabelText("Frames to preview"), "0");
    await user.click(screen.getByRole("button", { name: "Preview" }));
    const figure = await screen.findByRole("figure", { name: "Preview of frame 0" });
    expect(within(figure).getByRole("alert")).toHaveTextContent("Frame 0 failed: INFERENCE_TIMEOUT no answer in 60 s");
    expect(figure).toHaveTextContent("(model –, decoding –)");
  });
});

describe("AutoAnnotationDialog evaluation", () => {
  const faceEvaluation = {
    taskLabelId: "t-face",
    taskLabel: "face",
    metric: "BOX_IOU",
    groundTruthCount: 22,
    detectionCount: 20,
    precision: 0.95,
    recall: 0.8636363636,
    f1: 0.9047619,
    ap50: 0.9999999999999998,
    ap: 0.71234,
    bestF1Threshold: 0.31259,
    bestF1: 0.93,
  };
  const evaluation = (status: "RUNNING" | "COMPLETED" | "FAILED", extra: Record<string, unknown> = {}) => ({
    id: "ev-1",
    taskId: "task-1",
    status,
    framesTotal: 6,
    framesDone: status === "RUNNING" ? 2 : 6,
    framesFailed: 0,
    threshold: 0.5,
    meanAp50: status === "COMPLETED" ? 0.9999999999999998 : null,
    meanAp: status === "COMPLETED" ? 0.71234 : null,
    failureCode: null,
    failureReason: null,
    labels: status === "COMPLETED" ? [faceEvaluation] : [],
    ...extra,
  });

  /** evaluateModel answers RUNNING; evaluation(id) answers RUNNING once, then `final`. */
  function setupEvaluation(final: ReturnType<typeof evaluation>) {
    let asked = 0;
    const mock = mockClient({
      query: (name, variables) => {
        if (name === "AutoAnnotationModels") return fromValue({ data: { models: MODELS } });
        if (name === "AutoAnnotationModel") return fromValue({ data: { model: DETAILS[variables.id as string] ?? null } });
        if (name === "AutoAnnotationSuggestedMapping")
          return fromValue({ data: { suggestLabelMapping: SUGGESTIONS[variables.modelId as string] ?? [] } });
        if (name === "Evaluation") {
          asked += 1;
          return fromValue({ data: { evaluation: asked === 1 ? evaluation("RUNNING") : final } });
        }
        return undefined;
      },
      mutation: (name) => {
        if (name === "EvaluateModel") return fromValue({ data: { evaluateModel: evaluation("RUNNING") } });
        if (name === "StartAutoAnnotation") return fromValue({ data: { startAutoAnnotation: job({ status: "QUEUED" }) } });
        return undefined;
      },
    });
    const user = userEvent.setup();
    render(<AutoAnnotationDialog taskId="task-1" taskLabels={TASK_LABELS} taskSize={10} open onClose={vi.fn()} onStarted={vi.fn()} />, {
      wrapper: withClient(mock.client),
    });
    return { ...mock, user };
  }

  it("evaluates the dialog's settings, follows the evaluation to its table, and fills the best-F1 thresholds", async () => {
    const { user, ...mock } = setupEvaluation(evaluation("COMPLETED"));
    await chooseModel(user, "Face detection");
    await user.type(screen.getByLabelText("Threshold"), "0.5");
    await user.type(screen.getByLabelText("Flag for review below"), "0.6");
    await user.click(screen.getByRole("button", { name: "Evaluate" }));
    expect(variablesOf(mock.executeMutation, "EvaluateModel")).toEqual([
      {
        input: {
          taskId: "task-1",
          modelId: "m-face",
          mapping: startMapping,
          threshold: 0.5,
          convertMasksToPolygons: false,
        },
      },
    ]);
    expect(await screen.findByText("Evaluating: 2 of 6 frames…")).toBeInTheDocument();

    const results = await screen.findByRole("region", { name: "Evaluation results" }, { timeout: 5000 });
    expect(within(results).getByText(/mean AP@0.5 1.000, mean AP 0.712/)).toBeInTheDocument();
    const cells = within(within(results).getAllByRole("row")[1])
      .getAllByRole("cell")
      .map((c) => c.textContent);
    expect(cells).toEqual(["box iou", "22", "20", "0.950", "0.864", "0.905", "1.000", "0.712", "0.313 (F1 0.930)"]);
    expect(variablesOf(mock.executeQuery, "Evaluation").every((v) => v.id === "ev-1")).toBe(true);

    await user.click(within(results).getByRole("button", { name: "Use best-F1 thresholds" }));
    expect(screen.getByLabelText("Threshold for face")).toHaveValue("0.3125");
    await user.click(screen.getByRole("button", { name: "Annotate" }));
    expect(startInput(mock).thresholds).toEqual([{ label: "t-face", threshold: 0.3125 }]);
  });

  it("says why an evaluation failed", async () => {
    const { user } = setupEvaluation(evaluation("FAILED", { failureCode: "NO_FRAME_EVALUATED", failureReason: "every frame failed" }));
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("button", { name: "Evaluate" }));
    expect(
      await screen.findByText("The evaluation failed (NO_FRAME_EVALUATED): every frame failed.", {}, { timeout: 5000 }),
    ).toHaveAttribute("role", "alert");
  });

  it("shows NO_GROUND_TRUTH's meaning", async () => {
    const { user } = setup((name) =>
      name === "EvaluateModel" ? fromValue({ error: graphQLError("NO_GROUND_TRUTH", "none") }) : undefined,
    );
    await chooseModel(user, "Face detection");
    await user.click(screen.getByRole("button", { name: "Evaluate" }));
    const alert = await within(dialog()).findByRole("alert");
    expect(alert).toHaveTextContent("None of these frames has manual annotations to compare the model with");
    expect(alert).toHaveTextContent("Code: NO_GROUND_TRUTH");
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
