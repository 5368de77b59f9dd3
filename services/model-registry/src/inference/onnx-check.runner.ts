import { fork } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { InvalidModelError } from "../domain/model-registry.errors.js";
import type { OnnxDetectorSpec } from "../domain/model.js";
import type { ModelTrialRunner, SpooledFile } from "../domain/model-upload.ports.js";
import { frameBudgetOf } from "../domain/onnx-detector-spec.js";
import type { CheckReply, CheckRequest } from "./onnx-check.protocol.js";

export interface OnnxCheckOptions {
  /** Opening the session (before a trial's budget starts); a file that takes longer is refused (default 60 s). */
  readonly loadTimeoutMs?: number;
}

const CHECK_PROCESS = join(__dirname, "onnx-check.process.js");
const DEFAULT_LOAD_TIMEOUT_MS = 60_000;

/** How a check that did not answer is described, per stage. */
interface CheckWording {
  /** The session could not be created: the file is not a model onnxruntime loads. */
  failedToLoad(reason: string): string;
  /** It loaded, then failed (a trial's run). */
  failedAfterLoad(reason: string): string;
  /** The run did not finish within `budgetMs`. */
  overBudget(budgetMs: number): string;
  /** The process ended without an answer (a native crash). */
  ended(how: string): string;
}

/**
 * Runs one check (open and inspect, or open and run once) in a child process and resolves its answer; refuses the
 * file with INVALID_MODEL (one problem) when the check fails, the session takes over `loadTimeoutMs` to open, a run
 * takes over `budgetMs`, or the process dies. Never shows where the server spooled the file.
 */
export function runOnnxCheck(
  file: SpooledFile,
  request: CheckRequest,
  limits: { loadTimeoutMs: number; budgetMs?: number },
  wording: CheckWording,
): Promise<Extract<CheckReply, { phase: "inspected" | "done" }>> {
  const scrub = (text: string) =>
    text.split(file.path).join(file.fileName).split(dirname(file.path)).join("").split(basename(file.path)).join(file.fileName);
  return new Promise((resolve, reject) => {
    // execArgv []: not the parent's flags (a test runner's, an inspector port).
    const child = fork(CHECK_PROCESS, [], { execArgv: [], stdio: ["ignore", "ignore", "ignore", "ipc"], serialization: "json" });
    let settled = false;
    let loaded = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: { problem: string } | { reply: Extract<CheckReply, { phase: "inspected" | "done" }> }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if ("problem" in outcome) reject(new InvalidModelError([outcome.problem]));
      else resolve(outcome.reply);
    };
    const deadline = (ms: number, problem: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => settle({ problem }), ms);
    };
    deadline(limits.loadTimeoutMs, `"${file.fileName}" did not load within ${limits.loadTimeoutMs} ms`);
    child.on("message", (reply: CheckReply) => {
      if (reply.phase === "loaded") {
        loaded = true;
        if (limits.budgetMs !== undefined) deadline(limits.budgetMs, wording.overBudget(limits.budgetMs));
      } else if (reply.phase === "failed") {
        settle({ problem: loaded ? wording.failedAfterLoad(scrub(reply.message)) : wording.failedToLoad(scrub(reply.message)) });
      } else settle({ reply });
    });
    child.on("error", (err) => settle({ problem: `checking "${file.fileName}" could not start: ${scrub(err.message)}` }));
    child.on("exit", (code, signal) => settle({ problem: wording.ended(signal ?? `exit code ${code}`) }));
    child.send(request);
  });
}

/** One check at a time per queue: each holds a whole model in memory. */
export class CheckQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(check: () => Promise<T>): Promise<T> {
    const run = this.tail.then(check);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/**
 * Runs an uploaded detector once on a blank (all-zero) input of its declared shape, in a child process the
 * registry kills when the run outlasts the detector's frame budget: a model that loops, crashes or fails is
 * refused with INVALID_MODEL before any worker sees it, and the registry's own event loop never waits on it.
 */
export class OnnxTrialRunner implements ModelTrialRunner {
  private readonly queue = new CheckQueue();
  private readonly loadTimeoutMs: number;

  constructor(options: OnnxCheckOptions = {}) {
    this.loadTimeoutMs = options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  }

  trial(file: SpooledFile, detector: OnnxDetectorSpec): Promise<void> {
    const budgetMs = frameBudgetOf(detector);
    const { inputWidth: w, inputHeight: h } = detector;
    const blank = `a blank ${w}×${h} input`;
    const request: CheckRequest = {
      op: "trial",
      path: file.path,
      inputName: detector.inputName,
      inputType: detector.inputType,
      dims: detector.tensorLayout === "NHWC" ? [1, h, w, 3] : [1, 3, h, w],
    };
    return this.queue.run(async () => {
      await runOnnxCheck(
        file,
        request,
        { loadTimeoutMs: this.loadTimeoutMs, budgetMs },
        {
          failedToLoad: (reason) => `"${file.fileName}" could not be opened for its trial run: ${reason}`,
          failedAfterLoad: (reason) => `"${file.fileName}" failed its trial run on ${blank}: ${reason}`,
          overBudget: (ms) =>
            `"${file.fileName}" did not finish one run on ${blank} within its frame budget of ${ms} ms (frameBudgetMs): ` +
            "a model that loops or is slower than its budget would hold a worker",
          ended: (how) => `the trial run of "${file.fileName}" on ${blank} ended abnormally (${how})`,
        },
      );
    });
  }
}
