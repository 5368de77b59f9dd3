import { fork, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FrameFailureCode } from "@prelabel/proto";
import type { Detection } from "../detection-model.js";
import type { FrameStages } from "../frame-stages.js";
import { FrameDecodeError, FrameFailure, ModelError, ModelErrorCode } from "../inference.errors.js";
import type { FromRunner, RunnerFailure, RunnerFrameOptions, RunnerModelPlan, RunnerSettings, ToRunner } from "./runner.protocol.js";

export interface RunnerJob {
  readonly plan: RunnerModelPlan;
  /** The frame as stored (JPEG, PNG…): the runner decodes it. */
  readonly frame: Uint8Array;
  readonly options: RunnerFrameOptions;
  /** The longest the model may take on this frame, from the end of loading and decoding. */
  readonly budgetMs: number;
  /** Aborting stops the frame: taken out of the queue, or its runner killed and replaced. */
  readonly signal?: AbortSignal;
}

export interface RunnerResult {
  readonly detections: Detection[];
  readonly decodeMs: number;
  /** The model's whole time on the frame. */
  readonly inferenceMs: number;
  readonly stages: FrameStages;
}

/** Why a runner was killed and replaced. */
export type RunnerReplacement = "timeout" | "cancelled" | "crashed" | "stalled";

export interface RunnerPoolOptions {
  /** Runner processes, one frame each at a time: the worker's frames in flight. */
  readonly size: number;
  readonly settings: RunnerSettings;
  /** Loading the model and decoding the frame, before the budget starts; over it the runner is replaced (default 120 s). */
  readonly prepareTimeoutMs?: number;
  /** A runner was killed (or died) and another started in its place. */
  readonly onReplaced?: (reason: RunnerReplacement, modelId: string | undefined) => void;
  /** The runner's entry point (default: inference-runner.process.js beside this file). */
  readonly script?: string;
}

/** The frame was abandoned through its signal (its job was cancelled). */
export class InferenceAbortedError extends Error {
  override readonly name = "AbortError";
}

interface Waiting {
  readonly job: RunnerJob;
  resolve(result: RunnerResult): void;
  reject(err: unknown): void;
  detach(): void;
}

interface Running {
  readonly id: number;
  readonly waiting: Waiting;
  timer: NodeJS.Timeout;
}

interface Slot {
  readonly child: ChildProcess;
  ready: boolean;
  running?: Running;
}

const DEFAULT_SCRIPT = join(__dirname, "inference-runner.process.js");
/**
 * util-linux's setpriv (in every Debian image): started through it with --pdeathsig KILL, a runner is killed by the
 * kernel when the worker dies, even a SIGKILLed worker, even while the runner is stuck in native code and could not
 * notice its IPC channel closing.
 */
const SETPRIV = "/usr/bin/setpriv";
const parentDeathSignal = process.platform === "linux" && existsSync(SETPRIV);
/** A runner that died before saying ready is started again after this pause, not in a tight loop. */
const RESPAWN_PAUSE_MS = 1_000;

/**
 * A small pool of runner processes that decode frames and run models (inference-runner.process.ts), so no
 * model holds the worker's event loop: a frame over its model's budget fails INFERENCE_TIMEOUT and its runner
 * is killed and replaced, as is the runner of a frame whose job is cancelled; the other runners go on. One
 * started runner stands by (loading no model) to take a killed runner's place at once.
 */
export class InferenceRunnerPool {
  private readonly slots: Slot[] = [];
  /** A started runner standing by: a killed runner's place is taken at once, not after a process start (~1–3 s). */
  private spare?: Slot;
  private readonly queue: Waiting[] = [];
  /** Catalog models frames have used: a new runner loads them before its first frame. */
  private readonly warm = new Map<string, RunnerModelPlan>();
  private nextId = 0;
  private closed = false;
  private readonly prepareTimeoutMs: number;
  private readonly script: string;

  constructor(private readonly options: RunnerPoolOptions) {
    this.prepareTimeoutMs = options.prepareTimeoutMs ?? 120_000;
    this.script = options.script ?? DEFAULT_SCRIPT;
  }

