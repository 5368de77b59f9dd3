import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { makeOperation, Provider, type OperationResult } from "urql";
import { vi } from "vitest";
import { fromValue } from "wonka";
import { graphQLError } from "../auto-annotation/auto-annotation.testing.js";
import { openResult, routedMockClient, variablesOf } from "../../test/mock-client.js";
import { ReviewQueue } from "./review-queue.js";
import type { ReviewItem } from "./task.api.js";

const item = (id: string, frame: number, score: number, label = "face"): ReviewItem => ({
  id,
  frame,
  type: "RECTANGLE",
  score,
  jobId: "job-1",
  label: { id: `l-${label}`, name: label },
});

/** A queue of `items` served 2 a page (cursor: the last id sent); resolveReview removes what it resolves. */
function setup(items: ReviewItem[], resolve?: (variables: Record<string, unknown>) => Partial<OperationResult>) {
  let queue = [...items];
  const { client, executeQuery, executeMutation } = routedMockClient({
    query: (name, variables, request) => {
      if (name !== "ReviewQueue") return undefined;
      const start = variables.after === null || variables.after === undefined ? 0 : queue.findIndex((i) => i.id === variables.after) + 1;
      const nodes = queue.slice(start, start + 2);
      return openResult({
        operation: makeOperation("query", request, {} as never),
        stale: false,
        hasNext: false,
        data: {
          task: {
            id: "t1",
            reviewQueue: {
              totalCount: queue.length,
              endCursor: nodes.at(-1)?.id ?? null,
              hasNextPage: start + nodes.length < queue.length,
              nodes,
            },
          },
        },
      });
    },
    mutation: (name, variables) => {
      if (name !== "ResolveReview") return undefined;
      if (resolve) return fromValue(resolve(variables));
      const ids = variables.ids as string[];
      queue = queue.filter((i) => !ids.includes(i.id));
      const accepted = variables.decision === "ACCEPT" ? ids.length : 0;
      return fromValue({
        data: { resolveReview: { accepted, rejected: ids.length - accepted, remaining: queue.length, annotationsVersion: 9 } },
      });
    },
  });
  const onResolved = vi.fn();
  render(
    <Provider value={client}>
      <ReviewQueue taskId="t1" onResolved={onResolved} />
    </Provider>,
  );
  return { executeQuery, executeMutation, onResolved, user: userEvent.setup() };
}

const rowTexts = () =>
  within(screen.getByRole("table"))
    .getAllByRole("row")
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole("cell")
        .slice(1)
        .map((c) => c.textContent),
    );

describe("ReviewQueue", () => {
  it("lists the flagged results as the server orders them (lowest score first), a page at a time", async () => {
    const { executeQuery, user } = setup([item("a1", 4, 0.12), item("a2", 0, 0.3, "car"), item("a3", 2, 0.41)]);
    expect(await screen.findByText("3 results to review, lowest score first.")).toBeInTheDocument();
    expect(rowTexts()).toEqual([
      ["4", "face", "rectangle", "0.12"],
      ["0", "car", "rectangle", "0.30"],
    ]);
    expect(screen.getByRole("button", { name: "Previous page" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(rowTexts()).toEqual([["2", "face", "rectangle", "0.41"]]));
    expect(variablesOf(executeQuery, "ReviewQueue").map((v) => v.after)).toEqual([null, "a2"]);
    expect(screen.getByRole("button", { name: "Next page" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Previous page" }));
    await waitFor(() => expect(rowTexts()).toHaveLength(2));
  });

  it("accepts the selected results, then reads the queue again from its first page", async () => {
    const { executeMutation, onResolved, user } = setup([item("a1", 4, 0.12), item("a2", 0, 0.3, "car"), item("a3", 2, 0.41)]);
    const accept = await screen.findByRole("button", { name: "Accept selected (0)" });
    expect(accept).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: "Select face rectangle on frame 4, score 0.12" }));
    await user.click(screen.getByRole("checkbox", { name: "Select car rectangle on frame 0, score 0.30" }));
    await user.click(screen.getByRole("button", { name: "Accept selected (2)" }));

    expect(variablesOf(executeMutation, "ResolveReview")).toEqual([{ taskId: "t1", ids: ["a1", "a2"], decision: "ACCEPT" }]);
    expect(await screen.findByText("Accepted 2; 1 left to review.")).toHaveAttribute("role", "status");
    await waitFor(() => expect(rowTexts()).toEqual([["2", "face", "rectangle", "0.41"]]));
    expect(screen.getByText("1 result to review, lowest score first.")).toBeInTheDocument();
    expect(onResolved).toHaveBeenCalledTimes(1);
  });

  it("rejects every result of the page at once", async () => {
    const { executeMutation, user } = setup([item("a1", 4, 0.12), item("a2", 0, 0.3)]);
    await user.click(await screen.findByRole("checkbox", { name: "Select every result on this page" }));
    await user.click(screen.getByRole("button", { name: "Reject selected (2)" }));
    expect(variablesOf(executeMutation, "ResolveReview")).toEqual([{ taskId: "t1", ids: ["a1", "a2"], decision: "REJECT" }]);
    expect(await screen.findByText("Rejected 2; 0 left to review.")).toBeInTheDocument();
    expect(await screen.findByText(/Nothing to review/)).toBeInTheDocument();
  });

  it("explains a refusal, and reloads a queue someone else changed", async () => {
    const { executeQuery, onResolved, user } = setup([item("a1", 4, 0.12)], () => ({
      error: graphQLError("NOT_FLAGGED_FOR_REVIEW", "not flagged", { ids: ["a1"] }),
    }));
    await user.click(await screen.findByRole("checkbox", { name: "Select face rectangle on frame 4, score 0.12" }));
    await user.click(screen.getByRole("button", { name: "Accept selected (1)" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("no longer waiting for review");
    expect(alert).toHaveTextContent("Code: NOT_FLAGGED_FOR_REVIEW");
    await waitFor(() => expect(variablesOf(executeQuery, "ReviewQueue")).toHaveLength(2));
    expect(onResolved).not.toHaveBeenCalled();
  });

  it("says when a commit holds the task (ANNOTATIONS_BUSY) and keeps the selection", async () => {
    const { user } = setup([item("a1", 4, 0.12)], () => ({ error: graphQLError("ANNOTATIONS_BUSY", "busy") }));
    const box = await screen.findByRole("checkbox", { name: "Select face rectangle on frame 4, score 0.12" });
    await user.click(box);
    await user.click(screen.getByRole("button", { name: "Reject selected (1)" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("A run is committing results to this task right now");
    expect(box).toBeChecked();
  });

  it("says when nothing waits for review", async () => {
    setup([]);
    expect(await screen.findByText(/Nothing to review/)).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });
});
