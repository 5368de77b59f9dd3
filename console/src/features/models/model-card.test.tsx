import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ModelCard } from "./model-card.js";
import { modelCard } from "./models.testing.js";

const factOf = (term: string) => {
  const dt = screen.getAllByRole("term").find((t) => t.textContent === term);
  return dt?.nextElementSibling?.textContent;
};

// userEvent types key by key: slow on a loaded machine, hence the longer timeout.
describe("ModelCard", { timeout: 30_000 }, () => {
  it("shows name, description, kind, threshold, masks, measured speed, licence and support", () => {
    render(<ModelCard model={modelCard()} />);
    const card = screen.getByRole("article", { name: "COCO objects" });
    expect(card).toHaveTextContent("Finds objects of the 80 COCO classes.");
    expect(factOf("Kind")).toBe("DETECTOR");
    expect(factOf("Default threshold")).toBe("0.3");
    expect(factOf("Returns masks")).toBe("no");
    expect(factOf("Input size")).toBe("512×512");
    expect(factOf("Measured speed")).toBe("42 ms/frame (model call, 2-core CPU)");
    expect(factOf("License")).toBe("MIT as packaged in @vladmandic/human 3.3.6; not verified");
    expect(factOf("Supported")).toBe("yes");
    expect(within(card).queryByRole("button")).not.toBeInTheDocument();
  });

  it("says so when speed and licence were never recorded, and why a model is not supported", () => {
    render(
      <ModelCard
        model={modelCard({
          source: "NUCLIO",
          measuredMsPerFrame: null,
          license: null,
          supported: false,
          unsupportedReason: "an interactor",
        })}
      />,
    );
    expect(factOf("Measured speed")).toBe("not measured");
    expect(factOf("License")).toMatch(/^not recorded/);
    expect(factOf("Supported")).toBe("no: an interactor");
  });

  it("lists labels with their type, attributes (NUMBER as a range) and skeleton points", async () => {
    const model = modelCard({
      labels: [
        {
          name: "face",
          type: "RECTANGLE",
          attributes: [
            { name: "age", inputType: "NUMBER", values: ["0", "100", "1"] },
            { name: "gender", inputType: "SELECT", values: ["female", "male"] },
          ],
          sublabels: [],
        },
        {
          name: "person",
          type: "SKELETON",
          attributes: [],
          sublabels: [
            { name: "nose", type: "POINTS", attributes: [] },
            { name: "left_eye", type: "POINTS", attributes: [] },
          ],
        },
      ],
    });
    render(<ModelCard model={model} />);
    await userEvent.click(screen.getByText("2 labels"));
    const items = screen.getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("face RECTANGLE");
    expect(screen.getByText("age (NUMBER: 0 to 100, step 1)")).toBeInTheDocument();
    expect(screen.getByText("gender (SELECT: female, male)")).toBeInTheDocument();
    expect(screen.getByText("2 points: nose, left_eye")).toBeInTheDocument();
  });

  it("deletes only after confirmation and shows the server's refusal on the card", async () => {
    const onDelete = vi.fn(async () => ({ code: "MODEL_NOT_DELETABLE", message: "This model cannot be deleted.", problems: [] }));
    render(<ModelCard model={modelCard({ source: "UPLOAD", deletable: true })} onDelete={onDelete} />);
    await userEvent.click(screen.getByRole("button", { name: "Delete COCO objects" }));
    expect(onDelete).not.toHaveBeenCalled();
    const confirm = screen.getByRole("group", { name: "Confirm deleting COCO objects" });
    await userEvent.click(within(confirm).getByRole("button", { name: "Keep it" }));
    expect(onDelete).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Delete COCO objects" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(onDelete).toHaveBeenCalledTimes(1);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This model cannot be deleted.");
    expect(alert).toHaveTextContent("Code: MODEL_NOT_DELETABLE");
  });
});