  /** Starts the runners; resolves when every one is ready (rejects if one cannot start). */
  async start(): Promise<void> {
    const started = Array.from({ length: Math.max(1, this.options.size) }, () => this.spawn());
    this.slots.push(...started.map((s) => s.slot));
    this.ensureSpare();
    await Promise.all(started.map((s) => s.ready));
  }

  /** Runner process ids (for tests and diagnostics): a replaced runner has a new one. */
  pids(): number[] {
    return this.slots.map((s) => s.child.pid ?? -1);
  }

  /** Catalog models every runner loads now, and every replacement before its first frame. */
  preload(plans: readonly RunnerModelPlan[]): void {
    for (const plan of plans) if (plan.kind === "catalog") this.warm.set(plan.entry, plan);
    for (const slot of this.slots) if (slot.ready) this.send(slot, { type: "warm", plans });
  }

  run(job: RunnerJob): Promise<RunnerResult> {
    if (this.closed) return Promise.reject(new Error("the inference runners are stopped"));
    if (job.signal?.aborted) return Promise.reject(new InferenceAbortedError("the frame was cancelled before it ran"));
    if (job.plan.kind === "catalog") this.warm.set(job.plan.entry, job.plan);
    return new Promise<RunnerResult>((resolve, reject) => {
      const onAbort = () => this.abort(waiting);
      const waiting: Waiting = { job, resolve, reject, detach: () => job.signal?.removeEventListener("abort", onAbort) };
      job.signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiting);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const spare = this.spare;
    this.spare = undefined;
    if (spare) await this.kill(spare);
    for (const w of this.queue.splice(0)) {
      w.detach();
      w.reject(new Error("the inference runners are stopped"));
    }
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        const running = slot.running;
        slot.running = undefined;
        if (running) {
          clearTimeout(running.timer);
          running.waiting.detach();
          running.waiting.reject(new Error("the inference runners are stopped"));
        }
        return this.kill(slot);
      }),
    );
  }

  private spawn(): { slot: Slot; ready: Promise<void> } {
    // execArgv []: not the worker's flags (a test runner's, an inspector port); advanced serialisation carries bytes as bytes.
    const args = [this.script, JSON.stringify(this.options.settings)];
    const options: SpawnOptions = { serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] };
    const child = parentDeathSignal
      ? spawn(SETPRIV, ["--pdeathsig", "KILL", process.execPath, ...args], options)
      : fork(args[0], args.slice(1), { ...options, execArgv: [] });
    const slot: Slot = { child, ready: false };
    const ready = new Promise<void>((resolve, reject) => {
      child.on("message", (message: FromRunner) => {
        if (message.type === "ready") {
          slot.ready = true;
          resolve();
          // The spare loads nothing until it takes a place: one more process, not one more copy of every model.
          if (slot !== this.spare) this.activate(slot);
        } else this.onMessage(slot, message);
      });
      child.on("error", (err) => reject(err));
      child.on("exit", (code, signal) => {
        reject(new Error(`an inference runner exited before it was ready (${signal ?? `exit code ${code}`})`));
        this.onExit(slot, code, signal);
      });
    });
    ready.catch(() => undefined);
    return { slot, ready };
  }

  private activate(slot: Slot): void {
    if (this.warm.size) this.send(slot, { type: "warm", plans: [...this.warm.values()] });
    this.dispatch();
  }

  private ensureSpare(pauseMs = 0): void {
    if (this.closed || this.spare) return;
    const start = () => {
      if (!this.closed && !this.spare) this.spare = this.spawn().slot;
    };
    if (pauseMs) setTimeout(start, pauseMs).unref();
    else start();
  }

  private dispatch(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.running && s.child.connected);
      if (!slot) return;
      const waiting = this.queue.shift()!;
      const id = ++this.nextId;
      const { plan, frame, options } = waiting.job;
      const timer = setTimeout(
        () =>
          this.replace(
            slot,
            "stalled",
            new ModelError(
              ModelErrorCode.MODEL_LOAD_FAILED,
              `loading model ${plan.modelId} or decoding the frame took over ${this.prepareTimeoutMs} ms`,
            ),
          ),
        this.prepareTimeoutMs,
      );
      slot.running = { id, waiting, timer };
      this.send(slot, { type: "infer", id, plan, frame, options });
    }
  }

  private onMessage(slot: Slot, message: Exclude<FromRunner, { type: "ready" }>): void {
    const running = slot.running;
    if (!running || running.id !== message.id) return;
    const { job } = running.waiting;
    if (message.type === "started") {
      clearTimeout(running.timer);
      // A tiled frame runs the model once per pass: each pass gets the model's budget.
      const budgetMs = job.budgetMs * Math.max(1, message.passes ?? 1);
      running.timer = setTimeout(
        () =>
          this.replace(
            slot,
            "timeout",
            new FrameFailure(
              FrameFailureCode.INFERENCE_TIMEOUT,
              `model ${job.plan.modelId} did not finish the frame within its budget of ${budgetMs} ms`,
            ),
          ),
        budgetMs,
      );
      return;
    }
    clearTimeout(running.timer);
    slot.running = undefined;
    running.waiting.detach();
    if (message.type === "done")
      running.waiting.resolve({
        detections: message.detections,
        decodeMs: message.decodeMs,
        inferenceMs: message.inferenceMs,
        stages: message.stages,
      });
    else running.waiting.reject(toError(message.failure));
    this.dispatch();
  }

  private abort(waiting: Waiting): void {
    const queued = this.queue.indexOf(waiting);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      waiting.detach();
      waiting.reject(new InferenceAbortedError("the frame was cancelled before it ran"));
      return;
    }
    const slot = this.slots.find((s) => s.running?.waiting === waiting);
    // Do not wait for a running frame of a cancelled job: its runner goes, a fresh one takes its place.
    if (slot) this.replace(slot, "cancelled", new InferenceAbortedError("the frame was cancelled while it ran"));
  }

  /** Kills a runner (its frame rejects with `error`) and starts another in its place. */
  private replace(slot: Slot, reason: RunnerReplacement, error: unknown, pauseMs = 0): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const running = slot.running;
    slot.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      running.waiting.detach();
      running.waiting.reject(error);
    }
    void this.kill(slot);
    this.options.onReplaced?.(reason, running?.waiting.job.plan.modelId);
    if (this.closed) {
      this.slots.splice(index, 1);
      return;
    }
    const spare = this.spare;
    if (spare?.ready && spare.child.connected) {
      // The standby takes the place now; a new standby starts behind it.
      this.spare = undefined;
      this.slots[index] = spare;
      this.activate(spare);
      this.ensureSpare(pauseMs);
      return;
    }
    const respawn = () => {
      if (this.closed || this.slots[index] !== slot) return;
      this.slots[index] = this.spawn().slot;
    };
    if (pauseMs) setTimeout(respawn, pauseMs).unref();
    else respawn();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot === this.spare) {
      this.spare = undefined;
      this.ensureSpare(RESPAWN_PAUSE_MS);
      return;
    }
    if (!this.slots.includes(slot)) return;
    // Died on its own (out of memory, a crash in native code): its frame may be retried elsewhere.
    const error = new Error(`the inference runner exited while running the frame (${signal ?? `exit code ${code}`})`);
    this.replace(slot, "crashed", error, slot.ready ? 0 : RESPAWN_PAUSE_MS);
  }

  private send(slot: Slot, message: ToRunner): void {
    if (slot.child.connected) slot.child.send(message);
  }

  private kill(slot: Slot): Promise<void> {
    const { child } = slot;
    child.removeAllListeners("message");
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }
}

/** A runner's failure as the error the frame consumer reads: bad frame codes, load failures, inference errors. */
function toError(failure: RunnerFailure): Error {
  switch (failure.stage) {
    case "decode":
      return new FrameDecodeError(failure.code, failure.message);
    case "load":
      return new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, failure.message);
    case "inference":
      return failure.code ? new FrameFailure(failure.code, failure.message) : new Error(failure.message);
  }
}
