import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { fromValue, makeSubject, type Subject } from "wonka";
import type { OperationResult } from "urql";
import { graphQLError, job, mockClient, variablesOf, withClient } from "./auto-annotation.testing.js";
import { JobProgressBar } from "./job-progress.bar.js";

type Push = Subject<Partial<OperationResult>>;

function setup({ streams = 3, mutation }: { streams?: number; mutation?: Parameters<typeof mockClient>[0]["mutation"] } = {}) {
  const subjects: Push[] = Array.from({ length: streams }, () => makeSubject<Partial<OperationResult>>());
  let next = 0;
  const mock = mockClient({
    subscription: (name, variables) =>
      name === "AutoAnnotationProgress" && variables.jobId === "job-1" ? subjects[next++]?.source : undefined,
    mutation:
      mutation ??
      ((name, variables) =>
        name === "CancelAutoAnnotation"
          ? fromValue({ data: { cancelAutoAnnotation: job({ id: variables.jobId as string, status: "CANCELLING" }) } })
          : undefined),
  });
  const onFinished = vi.fn();
  render(<JobProgressBar jobId="job-1" onFinished={onFinished} retryDelayMs={() => 0} />, { wrapper: withClient(mock.client) });
  const push = (i: number, result: Partial<OperationResult>) => act(() => subjects[i].next(result));
  const complete = (i: number) => act(() => subjects[i].complete());
  return { ...mock, onFinished, push, complete, user: userEvent.setup() };
}

const progress = () => screen.getByRole("progressbar", { name: "Automatic annotation progress" });

describe("JobProgressBar", () => {
  it("shows each pushed state: frames done, failed and total, fps, ETA and status", () => {
    const { push } = setup();
    expect(screen.getByText("Connecting…")).toBeInTheDocument();
    push(0, { data: { autoAnnotationProgress: job({ status: "QUEUED" }) } });
    expect(screen.getByText("Queued: 0 of 100 frames done")).toBeInTheDocument();

    push(0, { data: { autoAnnotationProgress: job({ framesDone: 40, framesFailed: 2, fps: 4.25, etaSeconds: 137 }) } });
    expect(progress()).toHaveAttribute("value", "42");
    expect(progress()).toHaveAttribute("max", "100");
    expect(screen.getByText("Running: 40 of 100 frames done, 2 failed")).toBeInTheDocument();
    expect(screen.getByText("40 done / 2 failed / 100 total")).toBeInTheDocument();
    expect(screen.getByText("4.3 frames/s")).toBeInTheDocument();
    expect(screen.getByText("about 2 min 17 s")).toBeInTheDocument();
  });

  it("calls onFinished once when a final state arrives, and hides Cancel", () => {
    const { push, complete, onFinished, executeSubscription } = setup();
    push(0, { data: { autoAnnotationProgress: job({ framesDone: 99 }) } });
    expect(screen.getByRole("button", { name: "Cancel" })).toBeInTheDocument();
    const done = job({ status: "COMPLETED", framesDone: 100 });
    push(0, { data: { autoAnnotationProgress: done } });
    complete(0);
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished).toHaveBeenCalledWith(done);
    expect(screen.getByText("Completed: 100 of 100 frames done")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Cancel" })).not.toBeInTheDocument();
    // The stream ended after the final state: nothing to resubscribe to.
    expect(executeSubscription).toHaveBeenCalledTimes(1);
  });

  it("shows a FAILED job's reason", () => {
    const { push } = setup();
    push(0, {
      data: {
        autoAnnotationProgress: job({ status: "FAILED", failureCode: "COMMIT_STALLED", failureReason: "The results were not committed" }),
      },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("The results were not committed (COMMIT_STALLED)");
  });

  it("subscribes again when the server ends the stream with SERVICE_UNAVAILABLE, keeping the last state meanwhile", async () => {
    const { push, complete, executeSubscription, onFinished } = setup();
    push(0, { data: { autoAnnotationProgress: job({ framesDone: 10 }) } });
    push(0, {
      data: null as never,
      error: graphQLError("SERVICE_UNAVAILABLE", "The annotation-job service is shutting down; subscribe again shortly"),
    });
    expect(screen.getByRole("alert")).toHaveTextContent("try again shortly");
    expect(screen.getByText("Running: 10 of 100 frames done")).toBeInTheDocument();
    complete(0);

    await waitFor(() => expect(executeSubscription).toHaveBeenCalledTimes(2));
    expect(variablesOf(executeSubscription, "AutoAnnotationProgress")[1]).toEqual({ jobId: "job-1" });
    push(1, { data: { autoAnnotationProgress: job({ framesDone: 55 }) } });
    expect(screen.getByText("Running: 55 of 100 frames done")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByText("Connection lost: reconnecting…")).not.toBeInTheDocument();
    expect(onFinished).not.toHaveBeenCalled();
  });

  it("subscribes again after a stream that simply ends (a dropped connection)", async () => {
    const { push, complete, executeSubscription } = setup();
    push(0, { data: { autoAnnotationProgress: job({ framesDone: 3 }) } });
    complete(0);
    await waitFor(() => expect(executeSubscription).toHaveBeenCalledTimes(2));
    push(1, { data: { autoAnnotationProgress: job({ status: "CANCELLED", framesDone: 3 }) } });
    expect(screen.getByText("Cancelled: 3 of 100 frames done")).toBeInTheDocument();
  });

  it("does not subscribe again after NOT_FOUND", async () => {
    const { push, complete, executeSubscription } = setup();
    push(0, { data: null as never, error: graphQLError("NOT_FOUND", "No job job-1") });
    complete(0);
    expect(screen.getByRole("alert")).toHaveTextContent("no longer exists");
    await new Promise((r) => setTimeout(r, 20));
    expect(executeSubscription).toHaveBeenCalledTimes(1);
  });

  it("sends cancelAutoAnnotation for the job", async () => {
    const { push, user, executeMutation } = setup();
    push(0, { data: { autoAnnotationProgress: job({ framesDone: 5 }) } });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(executeMutation).toHaveBeenCalledTimes(1);
    expect(variablesOf(executeMutation, "CancelAutoAnnotation")).toEqual([{ jobId: "job-1" }]);
  });

  it("explains a refused cancel", async () => {
    const { push, user } = setup({
      mutation: () => fromValue({ error: graphQLError("JOB_NOT_ACTIVE", "Job job-1 is COMMITTING") }),
    });
    push(0, { data: { autoAnnotationProgress: job({ framesDone: 99 }) } });
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByRole("alert")).toHaveTextContent("it can no longer be cancelled");
  });
});
