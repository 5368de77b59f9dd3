import { render, screen, within } from "@testing-library/react";
import { JobList } from "./job-list.js";
import { job } from "./testing/task.fixtures.js";

describe("JobList", () => {
  it("shows each job's status, counts, failed frames with their codes, and the mapping used", () => {
    render(
      <JobList
        jobs={[
          job({
            id: "j2",
            status: "FAILED",
            failureCode: "COMMIT_STALLED",
            failureReason: "results never committed",
            convertMasksToPolygons: true,
            unmappedDetections: 3,
            droppedAttributeValues: 1,
            mapping: [
              {
                modelLabel: "person",
                taskLabelId: "l-body",
                taskLabel: "body",
                attributes: [{ modelAttribute: "gender", taskAttribute: "sex" }],
                sublabels: [{ modelLabel: "nose", taskLabel: "nose" }],
              },
            ],
          }),
          job({ id: "j1", failures: [] }),
        ]}
      />,
    );
    const failed = screen.getByRole("listitem", { name: "Job j2" });
    expect(failed).toHaveTextContent("FAILED (COMMIT_STALLED: results never committed)");
    expect(failed).toHaveTextContent("8 done, 2 failed of 10 frames; threshold 0.50; masks as polygons; old annotations replaced");
    expect(failed).toHaveTextContent("3 detections of unmapped labels and 1 attribute values dropped");
    const frames = within(failed)
      .getAllByRole("listitem", { hidden: true })
      .map((li) => li.textContent);
    expect(frames).toEqual(["Frame 4: CORRUPT_IMAGE broken bytes", "Frame 7: INFERENCE_TIMEOUT slow"]);
    const row = within(failed).getAllByRole("row", { hidden: true })[1];
    expect(
      within(row)
        .getAllByRole("cell", { hidden: true })
        .map((c) => c.textContent),
    ).toEqual(["person", "body", "gender → sex, nose → nose"]);

    const done = screen.getByRole("listitem", { name: "Job j1" });
    expect(done).toHaveTextContent("COMPLETED");
    expect(within(done).queryByText(/failed frames/)).not.toBeInTheDocument();
  });

  it("shows the run's per-class thresholds, tiling, review threshold and how many results it flagged", () => {
    render(
      <JobList
        jobs={[
          job({
            id: "j4",
            thresholds: [
              { taskLabelId: "l-face", taskLabel: "face", threshold: 0.7 },
              { taskLabelId: "l-road", taskLabel: "road", threshold: 0.25 },
            ],
            tiling: { tileSize: 640, overlap: 0.2, merge: "WBF" },
            reviewBelow: 0.6,
            needsReviewCount: 12,
          }),
          job({ id: "j3" }),
        ]}
      />,
    );
    const flagged = screen.getByRole("listitem", { name: "Job j4" });
    expect(flagged).toHaveTextContent(
      "threshold 0.50; per-class thresholds face 0.70, road 0.25; tiles of 640 px (overlap 0.2, WBF); flag for review below 0.60",
    );
    expect(flagged).toHaveTextContent("12 results flagged for review");
    const plain = screen.getByRole("listitem", { name: "Job j3" });
    expect(plain).not.toHaveTextContent(/per-class|tiles|review/);
  });

  it("puts the live progress slot on unfinished jobs only", () => {
    render(
      <JobList
        jobs={[job({ id: "j3", status: "COMMITTING" }), job({ id: "j2", status: "CANCELLED" })]}
        renderProgress={(j) => <span>live {j.id}</span>}
      />,
    );
    expect(screen.getAllByText(/^live /).map((e) => e.textContent)).toEqual(["live j3"]);
  });

  it("says when no job has run", () => {
    render(<JobList jobs={[]} />);
    expect(screen.getByText("No automatic annotation has run on this task.")).toBeInTheDocument();
  });
});
