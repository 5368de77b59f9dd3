import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

export interface OrtThreadSettings {
  /** onnxruntime intra-op threads of each runner's sessions. */
  readonly intraOpNumThreads: number;
  /** Whether those threads spin-wait for work between runs and operators. */
  readonly allowSpinning: boolean;
}

/**
 * Per-host onnxruntime settings for `runners` runner processes (WORKER_CONCURRENCY: each runs its own frame, at the
 * same time) on `cores` CPUs; explicit values (ORT_THREADS, ORT_ALLOW_SPINNING) win.
 *
 * Threads: the runners' threads together fill the cores, and when there are more cores than runners one core is
 * left to decoding, pre- and post-processing, NATS and the other processes on the host. On 2 cores with 2 runners
 * that is 1 thread each: two frames in parallel cost less CPU than one frame on 2 threads (measured 60–62 against
 * 70–130 CPU-ms per PP-OCR frame, the more the busier the host, as threads wait on each other; bench/README.md).
 *
 * Spinning: a spinning thread holds its core after each operator to catch the next one sooner; that pays only when
 * the threads have cores to themselves. When they share them (the runners' threads fill the cores), a spinning
 * thread burns the CPU another runner or process needs: off.
 */
export function ortThreadSettings(options: {
  readonly cores: number;
  readonly runners: number;
  readonly threads?: number;
  readonly allowSpinning?: boolean;
}): OrtThreadSettings {
  const cores = Math.max(1, Math.floor(options.cores));
  const runners = Math.max(1, options.runners);
  const usable = cores > runners ? cores - 1 : cores;
  const intraOpNumThreads = options.threads ?? Math.max(1, Math.floor(usable / runners));
  const allowSpinning = options.allowSpinning ?? intraOpNumThreads * runners < cores;
  return { intraOpNumThreads, allowSpinning };
}

/**
 * CPUs this process may use: the affinity mask (taskset, cpusets) and, in a container, the cgroup v2 CPU quota
 * (Kubernetes' CPU limit), rounded up; a 2-CPU pod on a 32-core node is 2.
 */
export function hostCpus(cpuMaxFile = "/sys/fs/cgroup/cpu.max"): number {
  const cpus = availableParallelism();
  let quota: string;
  try {
    quota = readFileSync(cpuMaxFile, "utf8");
  } catch {
    return cpus;
  }
  const [max, period] = quota.trim().split(/\s+/);
  const limit = Number(max) / Number(period);
  return max === "max" || !(limit > 0) ? cpus : Math.max(1, Math.min(cpus, Math.ceil(limit)));
}
