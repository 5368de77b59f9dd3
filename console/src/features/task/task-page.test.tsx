import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { act } from "react";
import { CombinedError, makeOperation, Provider, stringifyDocument, type OperationResult } from "urql";
import { makeSubject, type Subject } from "wonka";
import { openResult, routedMockClient } from "../../test/mock-client.js";
import { TaskPage, type AutoAnnotationSlotContext, type TaskPageProps } from "./task-page.js";
import type { Annotation, FrameAnnotationsResult, FrameImageResult, TaskFramesResult, TaskHeader, TaskPageResult } from "./task.api.js";
import { mockClient, variablesOf } from "./testing/mock-client.js";
import { annotation, frames, job, taskHeader } from "./testing/task.fixtures.js";

const TOTAL = 130;

/** 130 frames in pages of 60, the cursor being the last index sent. */
function framesPage(after: string | null): TaskFramesResult {
  const from = after === null ? 0 : Number(after.replace("c", "")) + 1;
  // Frame 2 is not a readable image: no size, no thumbnail.
  const page = frames(from, Math.min(60, TOTAL - from)).map((f) =>
    f.index === 2 ? { ...f, width: null, height: null, thumbnail: null } : f,
  );
  const last = page[page.length - 1].index;
  return {
    task: {
      id: "t1",
      frames: {
        totalCount: TOTAL,
        edges: page.map((node) => ({ cursor: `c${node.index}`, node })),
        pageInfo: { hasNextPage: last < TOTAL - 1, endCursor: `c${last}` },
      },
    },
  };
}

