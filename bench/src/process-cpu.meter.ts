// CPU time and memory of the processes a bench starts, read from Linux /proc: on a shared machine the CPU each
// process spent per frame is a steadier figure than frames/s, which swings with whatever else runs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

/** CPU seconds so far of a process (clock ticks of 10 ms), or 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** VmRSS in KB, or undefined once the process is gone. */
export function rssKb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function processIds(): number[] {
  if (!existsSync("/proc")) return [];
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** A process's children (the worker's runner processes: spawned through setpriv, which execs node in place). */
export function childPids(pid: number): number[] {
  return processIds()
    .filter((child) => {
      try {
        const stat = readFileSync(`/proc/${child}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .sort((a, b) => a - b);
}

/** Pids by command name (PostgreSQL backends, the NATS server): they share the machine with the stack. */
export function pidsNamed(comm: string): number[] {
  return processIds().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === comm;
    } catch {
      return false;
    }
  });
}

/**
 * CPU seconds per named group between now and the returned `stop`. A group's pids are listed again at `stop`, so
 * processes started meanwhile (a replaced runner) count from 0 and processes gone meanwhile are lost: keep it short.
 */
export function cpuMeter(groups: () => [string, number[]][]): () => [string, number][] {
  const read = () => new Map(groups().map(([name, pids]) => [name, new Map(pids.map((pid) => [pid, cpuSeconds(pid)]))]));
  const before = read();
  return () =>
    [...read()].map(([name, pids]): [string, number] => [
      name,
      [...pids].reduce((sum, [pid, s]) => sum + s - (before.get(name)?.get(pid) ?? 0), 0),
    ]);
}

/** The machine's 1, 5 and 15-minute load averages, printed beside every figure (a shared machine skews wall times). */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
}
