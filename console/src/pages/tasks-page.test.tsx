import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { Provider, type OperationResult } from "urql";
import { CombinedError } from "@urql/core";
import { makeSubject } from "wonka";
import { job as progress } from "../features/auto-annotation/auto-annotation.testing.js";
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
});