function setup(props: TaskPageProps = {}, shapes: Annotation[] = [], header: Partial<TaskHeader> = {}) {
  const { client, executeQuery } = mockClient((query, variables) => {
    if (query.includes("query TaskPage(")) return { task: taskHeader(header) } satisfies TaskPageResult;
    if (query.includes("query TaskFrames(")) return framesPage((variables.after as string | null) ?? null);
    if (query.includes("query FrameAnnotations(")) {
      return {
        task: {
          id: "t1",
          annotations: { edges: shapes.map((node) => ({ node })), pageInfo: { hasNextPage: false, endCursor: null } },
        },
      } satisfies FrameAnnotationsResult;
    }
    if (query.includes("query TaskEvaluations(")) return { task: { id: "t1", evaluations: [] } };
    if (query.includes("query ReviewQueue(")) {
      return { task: { id: "t1", reviewQueue: { totalCount: 0, endCursor: null, hasNextPage: false, nodes: [] } } };
    }
    if (query.includes("query FrameImage(")) {
      const index = variables.index as number;
      const image = { dataUrl: `data:image/jpeg;base64,large${index}`, width: 2048, height: 1536 };
      return { task: { id: "t1", frame: { index, image } } } satisfies FrameImageResult;
    }
    throw new Error(`unexpected query ${query}`);
  });
  render(
    <Provider value={client}>
      <MemoryRouter initialEntries={["/tasks/t1"]}>
        <Routes>
          <Route path="/tasks/:id" element={<TaskPage {...props} />} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  return { executeQuery, user: userEvent.setup() };
}

describe("TaskPage", () => {
  it("shows the task's name, size, labels, first page of frames and jobs", async () => {
    const { executeQuery } = setup();
    expect(await screen.findByRole("heading", { name: "Street photos" })).toBeInTheDocument();
    expect(screen.getByText("130 frames")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Labels" })).getAllByRole("listitem")).toHaveLength(4);
    expect(variablesOf(executeQuery, "TaskPage")[0]).toEqual({ id: "t1", jobs: 20 });

    const grid = screen.getByRole("list", { name: "Frames" });
    expect(within(grid).getAllByRole("button", { name: /^Frame \d+/ })).toHaveLength(60);
    const first = within(grid).getByRole("button", { name: "Frame 0: frame-0.jpg (640×480)" });
    // The thumbnail is decorative: the button's label names the frame.
    expect(first.querySelector("img")).toHaveAttribute("src", "data:image/jpeg;base64,thumb0");
    const framesQuery = executeQuery.mock.calls.map(([r]) => stringifyDocument(r.query)).find((q) => q.includes("query TaskFrames("));
    expect(framesQuery).toMatch(/thumbnail: image\(maxSize: 160\)/);

    const job = screen.getByRole("listitem", { name: "Job job-1" });
    expect(job).toHaveTextContent("Face detector");
    expect(job).toHaveTextContent("COMPLETED");
    expect(job).toHaveTextContent("8 done, 2 failed of 10 frames");
    const failures = within(job).getByRole("list", { name: "Failed frames", hidden: true });
    expect(failures).toHaveTextContent("Frame 4: CORRUPT_IMAGE broken bytes");
    expect(failures).toHaveTextContent("Frame 7: INFERENCE_TIMEOUT slow");
    const mappingRow = within(job).getAllByRole("row", { hidden: true })[1];
    expect(
      within(mappingRow)
        .getAllByRole("cell", { hidden: true })
        .map((c) => c.textContent),
    ).toEqual(["face", "face", ""]);
  });

  it("loads the next page with `after` only when asked, and never past the last", async () => {
    const { executeQuery, user } = setup();
    await screen.findByRole("heading", { name: "Street photos" });
    expect(variablesOf(executeQuery, "TaskFrames")).toEqual([{ id: "t1", first: 60, after: null }]);

    await user.click(screen.getByRole("button", { name: "Load more frames" }));
    expect(variablesOf(executeQuery, "TaskFrames")).toEqual([
      { id: "t1", first: 60, after: null },
      { id: "t1", first: 60, after: "c59" },
    ]);
    expect(screen.getAllByRole("button", { name: /^Frame \d+/ })).toHaveLength(120);

    await user.click(screen.getByRole("button", { name: "Load more frames" }));
    expect(variablesOf(executeQuery, "TaskFrames").at(-1)).toEqual({ id: "t1", first: 60, after: "c119" });
    expect(screen.getAllByRole("button", { name: /^Frame \d+/ })).toHaveLength(130);
    expect(screen.queryByRole("button", { name: "Load more frames" })).not.toBeInTheDocument();
  });

  it("opens a frame in the viewer with that frame's annotations", async () => {
    const box = annotation("r", "RECTANGLE", { points: [1, 2, 3, 4], score: 0.91, source: "AUTO" });
    const { executeQuery, user } = setup({}, [box]);
    await user.click(await screen.findByRole("button", { name: /^Frame 5:/ }));
    expect(await screen.findByRole("img", { name: "face rectangle, score 0.91" })).toBeInTheDocument();
    expect(variablesOf(executeQuery, "FrameAnnotations")).toEqual([{ id: "t1", frame: 5, first: 100, after: null }]);
  });

  it("draws the opened frame's large image under its shapes", async () => {
    const { executeQuery, user } = setup();
    await user.click(await screen.findByRole("button", { name: /^Frame 5:/ }));
    const viewer = await screen.findByRole("region", { name: "Frame 5: frame-5.jpg" });
    expect(within(viewer).getByTestId("frame-image")).toHaveAttribute("href", "data:image/jpeg;base64,large5");
    expect(within(viewer).queryByTestId("frame-placeholder")).not.toBeInTheDocument();
    expect(variablesOf(executeQuery, "FrameImage")).toEqual([{ id: "t1", index: 5, maxSize: 2048 }]);
  });

  it("offers to load the frame's image again after a failed request (a dropped connection), and shows it then", async () => {
    let imageRequests = 0;
    const { client, executeQuery } = routedMockClient({
      query: (name, variables, request) => {
        const answer = (result: Partial<OperationResult>) =>
          openResult({ operation: makeOperation("query", request, {} as never), stale: false, hasNext: false, ...result });
        if (name === "TaskPage") return answer({ data: { task: taskHeader() } });
        if (name === "TaskFrames") return answer({ data: framesPage(null) });
        if (name === "FrameAnnotations") {
          return answer({ data: { task: { id: "t1", annotations: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } } });
        }
        if (name === "FrameImage") {
          imageRequests += 1;
          if (imageRequests === 1) return answer({ error: new CombinedError({ networkError: new Error("Failed to fetch") }) });
          const image = { dataUrl: "data:image/jpeg;base64,again", width: 2048, height: 1536 };
          return answer({ data: { task: { id: "t1", frame: { index: variables.index as number, image } } } });
        }
        return undefined;
      },
    });
    render(
      <Provider value={client}>
        <MemoryRouter initialEntries={["/tasks/t1"]}>
          <Routes>
            <Route path="/tasks/:id" element={<TaskPage />} />
          </Routes>
        </MemoryRouter>
      </Provider>,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: /^Frame 5:/ }));
    const alert = await screen.findByText(/The frame's image could not be loaded/);
    // The thumbnail stands in meanwhile.
    const viewer = screen.getByRole("region", { name: "Frame 5: frame-5.jpg" });
    expect(within(viewer).getByTestId("frame-image")).not.toHaveAttribute("href", "data:image/jpeg;base64,again");
    await user.click(within(alert).getByRole("button", { name: "Load the image again" }));
    await waitFor(() => expect(within(viewer).getByTestId("frame-image")).toHaveAttribute("href", "data:image/jpeg;base64,again"));
    expect(screen.queryByText(/The frame's image could not be loaded/)).not.toBeInTheDocument();
    expect(variablesOf(executeQuery, "FrameImage")).toHaveLength(2);
  });

  it("keeps the placeholder and asks no image for a frame that is not a readable image", async () => {
    const { executeQuery, user } = setup();
    await user.click(await screen.findByRole("button", { name: /^Frame 2:/ }));
    expect(await screen.findByRole("note")).toHaveTextContent("not a readable image");
    expect(variablesOf(executeQuery, "FrameImage")).toEqual([]);
  });

  it("offers the Automatic annotation action through the slot", async () => {
    const onOpen = vi.fn();
    const { user } = setup({ onOpenAutoAnnotation: onOpen });
    const actions = await screen.findByRole("region", { name: "Actions" });
    await user.click(within(actions).getByRole("button", { name: "Automatic annotation" }));
    expect(onOpen).toHaveBeenCalledTimes(1);
    const [ctx] = onOpen.mock.calls[0] as [AutoAnnotationSlotContext];
    expect(ctx.task.id).toBe("t1");
    expect(ctx.refresh).toBeTypeOf("function");
  });

  it("renders a custom slot, and the progress slot for unfinished jobs only", async () => {
    setup(
      {
        renderAutoAnnotation: ({ task }) => <span>dialog for {task.name}</span>,
        renderJobProgress: (j) => <span>progress of {j.id}</span>,
      },
      [],
      { autoAnnotationJobs: [job({ id: "job-2", status: "RUNNING" }), job()] },
    );
    expect(await screen.findByText("dialog for Street photos")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Automatic annotation" })).not.toBeInTheDocument();
    expect(screen.getAllByText(/progress of/).map((e) => e.textContent)).toEqual(["progress of job-2"]);
  });

  it("asks for the task's header and its first frames at once, not one after the other", async () => {
    // Each query's answer is held back until the test releases it.
    const held = new Map<string, { subject: Subject<Partial<OperationResult>>; answer: () => Partial<OperationResult> }>();
    const { client, executeQuery } = routedMockClient({
      query: (name, variables, request) => {
        const subject = makeSubject<Partial<OperationResult>>();
        const data =
          name === "TaskPage" ? ({ task: taskHeader() } satisfies TaskPageResult) : framesPage((variables.after as string | null) ?? null);
        held.set(name, {
          subject,
          answer: () => ({ operation: makeOperation("query", request, {} as never), data, stale: false, hasNext: false }),
        });
        return subject.source;
      },
    });
    render(
      <Provider value={client}>
        <MemoryRouter initialEntries={["/tasks/t1"]}>
          <Routes>
            <Route path="/tasks/:id" element={<TaskPage />} />
          </Routes>
        </MemoryRouter>
      </Provider>,
    );
    // Nothing has answered, and both requests are out.
    expect(screen.getByText("Loading the task…")).toBeInTheDocument();
    expect(variablesOf(executeQuery, "TaskPage")).toEqual([{ id: "t1", jobs: 20 }]);
    expect(variablesOf(executeQuery, "TaskFrames")).toEqual([{ id: "t1", first: 60, after: null }]);

    // The frames may come first: the grid shows them while the header is still loading.
    const frames = held.get("TaskFrames")!;
    act(() => frames.subject.next(frames.answer()));
    expect(await screen.findByRole("button", { name: /^Frame 0: / })).toBeInTheDocument();
    expect(screen.getByText("Loading the task…")).toBeInTheDocument();
    const header = held.get("TaskPage")!;
    act(() => header.subject.next(header.answer()));
    expect(await screen.findByRole("heading", { level: 2, name: "Street photos" })).toBeInTheDocument();
    // The header's arrival does not start the grid again.
    expect(variablesOf(executeQuery, "TaskFrames")).toHaveLength(1);
    expect(screen.getByRole("button", { name: /^Frame 0: / })).toBeInTheDocument();
  });

  it("says so when the task does not exist", async () => {
    const { client } = mockClient(() => ({ task: null }));
    render(
      <Provider value={client}>
        <MemoryRouter initialEntries={["/tasks/nope"]}>
          <Routes>
            <Route path="/tasks/:id" element={<TaskPage />} />
          </Routes>
        </MemoryRouter>
      </Provider>,
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("Task nope does not exist.");
  });
});
