import { render, screen, within } from "@testing-library/react";
import { Provider } from "urql";
import { EvaluationList } from "./evaluation-list.js";
import { mockClient, variablesOf } from "./testing/mock-client.js";

const evaluation = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  status,
  model: { id: "coco", name: "COCO object detection" },
  framesDone: 6,
  framesTotal: 6,
  meanAp50: null,
  meanAp: null,
  failureCode: null,
  createdAt: "2026-12-07T02:00:00Z",
  ...extra,
});

describe("EvaluationList", () => {
  it("lists the task's newest evaluations with their mean APs, rounded", () => {
    const { client, executeQuery } = mockClient(() => ({
      task: {
        id: "t1",
        evaluations: [
          evaluation("e2", "COMPLETED", { meanAp50: 0.9999999999999998, meanAp: 0.6234 }),
          evaluation("e1", "FAILED", { framesDone: 0, failureCode: "NO_FRAME_EVALUATED" }),
        ],
      },
    }));
    render(
      <Provider value={client}>
        <EvaluationList taskId="t1" />
      </Provider>,
    );
    expect(
      within(screen.getByRole("list", { name: "Evaluations" }))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "COCO object detection COMPLETED: 6 of 6 frames; mean AP@0.5 1.000, mean AP 0.623",
      "COCO object detection FAILED (NO_FRAME_EVALUATED): 0 of 6 frames; mean AP@0.5 –, mean AP –",
    ]);
    expect(variablesOf(executeQuery, "TaskEvaluations")).toEqual([{ id: "t1", first: 5 }]);
  });

  it("says when none has run", () => {
    const { client } = mockClient(() => ({ task: { id: "t1", evaluations: [] } }));
    render(
      <Provider value={client}>
        <EvaluationList taskId="t1" />
      </Provider>,
    );
    expect(screen.getByText(/No model has been evaluated on this task/)).toBeInTheDocument();
  });
});
