import { fork } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { InvalidModelError } from "../domain/model-registry.errors.js";
import type { OnnxDetectorSpec } from "../domain/model.js";
import type { ModelTrialRunner, SpooledFile } from "../domain/model-upload.ports.js";
import { frameBudgetOf } from "../domain/onnx-detector-spec.js";
import type { TrialReply, TrialRequest } from "./onnx-trial.protocol.js";

export interface OnnxTrialRunnerOptions {
  /** Opening the session, before the budget starts; a file that takes longer is refused (default 60 s). */
  readonly loadTimeoutMs?: number;
}

const TRIAL_PROCESS = join(__dirname, "onnx-trial.process.js");

/**
 * Runs an uploaded detector once on a blank (all-zero) input of its declared shape, in a child process the
 * registry kills when the run outlasts the detector's frame budget: a model that loops, crashes or fails is
 * refused with INVALID_MODEL before any worker sees it, and the registry's own event loop never waits on it.
 * One trial at a time: each holds a whole model in memory.
 */
export class OnnxTrialRunner implements ModelTrialRunner {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly loadTimeoutMs: number;

  constructor(options: OnnxTrialRunnerOptions = {}) {
    this.loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
  }

  trial(file: SpooledFile, detector: OnnxDetectorSpec): Promise<void> {
    const run = this.queue.then(() => this.run(file, detector));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private run(file: SpooledFile, detector: OnnxDetectorSpec): Promise<void> {
    const budgetMs = frameBudgetOf(detector);
    const { inputWidth: w, inputHeight: h } = detector;
    const blank = `a blank ${w}×${h} input`;
    // Never show where the server spooled the file: name it as the user did.
    const scrub = (text: string) => text.split(file.path).join(file.fileName).split(dirname(file.path)).join("").split(basename(file.path)).join(file.fileName);
    const request: TrialRequest = {
      path: file.path,
      inputName: detector.inputName,
      inputType: detector.inputType,
      dims: detector.tensorLayout === "NHWC" ? [1, h, w, 3] : [1, 3, h, w],
    };

    return new Promise<void>((resolve, reject) => {
      // execArgv []: not the parent's flags (a test runner's, an inspector port).
      const child = fork(TRIAL_PROCESS, [], { execArgv: [], stdio: ["ignore", "ignore", "ignore", "ipc"], serialization: "json" });
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const settle = (problem?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.removeAllListeners();
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        if (problem) reject(new InvalidModelError([problem]));
        else resolve();
      };
      const deadline = (ms: number, problem: string) => {
        clearTimeout(timer);
        timer = setTimeout(() => settle(problem), ms);
      };
      deadline(this.loadTimeoutMs, `"${file.fileName}" did not load within ${this.loadTimeoutMs} ms`);
      child.on("message", (reply: TrialReply) => {
        if (reply.phase === "loaded") {
          deadline(
            budgetMs,
            `"${file.fileName}" did not finish one run on ${blank} within its frame budget of ${budgetMs} ms (frameBudgetMs): ` +
              "a model that loops or is slower than its budget would hold a worker",
          );
        } else if (reply.phase === "done") settle();
        else settle(`"${file.fileName}" failed its trial run on ${blank}: ${scrub(reply.message)}`);
      });
      child.on("error", (err) => settle(`the trial run of "${file.fileName}" could not start: ${scrub(err.message)}`));
      child.on("exit", (code, signal) => settle(`the trial run of "${file.fileName}" on ${blank} ended abnormally (${signal ?? `exit code ${code}`})`));
      child.send(request);
    });
  }
}
