import type { ChildProcess } from "node:child_process";

/** What a dev stack process printed (stdout and stderr, in order) and how it ended, if it has. */
export interface Output {
  text: string;
  exited?: string;
}

/** Resolves with the first match of `pattern` in the output; rejects when the process ends or the time runs out first. */
export function waitFor(output: Output, child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.text.match(pattern);
      if (match) return finish(() => resolve(match));
      if (output.exited)
        finish(() => reject(new Error(`the dev stack ended (${output.exited}) before printing ${pattern}:\n${output.text}`)));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.text}`))), timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout!.off("data", check);
      child.off("exit", check);
      settle();
    };
    child.stdout!.on("data", check);
    child.on("exit", check);
    check();
  });
}
