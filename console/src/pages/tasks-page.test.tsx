import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider, type OperationResult } from "urql";
import { CombinedError } from "@urql/core";
import { makeSubject } from "wonka";
import { graphQLError, job as progress, MODELS } from "../features/auto-annotation/auto-annotation.testing.js";
import type { JobStatus, TasksQuery } from "../gql/graphql.js";
import { mockClient, openResult, routedMockClient, variablesOf } from "../test/mock-client.js";
import { TASKS_PAGE_SIZE, TasksPage } from "./tasks-page.js";

type Edge = TasksQuery["tasks"]["edges"][number];

const task = (id: string, name: string, size: number, labels: number, status?: JobStatus): Edge => ({
  cursor: `c-${id}`,
  node: {
    id,
    name,
    size,
    labels: Array.from({ length: labels }, (_, i) => ({ id: `${id}-l${i}`, name: `label ${i}`, type: "RECTANGLE" as const })),
    autoAnnotationJobs: status ? [{ id: `${id}-job`, status }] : [],
  },
});

const page = (edges: Edge[], totalCount: number, hasNextPage = false): TasksQuery => ({
  tasks: { totalCount, edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } },
});

function renderPage(client: ReturnType<typeof mockClient>["client"]) {
  return render(
    <Provider value={client}>
      <MemoryRouter>
        <Routes>
          <Route path="/" element={<TasksPage />} />
          <Route path="/tasks/:id" element={<p>task page</p>} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
}

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole("cell")
    // The first cell is the row's selection checkbox.
    .slice(1)
    .map((cell) => cell.textContent);

describe("TasksPage", () => {
  it("lists each task with its size, labels, last job and a link to its page", async () => {
    const { client, executeQuery } = mockClient({
      data: page([task("t-1", "Receipts", 12, 3, "COMPLETED"), task("t/2", "Faces", 0, 1)], 2),
    });
    renderPage(client);

    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows.map(cells)).toEqual([
      ["Receipts", "12", "3label 0 rectanglelabel 1 rectanglelabel 2 rectangle", "COMPLETED"],
      ["Faces", "0", "1label 0 rectangle", "none"],
    ]);
    // The label names are one click away (a disclosure), the count in sight.
    await userEvent.setup({ delay: null }).click(screen.getByText("3"));
    expect(within(screen.getByRole("list", { name: "Labels of Receipts" })).getAllByRole("listitem")).toHaveLength(3);
    expect(screen.getByRole("link", { name: "Receipts" })).toHaveAttribute("href", "/tasks/t-1");
    expect(screen.getByRole("link", { name: "Faces" })).toHaveAttribute("href", "/tasks/t%2F2");
    expect(screen.queryByRole("button", { name: "Load more tasks" })).not.toBeInTheDocument();
    // One page of the newest tasks is asked for, never the whole list.
    expect(variablesOf(executeQuery, "Tasks")).toEqual([{ first: TASKS_PAGE_SIZE, after: null }]);
  });

  it("pages with `after`, only when asked, keeping the pages already shown", async () => {
    const first = Array.from({ length: 2 }, (_, i) => task(`t${i}`, `Task ${i}`, i, 1));
    const second = [task("t2", "Task 2", 2, 1)];
    const { client, executeQuery } = routedMockClient({
      query: (_name, variables) => openResult({ data: variables.after === null ? page(first, 3, true) : page(second, 3, false) }),
    });
    renderPage(client);
    expect(screen.getAllByRole("link")).toHaveLength(2);
    expect(screen.getByText("(3 in all)")).toBeInTheDocument();

    await userEvent.setup({ delay: null }).click(screen.getByRole("button", { name: "Load more tasks" }));
    expect(screen.getAllByRole("link").map((l) => l.textContent)).toEqual(["Task 0", "Task 1", "Task 2"]);
    expect(variablesOf(executeQuery, "Tasks")).toEqual([
      { first: TASKS_PAGE_SIZE, after: null },
      { first: TASKS_PAGE_SIZE, after: "c-t1" },
    ]);
    expect(screen.queryByRole("button", { name: "Load more tasks" })).not.toBeInTheDocument();
  });

  it("shows a running job's live progress and then its final status, without asking for the list again", () => {
    const pushed = makeSubject<Partial<OperationResult>>();
    const { client, executeQuery, executeSubscription } = routedMockClient({
      query: () => openResult({ data: page([task("t-1", "Receipts", 100, 1, "RUNNING"), task("t-2", "Done", 1, 1, "FAILED")], 2) }),
      subscription: (name, variables) => (name === "AutoAnnotationProgress" && variables.jobId === "t-1-job" ? pushed.source : undefined),
    });
    renderPage(client);
    const row = screen.getByRole("link", { name: "Receipts" }).closest("tr")!;
    // Only the unfinished job is followed.
    expect(executeSubscription).toHaveBeenCalledTimes(1);

    act(() =>
      pushed.next({
        data: { autoAnnotationProgress: progress({ id: "t-1-job", framesDone: 40, framesFailed: 2, fps: 4, etaSeconds: 14 }) },
      }),
    );
    const bar = within(row).getByRole("progressbar", { name: "Automatic annotation progress" });
    expect(bar).toHaveAttribute("value", "42");
    expect(within(row).getByText("40 done / 2 failed / 100 total")).toBeInTheDocument();
    expect(within(row).getByText("4.0 frames/s")).toBeInTheDocument();
    expect(within(row).getByText("about 14 s")).toBeInTheDocument();

    act(() =>
      pushed.next({ data: { autoAnnotationProgress: progress({ id: "t-1-job", status: "COMPLETED", framesDone: 98, framesFailed: 2 }) } }),
    );
    expect(within(row).queryByRole("progressbar")).not.toBeInTheDocument();
    expect(cells(row)[3]).toBe("COMPLETED");
    expect(variablesOf(executeQuery, "Tasks")).toHaveLength(1);
  });

  it("says when there are no tasks", () => {
    const { client } = mockClient({ data: page([], 0) });
    renderPage(client);
    expect(screen.getByText("No tasks yet.")).toBeInTheDocument();
  });

  it("shows a failed request in place", () => {
    const error = new CombinedError({ graphQLErrors: [{ message: "Service unavailable", extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    const { client } = mockClient({ error });
    renderPage(client);
    expect(screen.getByRole("alert")).toHaveTextContent("Could not load the tasks: [GraphQL] Service unavailable");
  });

  it("opens the new-task form and goes to the task it created", async () => {
    const { client } = routedMockClient({
      query: () => openResult({ data: page([], 0) }),
      mutation: (name, variables) =>
        name === "CreateTask"
          ? openResult({ data: { createTask: { id: "t-new", name: (variables.input as { name: string }).name } } })
          : undefined,
    });
    renderPage(client);
    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole("button", { name: "New task" }));
    await user.type(screen.getByLabelText("Task name"), "Street");
    await user.type(screen.getByLabelText("Label 1 name"), "car");
    await user.click(screen.getByRole("button", { name: "Create task" }));
    expect(await screen.findByText("task page")).toBeInTheDocument();
  });

  describe("batch", () => {
    const labelled = (id: string, name: string, labels: string[]): Edge => {
      const edge = task(id, name, 10, 0);
      return {
        ...edge,
        node: { ...edge.node, labels: labels.map((l, i) => ({ id: `${id}-l${i}`, name: l, type: "RECTANGLE" as const })) },
      };
    };
    const batch = (status: string, done: number, extra: Record<string, unknown> = {}) => ({
      id: "b-1",
      status,
      framesTotal: 20,
      framesDone: done,
      framesFailed: 0,
      fps: done ? 5 : null,
      etaSeconds: done ? 2 : null,
      needsReviewCount: 0,
      jobs: [
        { id: "j-1", taskId: "t-1", status: status === "RUNNING" ? "RUNNING" : "COMPLETED" },
        { id: "j-2", taskId: "t-2", status: status === "RUNNING" ? "QUEUED" : "COMPLETED" },
      ],
      ...extra,
    });

    function setupBatch(start: (variables: Record<string, unknown>) => Partial<OperationResult>) {
      const pushed = makeSubject<Partial<OperationResult>>();
      const mock = routedMockClient({
        query: (name) =>
          name === "AutoAnnotationModels"
            ? openResult({ data: { models: MODELS } })
            : openResult({
                data: page(
                  [
                    labelled("t-1", "Receipts", ["Car", "person"]),
                    labelled("t-2", "Streets", ["car", "road"]),
                    labelled("t-3", "Other", []),
                  ],
                  3,
                ),
              }),
        mutation: (name, variables) => (name === "StartAutoAnnotationBatch" ? openResult(start(variables)) : undefined),
        subscription: (name) => (name === "AutoAnnotationBatchProgress" ? pushed.source : undefined),
      });
      renderPage(mock.client);
      return { ...mock, pushed, user: userEvent.setup({ delay: null }) };
    }

    it("starts one batch for the selected tasks with shared settings, then follows it on one bar", async () => {
      const { user, executeMutation, executeSubscription, pushed } = setupBatch(() => ({
        data: { startAutoAnnotationBatch: batch("RUNNING", 0) },
      }));
      const annotate = screen.getByRole("button", { name: "Annotate selected (0)" });
      expect(annotate).toBeDisabled();
      await user.click(screen.getByRole("checkbox", { name: "Select Receipts" }));
      await user.click(screen.getByRole("checkbox", { name: "Select Streets" }));
      await user.click(screen.getByRole("button", { name: "Annotate selected (2)" }));

      const dialog = screen.getByRole("dialog", { name: "Automatic annotation of 2 tasks" });
      await user.selectOptions(within(dialog).getByLabelText("Model"), within(dialog).getByRole("option", { name: "Face detection" }));
      // Per-class thresholds for the labels every selected task has (by name, as the server matches them).
      expect(within(dialog).getByLabelText("Threshold for Car")).toBeInTheDocument();
      expect(within(dialog).queryByLabelText("Threshold for person")).not.toBeInTheDocument();
      await user.type(within(dialog).getByLabelText("Threshold for Car"), "0.45");
      await user.type(within(dialog).getByLabelText("Flag for review below"), "0.5");
      await user.click(within(dialog).getByRole("checkbox", { name: "Tile the frames" }));
      await user.click(within(dialog).getByRole("button", { name: "Annotate 2 tasks" }));

      expect(variablesOf(executeMutation, "StartAutoAnnotationBatch")).toEqual([
        {
          input: {
            taskIds: ["t-1", "t-2"],
            modelId: "m-face",
            convertMasksToPolygons: false,
            cleanOldAnnotations: false,
            thresholds: [{ label: "Car", threshold: 0.45 }],
            tiling: { tileSize: 640, overlap: 0.2, merge: "NMS" },
            reviewBelow: 0.5,
          },
        },
      ]);
      const bar = await screen.findByRole("region", { name: "Batch of automatic annotation jobs" }, { timeout: 5000 });
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
      expect(within(bar).getByRole("status")).toHaveTextContent("Running: 0 of 20 frames done; 0 of 2 tasks completed");
      // The bar subscribes once it is on the page (a subject drops what is pushed before).
      await waitFor(() => expect(variablesOf(executeSubscription, "AutoAnnotationBatchProgress")).toEqual([{ batchId: "b-1" }]), {
        timeout: 5000,
      });
      act(() => pushed.next({ data: { autoAnnotationBatchProgress: batch("RUNNING", 8) } }));
      expect(within(bar).getByRole("status")).toHaveTextContent("Running: 8 of 20 frames done; 0 of 2 tasks completed");
      expect(within(bar).getByRole("progressbar", { name: "Batch progress" })).toHaveProperty("value", 8);
      expect(within(bar).getByText("5.0 frames/s")).toBeInTheDocument();
      expect(within(bar).getByText("about 2 s")).toBeInTheDocument();
      act(() => pushed.next({ data: { autoAnnotationBatchProgress: batch("COMPLETED", 20, { needsReviewCount: 3 }) } }));
      expect(within(bar).getByRole("status")).toHaveTextContent("Completed: 20 of 20 frames done; 2 of 2 tasks completed");
      expect(within(bar).getByText("3")).toBeInTheDocument();
      // The selection was used up.
      expect(screen.getByRole("button", { name: "Annotate selected (0)" })).toBeDisabled();
    });

    it("shows the server's refusal naming the task, and starts nothing", async () => {
      const { user } = setupBatch(() => ({ error: graphQLError("NOT_FOUND", "Task t-2 not found", { taskId: "t-2" }) }));
      await user.click(screen.getByRole("checkbox", { name: "Select Receipts" }));
      await user.click(screen.getByRole("checkbox", { name: "Select Streets" }));
      await user.click(screen.getByRole("button", { name: "Annotate selected (2)" }));
      const dialog = screen.getByRole("dialog", { name: "Automatic annotation of 2 tasks" });
      await user.selectOptions(within(dialog).getByLabelText("Model"), within(dialog).getByRole("option", { name: "Face detection" }));
      await user.click(within(dialog).getByRole("button", { name: "Annotate 2 tasks" }));
      const alert = within(dialog).getByRole("alert");
      expect(alert).toHaveTextContent("Task t-2 does not exist");
      expect(alert).toHaveTextContent("Code: NOT_FOUND");
      expect(screen.queryByRole("region", { name: "Batch of automatic annotation jobs" })).not.toBeInTheDocument();
    });

    it("checks the shared options before sending", async () => {
      const { user, executeMutation } = setupBatch(() => ({ data: { startAutoAnnotationBatch: batch("RUNNING", 0) } }));
      await user.click(screen.getByRole("checkbox", { name: "Select Other" }));
      await user.click(screen.getByRole("button", { name: "Annotate selected (1)" }));
      const dialog = screen.getByRole("dialog", { name: "Automatic annotation of 1 tasks" });
      await user.selectOptions(within(dialog).getByLabelText("Model"), within(dialog).getByRole("option", { name: "Face detection" }));
      await user.type(within(dialog).getByLabelText("Flag for review below"), "1.2");
      await user.click(within(dialog).getByRole("button", { name: "Annotate 1 tasks" }));
      expect(within(dialog).getByRole("alert")).toHaveTextContent("Fix the options marked above before annotating.");
      expect(variablesOf(executeMutation, "StartAutoAnnotationBatch")).toHaveLength(0);
    });
  });
});
