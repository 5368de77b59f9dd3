import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { hostCpus, ortThreadSettings } from "./ort-threads.settings.js";

describe("ortThreadSettings", () => {
  it("2 CPUs, 2 runners: one thread each, no spinning (the runners' threads fill the CPUs)", () => {
    assert.deepEqual(ortThreadSettings({ cores: 2, runners: 2 }), { intraOpNumThreads: 1, allowSpinning: false });
  });

  it("more CPUs than runners: one CPU is left to the rest, and the threads spin when they leave a CPU spare", () => {
    assert.deepEqual(ortThreadSettings({ cores: 2, runners: 1 }), { intraOpNumThreads: 1, allowSpinning: true });
    assert.deepEqual(ortThreadSettings({ cores: 8, runners: 1 }), { intraOpNumThreads: 7, allowSpinning: true });
    assert.deepEqual(ortThreadSettings({ cores: 8, runners: 2 }), { intraOpNumThreads: 3, allowSpinning: true });
    assert.deepEqual(ortThreadSettings({ cores: 1, runners: 2 }), { intraOpNumThreads: 1, allowSpinning: false });
  });

  it("explicit ORT_THREADS and ORT_ALLOW_SPINNING win; spinning follows explicit threads otherwise", () => {
    assert.deepEqual(ortThreadSettings({ cores: 2, runners: 2, threads: 2 }), { intraOpNumThreads: 2, allowSpinning: false });
    assert.deepEqual(ortThreadSettings({ cores: 2, runners: 2, allowSpinning: true }), { intraOpNumThreads: 1, allowSpinning: true });
    assert.deepEqual(ortThreadSettings({ cores: 16, runners: 2, threads: 4, allowSpinning: false }), {
      intraOpNumThreads: 4,
      allowSpinning: false,
    });
  });
});

describe("hostCpus", () => {
  const cpuMax = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "cpu-max-")), "cpu.max");
    writeFileSync(file, text);
    return file;
  };

  it("is the cgroup's CPU limit, rounded up, within the CPUs the process may use", () => {
    assert.equal(hostCpus(cpuMax("100000 100000\n")), 1);
    assert.equal(hostCpus(cpuMax("150000 100000\n")), Math.min(2, availableParallelism()));
    assert.equal(hostCpus(cpuMax("6400000 100000\n")), availableParallelism());
  });

  it("is the CPUs the process may use without a limit or a cgroup file", () => {
    assert.equal(hostCpus(cpuMax("max 100000\n")), availableParallelism());
    assert.equal(hostCpus(join(tmpdir(), "no-such-dir-for-cpu-max", "cpu.max")), availableParallelism());
  });
});
